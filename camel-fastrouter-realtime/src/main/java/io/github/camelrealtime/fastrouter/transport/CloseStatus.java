package io.github.camelrealtime.fastrouter.transport;

import java.net.ProtocolException;

/**
 * How a {@link RealtimeConnection} ended: the close code and reason the server sent, or 1006 with the failure when the
 * TCP connection dropped or the client aborted. {@link #retryable()} says whether opening a new connection is worth it
 * (PROTOCOL.md §3: reconnect only after 1001, 1005, 1006, server errors and transport failures).
 *
 * @param code   the WebSocket close code (1006 when there was no close frame)
 * @param reason the close reason, never null (empty when none was given)
 * @param cause  the failure behind the close, or null for an orderly close
 */
public record CloseStatus(int code, String reason, Throwable cause) {

    public static final int NORMAL_CLOSURE = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int ABNORMAL_CLOSURE = 1006;
    public static final int AUTHENTICATION_FAILED = 3000;
    public static final int REQUEST_REJECTED = 4000;

    public CloseStatus {
        reason = reason == null ? "" : reason;
    }

    /**
     * 1002 for a received frame our JDK client rejected (it has already sent the close). The JDK's exception has no
     * message; its cause says what was wrong, e.g. "Invalid UTF-8 in frame TEXT".
     */
    static CloseStatus frameRejected(ProtocolException error) {
        String what = null;
        for (Throwable t = error.getCause(); t != null && what == null && t != t.getCause(); t = t.getCause()) {
            what = t.getMessage();
        }
        return new CloseStatus(1002, "protocol error: " + (what != null ? what : "a received frame was rejected"), error);
    }

    /** What the code means; see {@link CloseKind#of(int)}. */
    public CloseKind kind() {
        return CloseKind.of(code);
    }

    /**
     * True when a new connection may succeed: 1001, 1005, 1006 (transport failures), 1011 to 1014, and a 1002 our own
     * client raised on a received frame ({@link ProtocolException} as cause): the JDK 17 client at times fails
     * intact frames that arrived with the handshake response (docs/transport.md), and a fresh connection reads them
     * whole. A server that really breaks the protocol fails again, and the reconnect limits end it.
     */
    public boolean retryable() {
        return switch (code) {
            case 1001, 1005, 1006, 1011, 1012, 1013, 1014 -> true;
            case 1002 -> cause instanceof ProtocolException;
            default -> false;
        };
    }

    /** A one-line description for logs and exception messages, e.g. {@code 4000 REQUEST_REJECTED "invalid_model"}. */
    public String describe() {
        StringBuilder text = new StringBuilder().append(code).append(' ').append(kind());
        if (!reason.isEmpty()) {
            text.append(" \"").append(reason).append('"');
        }
        if (cause != null) {
            text.append(" (").append(cause).append(')');
        }
        return text.toString();
    }
}
