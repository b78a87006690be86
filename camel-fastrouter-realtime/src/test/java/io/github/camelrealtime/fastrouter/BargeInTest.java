package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.session.RealtimeResponseException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The interrupt action against the simulator: truncate at min(played, generated), cancel only when the server will not. */
class BargeInTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false)
            .responseDelay(Duration.ofMillis(20)));

    private void interrupt(String uri, Long playedMs) {
        template.send(uri, e -> {
            e.getMessage().setHeader(FastRouterRealtimeConstants.ACTION, "interrupt");
            if (playedMs != null) {
                e.getMessage().setHeader(FastRouterRealtimeConstants.AUDIO_PLAYED_MS, playedMs);
            }
        });
    }

    /** Counts down when the session's first reply audio reaches a consumer: the reply is being played. */
    private CountDownLatch firstAudioOf(String uri) throws Exception {
        CountDownLatch firstAudio = new CountDownLatch(1);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&eventTypes=response.output_audio.delta").process(e -> firstAudio.countDown());
            }
        });
        return firstAudio;
    }

    @Test
    void afterAFinishedReplyTheItemIsTruncatedAtWhatWasPlayedAndNothingIsCancelled() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "played", "dialect=ga&turnDetection=none&replyFormat=audio");
        // "echo: hello" is 11 characters: 660 ms of tone
        byte[] reply = template.requestBody(uri, "hello", byte[].class);
        assertThat(reply).hasSize(660 * 48);

        interrupt(uri, 300L);

        assertThat(sim.awaitReceived("conversation.item.truncate", 1, Duration.ofSeconds(10))).isTrue();
        JsonNode truncate = sim.receivedEvents("conversation.item.truncate").get(0);
        assertThat(truncate.path("audio_end_ms").asLong()).isEqualTo(300);
        assertThat(truncate.path("content_index").asInt()).isZero();
        String assistantItem = sim.sentEvents("response.output_item.added").get(0).at("/item/id").asText();
        assertThat(truncate.path("item_id").asText()).isEqualTo(assistantItem);
        assertThat(sim.awaitSent("conversation.item.truncated", 1, Duration.ofSeconds(10))).isTrue();
        assertThat(sim.receivedEvents("response.cancel")).isEmpty();
        assertThat(sim.sentEvents("error")).isEmpty();
    }

    @Test
    void playedBeyondWhatWasGeneratedIsClampedAndASecondInterruptSendsNothing() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "clamp", "dialect=beta&turnDetection=none&replyFormat=audio&outputAudioFormat=g711_ulaw");
        byte[] reply = template.requestBody(uri, "hi", byte[].class);
        assertThat(reply).hasSize(480 * 8); // "echo: hi" = 8 characters = 480 ms of mu-law

        interrupt(uri, 60_000L);
        interrupt(uri, 100L);

        assertThat(sim.awaitSent("conversation.item.truncated", 1, Duration.ofSeconds(10))).isTrue();
        List<JsonNode> truncates = sim.receivedEvents("conversation.item.truncate");
        assertThat(truncates).hasSize(1);
        assertThat(truncates.get(0).path("audio_end_ms").asLong()).isEqualTo(480);
        assertThat(sim.sentEvents("error")).isEmpty();
    }

    @Test
    void interruptWithoutAnyAudioSendsNoTruncate() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "silent", "dialect=ga&turnDetection=none&outputModalities=text");
        assertThat(template.requestBody(uri, "text only", String.class)).isEqualTo("echo: text only");

        interrupt(uri, 500L);

        assertThat(template.requestBody(uri, "after", String.class)).isEqualTo("echo: after");
        assertThat(sim.receivedEvents("conversation.item.truncate")).isEmpty();
        assertThat(sim.receivedEvents("response.cancel")).isEmpty();
    }

    @Test
    void interruptDuringAReplyCancelsItWhenTheServerWillNot() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "midway", "dialect=ga&turnDetection=none&replyFormat=audio");
        CountDownLatch firstAudio = firstAudioOf(uri);
        CompletableFuture<byte[]> reply = template.asyncRequestBody(uri, "a rather long sentence to speak out loud", byte[].class);
        assertThat(firstAudio.await(20, TimeUnit.SECONDS)).isTrue();

        interrupt(uri, 40L);

        Throwable failure = catchThrowable(() -> reply.get(20, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class);
        Throwable cause = failure.getCause().getCause() != null ? failure.getCause().getCause() : failure.getCause();
        assertThat(cause).isInstanceOf(RealtimeResponseException.class);
        assertThat(((RealtimeResponseException) cause).getStatus()).isEqualTo("cancelled");
        assertThat(sim.awaitReceived("response.cancel", 1, Duration.ofSeconds(10))).isTrue();
        assertThat(sim.receivedEvents("response.cancel")).hasSize(1);
        assertThat(sim.awaitReceived("conversation.item.truncate", 1, Duration.ofSeconds(10))).isTrue();
        assertThat(sim.receivedEvents("conversation.item.truncate").get(0).path("audio_end_ms").asLong()).isEqualTo(40);
    }

    @Test
    void withServerVadAndInterruptResponseTheServerCancelsSoTheComponentDoesNot() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "vad", "dialect=ga&turnDetection=server_vad&interruptResponse=true&replyFormat=audio");
        CountDownLatch firstAudio = firstAudioOf(uri);
        CompletableFuture<Object> reply = template.asyncRequestBody(uri, "speak for a while please, at some length");
        assertThat(firstAudio.await(20, TimeUnit.SECONDS)).isTrue();

        interrupt(uri, 30L);

        assertThat(sim.awaitReceived("conversation.item.truncate", 1, Duration.ofSeconds(10))).isTrue();
        assertThat(sim.receivedEvents("response.cancel")).isEmpty();
        reply.get(30, TimeUnit.SECONDS);
    }
}
