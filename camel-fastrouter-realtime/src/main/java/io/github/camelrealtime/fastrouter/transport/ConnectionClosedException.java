package io.github.camelrealtime.fastrouter.transport;

import java.io.IOException;

/**
 * A message could not be written because the connection is closing, closed or failed. {@link #writeStarted()} tells
 * whether any of it may have reached the socket: when false the message was certainly not sent and may be sent again
 * on a new connection.
 */
public final class ConnectionClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean writeStarted;

    public ConnectionClosedException(String message) {
        this(message, null, false);
    }

    public ConnectionClosedException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public ConnectionClosedException(String message, Throwable cause, boolean writeStarted) {
        super(message, cause);
        this.writeStarted = writeStarted;
    }

    /** True when the message was being written when the connection failed (part of it may have been sent). */
    public boolean writeStarted() {
        return writeStarted;
    }
}
