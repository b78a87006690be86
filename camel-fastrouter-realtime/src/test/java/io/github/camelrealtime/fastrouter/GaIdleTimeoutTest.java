package io.github.camelrealtime.fastrouter;

import java.time.Duration;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** vadIdleTimeoutMs: the simulator's idle timeout fires after a reply and the event reaches the consumer. */
class GaIdleTimeoutTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private static String idleUri(RealtimeSimulator sim) {
        return uri(sim, "idle", "dialect=ga&outputModalities=text&turnDetection=server_vad&vadIdleTimeoutMs=300");
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        RealtimeSimulator sim = SIM.simulator();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(idleUri(sim) + "&eventTypes=input_audio_buffer.timeout_triggered").routeId("idle").to("mock:idle");
            }
        };
    }

    @Test
    void idleTimeoutFiresInTheSimulatorAndReachesTheConsumer() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        MockEndpoint idle = getMockEndpoint("mock:idle");
        idle.expectedMinimumMessageCount(1);

        assertThat(template.requestBody(idleUri(sim), "hello?", String.class)).isEqualTo("echo: hello?");

        idle.assertIsSatisfied(10_000);
        Exchange fired = idle.getReceivedExchanges().get(0);
        assertThat(fired.getMessage().getHeader(FastRouterRealtimeConstants.EVENT_TYPE))
                .isEqualTo("input_audio_buffer.timeout_triggered");
        assertThat(fired.getMessage().getBody(String.class)).contains("audio_end_ms");
        assertThat(sim.receivedEvents("session.update").get(0).at("/session/audio/input/turn_detection/idle_timeout_ms").asInt())
                .isEqualTo(300);
        // the server answered the silence with a response of its own
        assertThat(sim.awaitSent("response.done", 2, Duration.ofSeconds(10))).isTrue();
    }

}
