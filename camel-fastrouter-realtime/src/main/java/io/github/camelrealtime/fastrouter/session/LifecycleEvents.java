package io.github.camelrealtime.fastrouter.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/** The component's own {@code connection.*} events, delivered to consumers like server events. */
public final class LifecycleEvents {

    public static final String OPENED = "connection.opened";
    public static final String RECONNECTING = "connection.reconnecting";
    public static final String RECONNECTED = "connection.reconnected";
    public static final String CLOSED = "connection.closed";

    private LifecycleEvents() {
    }

    public static boolean isLifecycle(String type) {
        return type != null && type.startsWith("connection.");
    }

    static RealtimeEvent create(String type, String sessionId, String dialect, Integer code, String reason) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("type", type);
        if (sessionId != null) {
            fields.put("session_id", sessionId);
        }
        if (dialect != null) {
            fields.put("dialect", dialect);
        }
        if (code != null) {
            fields.put("code", code);
        }
        if (reason != null) {
            fields.put("reason", reason);
        }
        return RealtimeEvent.of(type, fields);
    }
}
