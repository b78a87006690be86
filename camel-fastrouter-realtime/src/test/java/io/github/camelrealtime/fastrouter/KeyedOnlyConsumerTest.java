package io.github.camelrealtime.fastrouter;

import java.time.Duration;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A consumer with openDefaultSession=false holds no socket of its own and still hears every keyed session. */
class KeyedOnlyConsumerTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private String uri() {
        return uri(SIM.simulator(), "calls", "dialect=ga&outputModalities=text");
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri() + "&delivery=responses&openDefaultSession=false").to("mock:answers");
            }
        };
    }

    @Test
    void noIdleSocketAndTheKeyedSessionsAreHeard() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        Thread.sleep(300);
        assertThat(sim.connectionCount()).isZero();

        getMockEndpoint("mock:answers").expectedMessageCount(2);
        getMockEndpoint("mock:answers").expectedHeaderValuesReceivedInAnyOrder(FastRouterRealtimeConstants.SESSION_KEY, "call-1", "call-2");
        template.requestBodyAndHeader(uri(), "one", FastRouterRealtimeConstants.SESSION_KEY, "call-1", String.class);
        template.requestBodyAndHeader(uri(), "two", FastRouterRealtimeConstants.SESSION_KEY, "call-2", String.class);
        getMockEndpoint("mock:answers").assertIsSatisfied(Duration.ofSeconds(10).toMillis());
        assertThat(sim.connectionCount()).isEqualTo(2);
    }
}
