package io.github.camelrealtime.fastrouter;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** New server event types and unknown fields pass through intact and never break the receive loop. */
class UnknownEventTypesTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    @Test
    void unknownTypesAndFieldsReachTheConsumerAndTheLoopGoesOn() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String unknown = "{\"type\":\"response.hologram.delta\",\"event_id\":\"event_x1\",\"response_id\":\"resp_1\","
                         + "\"hologram\":{\"frames\":[1,2,3]},\"obfuscation\":\"abc\"}";
        sim.replayOnConnect(List.of(
                "{\"type\":\"session.created\",\"event_id\":\"event_a\",\"session\":{\"id\":\"sess_1\",\"type\":\"realtime\"}}",
                unknown,
                "{\"type\":\"not even.close\",\"event_id\":\"event_x2\"}",
                "{\"type\":\"response.output_text.delta\",\"event_id\":\"event_b\",\"response_id\":\"resp_1\",\"delta\":\"still here\","
                + "\"obfuscation\":\"zz\",\"brand_new_field\":42}",
                "[1,2,3]",
                "{\"no_type\":true}",
                "{\"type\":\"rate_limits.updated\",\"event_id\":\"event_c\",\"rate_limits\":[]}"));
        MockEndpoint mock = getMockEndpoint("mock:events");
        mock.expectedMessageCount(5);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(sim, "unknown", "dialect=ga&reconnect=false"))
                        .filter(header(FastRouterRealtimeConstants.EVENT_TYPE).not().startsWith("connection."))
                        .to("mock:events");
            }
        });
        mock.setResultWaitTime(20_000);
        mock.assertIsSatisfied();

        var exchanges = mock.getExchanges();
        assertThat(exchanges).extracting(e -> e.getMessage().getHeader(FastRouterRealtimeConstants.EVENT_TYPE))
                .containsExactly("session.created", "response.hologram.delta", "not even.close", "response.output_text.delta",
                        "rate_limits.updated");
        RealtimeEvent event = exchanges.get(1).getMessage().getBody(RealtimeEvent.class);
        assertThat(event).isNotNull();
        assertThat(event.fields()).isEqualTo(new ObjectMapper().readTree(unknown));
        assertThat(exchanges.get(1).getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_ID)).isEqualTo("resp_1");
        assertThat(exchanges.get(3).getMessage().getBody()).isEqualTo("still here");
        assertThat(context.getTypeConverter().convertTo(java.util.Map.class, event)).containsKey("hologram");
    }
}
