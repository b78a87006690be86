package io.github.camelrealtime.fastrouter;

import java.util.Map;

import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.SessionKey;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness of a consumer: UP while its session is open, DOWN (with the state and last problem) otherwise. */
final class FastRouterRealtimeConsumerHealthCheck extends AbstractHealthCheck {

    private final FastRouterRealtimeConsumer consumer;

    FastRouterRealtimeConsumerHealthCheck(FastRouterRealtimeConsumer consumer, String routeId) {
        super("camel", "consumer:" + routeId);
        this.consumer = consumer;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        FastRouterRealtimeEndpoint endpoint = consumer.getEndpoint();
        builder.detail("session.name", endpoint.getSessionName());
        if (!endpoint.getConfiguration().isOpenDefaultSession()) {
            // keyed sessions only: they come and go with calls; the consumer itself is ready while it runs
            long open = endpoint.getComponent().getRegistry().sessionsNamed(endpoint.getSessionName()).stream()
                    .filter(RealtimeSession::isOpen).count();
            builder.detail("sessions.open", open);
            builder.up();
            return;
        }
        RealtimeSession live = endpoint.getComponent().getRegistry().get(SessionKey.of(endpoint.getSessionName()));
        RealtimeSession session = live != null ? live : consumer.session();
        if (session == null) {
            builder.message("No live session for " + endpoint.getSessionName());
            builder.down();
            return;
        }
        SessionHealth.report(builder, session);
    }
}
