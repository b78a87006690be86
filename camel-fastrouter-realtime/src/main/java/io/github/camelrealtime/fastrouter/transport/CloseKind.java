package io.github.camelrealtime.fastrouter.transport;

/**
 * What a WebSocket close code means for the Realtime client, independent of who closed the connection. The mapping
 * follows RFC 6455 §7.4 and the Realtime server's own codes (3000 authentication, 4000 request rejected); whether a
 * close is worth a reconnect is {@link CloseStatus#retryable()}.
 */
public enum CloseKind {
    /** 1000: the session ended normally. */
    NORMAL,
    /** 1001: the server is going away, e.g. the session hit its maximum duration. */
    GOING_AWAY,
    /** 1005 and 1006: closed without a status explaining why (no code in the close frame, or no close frame at all). */
    ABNORMAL,
    /** 1009: a message was larger than the receiver accepts. */
    MESSAGE_TOO_BIG,
    /** 1002, 1003, 1007, 1010: one side broke the WebSocket protocol or sent data the other cannot accept. */
    PROTOCOL_ERROR,
    /** 3000: the server rejected the credentials (e.g. {@code invalid_request_error.invalid_api_key}). */
    AUTHENTICATION,
    /** 4000 and 1008: the server rejected the request (API shape, model, policy). */
    REQUEST_REJECTED,
    /** 1011 to 1014: the server failed, is restarting, is overloaded or its upstream failed. */
    SERVER_ERROR,
    /** Any other code. */
    OTHER;

    /** The kind of the given close code. */
    public static CloseKind of(int code) {
        return switch (code) {
            case 1000 -> NORMAL;
            case 1001 -> GOING_AWAY;
            case 1005, 1006 -> ABNORMAL;
            case 1009 -> MESSAGE_TOO_BIG;
            case 1002, 1003, 1007, 1010 -> PROTOCOL_ERROR;
            case 3000 -> AUTHENTICATION;
            case 1008, 4000 -> REQUEST_REJECTED;
            case 1011, 1012, 1013, 1014 -> SERVER_ERROR;
            default -> OTHER;
        };
    }
}
