package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.Collection;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A producer-only session has a readiness check too (healthCheckProducerEnabled, with Camel's producer checks on). */
class ProducerHealthTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        HealthCheckRegistry registry = new DefaultHealthCheckRegistry();
        registry.setCamelContext(context);
        HealthCheckRepository producers = (HealthCheckRepository) registry.resolveById("producers");
        producers.setEnabled(true); // Camel turns producer checks off unless asked (camel.health.producersEnabled=true)
        registry.register(producers);
        context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        RealtimeSimulator sim = SIM.simulator();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").to(uri(sim, "asked", "dialect=ga&outputModalities=text"));
            }
        };
    }

    private HealthCheck.Result readiness() {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(context);
        return results.stream().filter(r -> r.getCheck().getId().equals("producer:fastrouter-realtime:asked")).findFirst()
                .orElseThrow(() -> new AssertionError("no producer check among " + results.stream().map(r -> r.getCheck().getId()).toList()));
    }

    @Test
    void readinessIsUpBeforeTheFirstExchangeAndFollowsTheSessionAfter() throws Exception {
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(readiness().getMessage()).hasValueSatisfying(m -> assertThat(m).contains("opens with the first exchange"));

        assertThat(template.requestBody("direct:ask", "hello", String.class)).isEqualTo("echo: hello");
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(readiness().getDetails()).containsEntry("session.state", "open").containsEntry("session.dialect", "ga");

        RealtimeSimulator sim = SIM.simulator();
        sim.closeAfterEvents(0, 4000, "invalid_request_error.invalid_model");
        var failed = template.send("direct:ask", ExchangePattern.InOut, e -> e.getMessage().setBody("trigger"));
        assertThat(failed.getException()).isNotNull();
        assertThat(sim.awaitNoOpenConnections(Duration.ofSeconds(10))).isTrue();
        // closed for good: DOWN with the reason until an exchange opens a new session
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(readiness().getMessage()).hasValueSatisfying(m -> assertThat(m).contains("4000"));
        sim.reset();
        assertThat(template.requestBody("direct:ask", "again", String.class)).isEqualTo("echo: again");
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
    }
}
