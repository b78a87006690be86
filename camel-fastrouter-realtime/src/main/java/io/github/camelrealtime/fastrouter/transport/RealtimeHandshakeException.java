package io.github.camelrealtime.fastrouter.transport;

import java.io.IOException;
import java.time.Duration;

/**
 * The server refused the WebSocket upgrade. Carries the HTTP status and the fields of the server's JSON error body
 * ({@code {"error":{"message","type","code"}}}); for a body that is not such JSON, {@link #serverMessage()} holds the
 * start of the body text. Credentials never appear in the message. 408, 429 and 5xx are worth retrying with backoff;
 * 400/401/402/403 are not (PROTOCOL.md §1).
 */
public final class RealtimeHandshakeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String errorType;
    private final String errorCode;
    private final String serverMessage;
    private final Duration retryAfter;

    /**
     * @param statusCode    the HTTP status of the response to the upgrade request
     * @param errorType     {@code error.type} of the body, or null
     * @param errorCode     {@code error.code} of the body, or null
     * @param serverMessage {@code error.message} of the body (or the start of a non-JSON body), or null
     * @param retryAfter    the {@code Retry-After} delay the server asked for, or null
     * @param target        where the handshake went, already redacted (see {@link RealtimeUris#redact})
     * @param cause         the underlying failure, or null
     */
    public RealtimeHandshakeException(int statusCode, String errorType, String errorCode, String serverMessage,
                                      Duration retryAfter, String target, Throwable cause) {
        super(describe(statusCode, errorType, errorCode, serverMessage, target), cause);
        this.statusCode = statusCode;
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage;
        this.retryAfter = retryAfter;
    }

    private static String describe(int statusCode, String errorType, String errorCode, String serverMessage,
                                   String target) {
        StringBuilder text = new StringBuilder("WebSocket handshake");
        if (target != null) {
            text.append(" with ").append(target);
        }
        text.append(" failed: ");
        text.append(statusCode == 101 ? "invalid upgrade response (HTTP 101)" : "HTTP " + statusCode);
        if (serverMessage != null && !serverMessage.isBlank()) {
            text.append(": ").append(serverMessage);
        }
        if (errorType != null || errorCode != null) {
            text.append(" (");
            if (errorType != null) {
                text.append("type ").append(errorType);
            }
            if (errorCode != null) {
                text.append(errorType != null ? ", " : "").append("code ").append(errorCode);
            }
            text.append(')');
        }
        return text.toString();
    }

    /** The HTTP status of the response (101 when the server answered the upgrade with invalid headers). */
    public int statusCode() {
        return statusCode;
    }

    /** {@code error.type} of the server's body, e.g. {@code invalid_request_error}, or null. */
    public String errorType() {
        return errorType;
    }

    /** {@code error.code} of the server's body, e.g. {@code invalid_api_key}, or null. */
    public String errorCode() {
        return errorCode;
    }

    /** {@code error.message} of the server's body (credentials masked), or null. */
    public String serverMessage() {
        return serverMessage;
    }

    /** The delay the server asked for in {@code Retry-After} (seconds form only), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** True for 408, 429 and 5xx: the same request may succeed later. */
    public boolean retryable() {
        return statusCode == 408 || statusCode == 429 || (statusCode >= 500 && statusCode <= 599);
    }
}
