package io.github.camelrealtime.fastrouter;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** dialect=auto against a GA-only server: the beta attempt is refused, the session reconnects as GA, and remembers. */
class AutoDialectTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.gaOnly(true));

    @Test
    void autoSwitchesToGaOnceAndRemembersIt() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "auto", "dialect=auto&outputModalities=text");

        Exchange reply = template.request(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody("hello GA");
        });

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getBody(String.class)).isEqualTo("echo: hello GA");
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.DIALECT)).isEqualTo("ga");
        assertThat(sim.connectionCount()).isEqualTo(2);
        assertThat(sim.connections().get(0).dialect()).isEqualTo("beta");
        assertThat(sim.connections().get(0).closeCode()).isEqualTo(4000);
        assertThat(sim.connections().get(1).dialect()).isEqualTo("ga");

        // a keyed session of the same endpoint goes straight to GA
        assertThat(template.requestBodyAndHeader(uri, "again", FastRouterRealtimeConstants.SESSION_KEY, "k1")).isEqualTo("echo: again");
        assertThat(sim.connectionCount()).isEqualTo(3);
        assertThat(sim.connections().get(2).dialect()).isEqualTo("ga");
    }

    @Test
    void explicitBetaAgainstGaOnlyFailsClearly() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "beta-only", "dialect=beta&outputModalities=text");

        Exchange reply = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("hello"));

        assertThat(reply.getException()).isNotNull();
        assertThat(reply.getException().getMessage()).contains("4000").contains("beta_api_shape_disabled");
        assertThat(sim.connectionCount()).isEqualTo(1);
    }
}
