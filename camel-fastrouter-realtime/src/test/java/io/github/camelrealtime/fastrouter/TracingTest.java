package io.github.camelrealtime.fastrouter;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** An exchange's W3C traceparent goes on the handshake of the session it opens and into its responses' metadata. */
class TracingTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void theTraceparentReachesTheHandshakeAndTheResponseMetadata() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "traced", "dialect=ga&outputModalities=text");
        String reply = template.requestBodyAndHeaders(uri, "hello", java.util.Map.of(
                "traceparent", TRACEPARENT, FastRouterRealtimeConstants.SESSION_KEY, "call-1"), String.class);
        assertThat(reply).isEqualTo("echo: hello");
        assertThat(sim.lastConnection().header("traceparent")).isEqualTo(TRACEPARENT);
        JsonNode create = sim.receivedEvents("response.create").get(0);
        assertThat(create.at("/response/metadata/traceparent").asText()).isEqualTo(TRACEPARENT);
        assertThat(create.at("/response/metadata/camel_request").asText()).isNotEmpty();
    }

    @Test
    void withoutATraceparentNothingIsAdded() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "untraced", "dialect=ga&outputModalities=text");
        assertThat(template.requestBodyAndHeader(uri, "hello", "traceparent", "not-a-traceparent", String.class)).isEqualTo("echo: hello");
        assertThat(sim.lastConnection().header("traceparent")).isNull();
        assertThat(sim.receivedEvents("response.create").get(0).at("/response/metadata").has("traceparent")).isFalse();
    }
}
