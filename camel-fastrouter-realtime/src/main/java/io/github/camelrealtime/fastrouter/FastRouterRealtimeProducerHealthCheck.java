package io.github.camelrealtime.fastrouter;

import java.util.Map;

import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.SessionKey;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of a producer's session (registered when {@code healthCheckProducerEnabled} and Camel's producer checks are
 * on): UP while the session of its name is open, or before the first exchange opened it (producers open lazily); DOWN
 * with the state and the last problem when it exists and is not open, or when it ended for good (until the next
 * exchange opens a new one).
 */
final class FastRouterRealtimeProducerHealthCheck extends AbstractHealthCheck {

    private final FastRouterRealtimeEndpoint endpoint;

    FastRouterRealtimeProducerHealthCheck(FastRouterRealtimeEndpoint endpoint) {
        super("camel", "producer:fastrouter-realtime:" + endpoint.getSessionName());
        this.endpoint = endpoint;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("session.name", endpoint.getSessionName());
        SessionKey key = SessionKey.of(endpoint.getSessionName());
        RealtimeSession session = endpoint.getComponent().getRegistry().get(key);
        if (session == null) {
            String ending = endpoint.getComponent().getRegistry().ending(key);
            if (ending != null) {
                builder.message("The session ended: " + ending);
                builder.down();
            } else {
                builder.message("No session yet: it opens with the first exchange");
                builder.up();
            }
            return;
        }
        SessionHealth.report(builder, session);
    }
}
