package io.github.camelrealtime.fastrouter;

import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import org.apache.camel.health.HealthCheckResultBuilder;

/** What the component's health checks say about one session: its state, dialect and id, and the last problem. */
final class SessionHealth {

    private SessionHealth() {
    }

    /** Whether camel-health (optional) is on the classpath, so checks can be made at all. */
    static boolean available() {
        try {
            Class.forName("org.apache.camel.impl.health.AbstractHealthCheck", false, SessionHealth.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** UP while the session is open, DOWN (with the state and the last problem) otherwise. */
    static void report(HealthCheckResultBuilder builder, RealtimeSession session) {
        builder.detail("session.state", session.stateName());
        builder.detail("session.dialect", session.dialect().wireName());
        if (session.serverSessionId() != null) {
            builder.detail("session.id", session.serverSessionId());
        }
        if (session.isOpen()) {
            builder.up();
        } else {
            if (session.lastProblem() != null) {
                builder.message(session.lastProblem());
            }
            builder.down();
        }
    }
}
