package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.apache.camel.console.DevConsole;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumer's readiness check and the dev console: what they show, and that they never show the key. */
class ObservabilityTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // Camel Main and Spring Boot install the health registry; a bare context needs it by hand
        HealthCheckRegistry registry = new DefaultHealthCheckRegistry();
        registry.setCamelContext(context);
        registry.register(registry.resolveById("consumers"));
        context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        RealtimeSimulator sim = SIM.simulator();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(sim, "observed", "dialect=ga&outputModalities=text")).routeId("observed").to("mock:events");
            }
        };
    }

    private HealthCheck.Result readiness() {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(context);
        return results.stream().filter(r -> r.getCheck().getId().equals("consumer:observed")).findFirst()
                .orElseThrow(() -> new AssertionError("no consumer:observed among " + results.stream().map(r -> r.getCheck().getId()).toList()));
    }

    @Test
    void readinessFollowsTheSessionAndTheConsoleListsIt() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        assertThat(sim.awaitConnections(1, Duration.ofSeconds(10))).isTrue();
        assertThat(template.requestBody(uri(sim, "observed", "dialect=ga&outputModalities=text"), "count me", String.class))
                .isEqualTo("echo: count me");
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(readiness().getDetails()).containsEntry("session.state", "open").containsEntry("session.dialect", "ga");

        FastRouterRealtimeDevConsole console = new FastRouterRealtimeDevConsole();
        console.setCamelContext(context);
        String text = (String) console.call(DevConsole.MediaType.TEXT, Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON, Map.of());

        assertThat(text).contains("Session observed: open, dialect ga").contains("responses 1");
        assertThat(text).doesNotContain(RealtimeSimulator.DEFAULT_API_KEY);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sessions = (List<Map<String, Object>>) json.get("sessions");
        assertThat(sessions).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("name", "observed").containsEntry("state", "open").containsEntry("responses", 1L);
            assertThat((Long) s.get("totalTokens")).isPositive();
            assertThat(s.toString()).doesNotContain(RealtimeSimulator.DEFAULT_API_KEY);
        });

        // the server goes away for good (close 4000 is not retried): readiness goes DOWN with the reason
        sim.closeAfterEvents(0, 4000, "invalid_request_error.invalid_model");
        var failed = template.send(uri(sim, "observed", "dialect=ga&outputModalities=text"), org.apache.camel.ExchangePattern.InOut,
                e -> e.getMessage().setBody("trigger"));
        assertThat(failed.getException()).isNotNull();
        assertThat(sim.awaitNoOpenConnections(Duration.ofSeconds(10))).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (readiness().getState() == HealthCheck.State.UP && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(readiness().getMessage()).hasValueSatisfying(m -> assertThat(m).contains("4000"));
    }
}
