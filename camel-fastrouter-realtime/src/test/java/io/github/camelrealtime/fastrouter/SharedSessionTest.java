package io.github.camelrealtime.fastrouter;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A producer and a consumer of one name share one session: one socket, and the consumer hears the producer's reply. */
class SharedSessionTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    @Override
    protected RouteBuilder createRouteBuilder() {
        RealtimeSimulator sim = SIM.simulator();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").to(uri(sim, "shared", "dialect=beta&outputModalities=text"));
                from(uri(sim, "shared", "dialect=beta&outputModalities=text&eventTypes=response.text.delta,response.done"))
                        .to("mock:heard");
                from(uri(sim, "shared", "dialect=beta&outputModalities=text&delivery=responses")).to("mock:responses");
            }
        };
    }

    @Test
    void producerAndConsumersShareOneSocket() throws Exception {
        MockEndpoint heard = getMockEndpoint("mock:heard");
        heard.expectedMinimumMessageCount(3);
        MockEndpoint responses = getMockEndpoint("mock:responses");
        responses.expectedBodiesReceived("echo: two words");

        String reply = template.requestBody("direct:ask", "two words", String.class);

        assertThat(reply).isEqualTo("echo: two words");
        MockEndpoint.assertIsSatisfied(context);
        var events = heard.getExchanges();
        var deltas = events.subList(0, events.size() - 1);
        assertThat(deltas).extracting(e -> e.getMessage().getHeader(FastRouterRealtimeConstants.EVENT_TYPE))
                .containsOnly("response.output_text.delta");
        assertThat(deltas).extracting(e -> e.getMessage().getHeader(FastRouterRealtimeConstants.WIRE_EVENT_TYPE))
                .containsOnly("response.text.delta");
        assertThat(events.get(events.size() - 1).getMessage().getHeader(FastRouterRealtimeConstants.EVENT_TYPE)).isEqualTo("response.done");
        assertThat(String.join("", deltas.stream().map(e -> e.getMessage().getBody(String.class)).toList())).isEqualTo("echo: two words");
        assertThat(responses.getExchanges().get(0).getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS))
                .isEqualTo("completed");
        assertThat(SIM.simulator().connectionCount()).isEqualTo(1);
    }
}
