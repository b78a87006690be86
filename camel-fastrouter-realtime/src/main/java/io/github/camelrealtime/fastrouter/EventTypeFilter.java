package io.github.camelrealtime.fastrouter;

import java.util.HashSet;
import java.util.Set;

import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.session.LifecycleEvents;

/** The consumer's {@code eventTypes} option: which canonical types to deliver; names of either dialect are accepted. */
final class EventTypeFilter {

    private static final EventTypeFilter ALL = new EventTypeFilter(null);

    private final Set<String> canonicalTypes;

    private EventTypeFilter(Set<String> canonicalTypes) {
        this.canonicalTypes = canonicalTypes;
    }

    static EventTypeFilter parse(String option) {
        if (option == null || option.isBlank()) {
            return ALL;
        }
        Set<String> types = new HashSet<>();
        for (String raw : option.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            // types newer than the catalog are allowed (they pass through like any event), but they still look like types
            if (!EventTypes.isServerType(name) && !LifecycleEvents.isLifecycle(name) && !name.contains(".")) {
                throw new IllegalArgumentException("eventTypes: '" + name + "' is not a server event type of either dialect "
                                                   + "nor a connection.* lifecycle event");
            }
            types.addAll(EventTypes.canonicalTypesFor(name));
        }
        return new EventTypeFilter(Set.copyOf(types));
    }

    boolean accepts(String canonicalType) {
        return canonicalTypes == null || canonicalTypes.contains(canonicalType);
    }
}
