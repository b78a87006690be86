package io.github.camelrealtime.examples.kafkapipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's scenario on the in-process KRaft broker and the simulator: two instances in one consumer group (one on the
 * YAML routes, one on the Java DSL routes), three interleaved real-time calls, the busier instance stopped mid-call.
 */
class KafkaPipelineFailoverTest {

    @Test
    @Timeout(value = 55)
    void callsMoveToTheOtherInstanceAndKeepGettingAnswers() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        KafkaPipelineDemo.Result result = KafkaPipelineDemo.run(PipelineSettings.embedded(), out);
        String printed = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        System.out.println("took " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");

        assertThat(result.overlaps()).as("frames of one call handled by two instances at once").isEmpty();
        assertThat(result.calls()).hasSize(3);
        for (KafkaPipelineDemo.CallResult call : result.calls()) {
            assertThat(call.answersAfterMoveFrom(result.survivor(), result.moveAt()))
                    .as(call.call() + ": answers from " + result.survivor() + " after the move\n" + printed)
                    .isGreaterThanOrEqualTo(call.utterancesAfterMove());
            assertThat(call.utterancesAfterMove()).as(call.call() + " went on after the move").isPositive();
            assertThat(call.servedBy()).as(call.call()).last().isEqualTo(result.survivor());
            assertThat(call.transcripts()).as(call.call()).hasSameSizeAs(call.answers())
                    .allSatisfy(t -> assertThat(t).startsWith("[simulated transcript of "));
            assertThat(call.answers()).allSatisfy(a -> assertThat(a.audioBytes()).isPositive());
        }
        // the stopped instance served at least one call, and those calls moved
        assertThat(result.calls()).anySatisfy(c -> assertThat(c.servedBy()).containsExactly(result.stopped(), result.survivor()));
        // its revocation closed the sessions of its calls at once
        assertThat(result.revocations()).anySatisfy(r -> assertThat(r).startsWith(result.stopped() + ": partitions").contains("call-"));
        // CallEnded=true closed every call's session, and the consumers hold no socket of their own
        assertThat(result.openSessionsAfterCalls()).isZero();
        assertThat(result.ok()).isTrue();
    }
}
