package io.github.camelrealtime.fastrouter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.session.RealtimeServerErrorException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** One response at a time per conversation, each exchange its own reply; out-of-band responses in parallel; errors by event_id. */
class TurnsAndOutOfBandTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false)
            .responseDelay(java.time.Duration.ofMillis(2)));

    @Test
    void twentyConcurrentInOutExchangesEachGetTheirOwnReply() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "busy", "dialect=ga&outputModalities=text");
        List<CompletableFuture<Object>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            replies.add(template.asyncRequestBody(uri, "question number " + i));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(replies.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("echo: question number " + i);
        }
        assertThat(sim.awaitReceived("response.create", 20, java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(sim.sentEvents("error")).isEmpty();
        assertThat(sim.receivedEvents("response.create")).hasSize(20);
        assertThat(sim.connectionCount()).isEqualTo(1);
    }

    @Test
    void outOfBandResponsesRunInParallelAndEachGetsItsOwnReply() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "oob", "dialect=ga&outputModalities=text");
        assertThat(template.requestBody(uri, "in the conversation", String.class)).isEqualTo("echo: in the conversation");

        List<CompletableFuture<Object>> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(template.asyncRequestBodyAndHeaders(uri, "side question " + i,
                    Map.of(FastRouterRealtimeConstants.OUT_OF_BAND, true)));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(replies.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("echo: side question " + i);
        }
        assertThat(sim.awaitReceived("response.create", 6, java.time.Duration.ofSeconds(10))).isTrue();
        List<JsonNode> creates = sim.receivedEvents("response.create");
        assertThat(creates).hasSize(6);
        assertThat(creates.subList(1, 6)).allSatisfy(c -> {
            assertThat(c.at("/response/conversation").asText()).isEqualTo("none");
            assertThat(c.at("/response/metadata/camel_request").asText()).isNotEmpty();
            assertThat(c.at("/response/input/0/content/0/text").asText()).startsWith("side question");
        });
        assertThat(creates.stream().map(c -> c.at("/response/metadata/camel_request").asText()).distinct()).hasSize(6);
        assertThat(sim.sentEvents("response.done")).filteredOn(d -> d.at("/response/conversation_id").isNull()).hasSize(5);
        assertThat(sim.sentEvents("error")).isEmpty();
    }

    @Test
    void aServerErrorFailsTheExchangeWhoseEventCausedIt() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "errors", "dialect=ga&outputModalities=text&turnDetection=none");

        // commit with an empty buffer: the server answers input_audio_buffer_commit_empty with the commit's event_id
        Exchange result = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setHeader(FastRouterRealtimeConstants.ACTION, "commit"));

        assertThat(result.getException()).isInstanceOf(RealtimeServerErrorException.class);
        RealtimeServerErrorException error = (RealtimeServerErrorException) result.getException();
        assertThat(error.getErrorCode()).isEqualTo("input_audio_buffer_commit_empty");
        assertThat(error.getErrorType()).isEqualTo("invalid_request_error");
        assertThat(error.getServerMessage()).contains("buffer too small");
        assertThat(sim.awaitReceived("input_audio_buffer.commit", 1, java.time.Duration.ofSeconds(10))).isTrue();
        String commitEventId = sim.receivedEvents("input_audio_buffer.commit").get(0).path("event_id").asText();
        assertThat(error.getEventId()).isEqualTo(commitEventId);
        // the neighbour gets its own answer, not the orphaned response of the failed turn
        assertThat(template.requestBody(uri, "next one", String.class)).isEqualTo("echo: next one");
    }
}
