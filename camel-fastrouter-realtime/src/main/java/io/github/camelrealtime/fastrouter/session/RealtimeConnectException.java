package io.github.camelrealtime.fastrouter.session;

import java.io.IOException;
import java.net.URI;

import io.github.camelrealtime.fastrouter.transport.RealtimeUris;

/** The socket could not be opened (refused, unreachable, TLS or timeout): names the server and the cause. */
public final class RealtimeConnectException extends IOException {

    private static final long serialVersionUID = 1L;

    public RealtimeConnectException(URI uri, Throwable cause) {
        super("Cannot connect to " + RealtimeUris.redact(uri) + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }
}
