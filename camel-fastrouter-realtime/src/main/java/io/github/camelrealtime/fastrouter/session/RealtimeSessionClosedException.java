package io.github.camelrealtime.fastrouter.session;

/** The session closed (or failed to open) before the exchange's events were written or its reply arrived. */
public final class RealtimeSessionClosedException extends RealtimeException {

    private static final long serialVersionUID = 1L;

    public RealtimeSessionClosedException(String message) {
        super(message);
    }

    public RealtimeSessionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
