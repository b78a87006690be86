package io.github.camelrealtime.examples.quarkus;

import java.util.Collection;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Camel's readiness checks (among them each {@code fastrouter-realtime} consumer's {@code consumer:<routeId>}, with
 * its session's state) as one SmallRye Health check, {@code camel-readiness-checks}, in {@code /q/health/ready}.
 * With {@code camel-quarkus-microprofile-health} on the class path this class is not needed: that extension reports
 * the same checks under the same name (it is not served by this repository's Maven mirror at 3.33.1).
 */
@Readiness
@ApplicationScoped
public class CamelReadiness implements org.eclipse.microprofile.health.HealthCheck {

    @Inject
    CamelContext camel;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("camel-readiness-checks").up();
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(camel);
        for (HealthCheck.Result result : results) {
            String id = result.getCheck().getId();
            response.withData(id, result.getState().name());
            if (result.getState() != HealthCheck.State.UP) {
                response.down();
            }
            for (Map.Entry<String, Object> detail : result.getDetails().entrySet()) {
                if (detail.getKey().startsWith("session.") && detail.getValue() != null) {
                    response.withData(id + "." + detail.getKey(), String.valueOf(detail.getValue()));
                }
            }
            result.getMessage().ifPresent(message -> response.withData(id + ".message", message));
        }
        return response.build();
    }
}
