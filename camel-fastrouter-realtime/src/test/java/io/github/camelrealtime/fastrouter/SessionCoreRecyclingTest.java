package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.WavFiles;
import io.github.camelrealtime.fastrouter.session.RealtimeResponseTimeoutException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, findings 5 and 9: a timed-out running turn leaves nothing behind, so recycling still happens; recycling
 * waits for a quiet moment (not mid-utterance of an InOnly stream, not while an exchange waits for its reply).
 */
class SessionCoreRecyclingTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    /** Finding 5: the hung response is cancelled at the timeout and the socket is recycled afterwards. */
    @Test
    void aTimedOutRunningTurnLeavesNothingBehindAndTheSocketIsRecycled() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "hung", "dialect=ga&outputModalities=text&responseTimeout=1s&maxSessionDuration=2s"
                                          + "&reconnectInitialDelay=50ms");
        recordLifecycle(uri);
        sim.hangNextResponses(1);

        Exchange timedOut = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("never done"));
        assertThat(timedOut.getException()).isInstanceOf(RealtimeResponseTimeoutException.class);
        assertThat(sim.awaitReceived("response.cancel", 1, WAIT)).isTrue();

        awaitLifecycle("connection.reconnected");
        assertThat(sim.connectionCount()).isEqualTo(2);
        assertThat(sim.connections().get(0).closedBy()).isEqualTo("client");
        assertThat(sim.connections().get(0).closeCode()).isEqualTo(1000);
        assertThat(template.requestBody(uri, "after", String.class)).isEqualTo("echo: after");
    }

    /** Finding 9: a paced InOnly stream with speech is not cut by a recycle; the recycle follows its reply. */
    @Test
    void anInOnlyStreamMidUtteranceIsNotRecycled() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "talking", "dialect=ga&turnDetection=server_vad&vadSilenceDurationMs=500&paceRealtime=true"
                                             + "&chunkMillis=100&maxSessionDuration=1s&reconnectInitialDelay=50ms&responseTimeout=20s");
        recordLifecycle(uri);
        awaitLifecycle("connection.opened");
        byte[] speech = VadStreamingTest.speechPcm16();
        byte[] utterance = Arrays.copyOf(speech, speech.length + AudioFormat.PCM16.bytesForMillis(1000));

        // the first socket is idle and recycled at 1 s; the stream starts on the second one at once and lasts about 3 s,
        // so that one is due for recycling in mid-utterance
        awaitLifecycle("connection.reconnected");
        lifecycle.clear();
        CompletableFuture<Exchange> stream = template.asyncSend(uri, e -> {
            e.setPattern(ExchangePattern.InOnly);
            e.getMessage().setBody(WavFiles.toWav(utterance, AudioFormat.PCM16));
        });
        Exchange sent = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(sent.getException()).isNull();
        assertThat(sim.awaitSent("response.done", 1, WAIT)).isTrue();
        awaitLifecycle("connection.reconnected");

        // on a busy machine the stream may start on a later socket than planned: find the one that took it
        var streamed = sim.connections().stream().filter(c -> !c.received("input_audio_buffer.append").isEmpty()).toList();
        assertThat(streamed).as("one socket took the whole stream (a recycle mid-stream would split it)").hasSize(1);
        var first = streamed.get(0);
        assertThat(first.received("input_audio_buffer.append")).as("every append on that socket")
                .hasSize(sim.receivedEvents("input_audio_buffer.append").size());
        assertThat(first.sent("input_audio_buffer.speech_stopped")).hasSize(1);
        assertThat(first.sent("response.done")).as("the utterance's reply came on that socket").hasSize(1);
        assertThat(first.sent("response.done").get(0).at("/response/status").asText()).isEqualTo("completed");
        assertThat(first.closedBy()).as("recycled by the client once the utterance was answered").isEqualTo("client");
        assertThat(sim.lastConnection()).as("a fresh socket after the recycle").isNotSameAs(first);
    }

    /** Finding 9: an InOut exchange waiting for a slow reply is not cut by a recycle; the recycle follows it. */
    @Test
    void anExchangeWaitingForItsReplyIsNotRecycled() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "slow", "dialect=ga&outputModalities=text&maxSessionDuration=1s&reconnectInitialDelay=50ms"
                                          + "&responseTimeout=20s");
        recordLifecycle(uri);
        awaitLifecycle("connection.opened");
        sim.setResponseDelay(Duration.ofMillis(300));

        long started = System.nanoTime();
        assertThat(template.requestBody(uri, "take your time", String.class)).isEqualTo("echo: take your time");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the reply outlived maxSessionDuration")
                .isGreaterThan(Duration.ofSeconds(1));
        assertThat(sim.connections().get(0).sent("response.done")).hasSize(1);
        sim.setResponseDelay(Duration.ZERO);

        awaitLifecycle("connection.reconnected");
        assertThat(sim.connectionCount()).isEqualTo(2);
        assertThat(template.requestBody(uri, "fresh", String.class)).isEqualTo("echo: fresh");
    }
}
