package io.github.camelrealtime.fastrouter;

import io.github.camelrealtime.fastrouter.session.SessionMetrics;
import io.github.camelrealtime.fastrouter.session.SessionRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session metrics plus what only the Camel face sees (events a consumer filtered). {@link #find} binds them to a
 * Micrometer {@code MeterRegistry} from the Camel registry when Micrometer (optional) is on the classpath; otherwise
 * nothing is recorded.
 */
interface ComponentMetrics extends SessionMetrics {

    ComponentMetrics NONE = new ComponentMetrics() {
    };

    /** A consumer delivered a server event to its route, or its {@code eventTypes} filtered it out. */
    default void event(String name, boolean delivered) {
    }

    static ComponentMetrics find(CamelContext context, SessionRegistry sessions) {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, ComponentMetrics.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return NONE;
        }
        return MicrometerBinding.bind(context, sessions);
    }

    /** Touches Micrometer types; loaded only once Micrometer is known to be there. */
    final class MicrometerBinding {
        private static final Logger LOG = LoggerFactory.getLogger(ComponentMetrics.class);

        private MicrometerBinding() {
        }

        static ComponentMetrics bind(CamelContext context, SessionRegistry sessions) {
            io.micrometer.core.instrument.MeterRegistry registry =
                    context.getRegistry().findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
            if (registry == null) {
                return NONE;
            }
            LOG.debug("fastrouter-realtime metrics go to {}", registry.getClass().getSimpleName());
            return new MicrometerMetrics(registry, sessions);
        }
    }
}
