package io.github.camelrealtime.fastrouter.session;

/** Base of the exceptions an exchange fails with when the realtime session, not the route, is the cause. */
public class RealtimeException extends Exception {

    private static final long serialVersionUID = 1L;

    public RealtimeException(String message) {
        super(message);
    }

    public RealtimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
