package io.github.camelrealtime.fastrouter.transport;

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

    /** What the code means; see {@link CloseKind#of(int)}. */
    public CloseKind kind() {
        return CloseKind.of(code);
    }

    /** True when a new connection may succeed: 1001, 1005, 1006 (transport failures) and 1011 to 1014. */
    public boolean retryable() {
        return switch (code) {
            case 1001, 1005, 1006, 1011, 1012, 1013, 1014 -> true;
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
