package io.github.camelrealtime.fastrouter.session;

/** No {@code response.done} arrived for the exchange's response within {@code responseTimeout}. */
public final class RealtimeResponseTimeoutException extends RealtimeException {

    private static final long serialVersionUID = 1L;

    public RealtimeResponseTimeoutException(String message) {
        super(message);
    }
}
