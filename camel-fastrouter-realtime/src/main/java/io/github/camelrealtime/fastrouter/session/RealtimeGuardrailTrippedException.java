package io.github.camelrealtime.fastrouter.session;

/**
 * The {@code guardrailRoute} stopped the response this exchange waited for (a reply with
 * {@code CamelFastRouterRealtimeGuardrailTripped=true}, a failure of the route, or no verdict in time).
 */
public final class RealtimeGuardrailTrippedException extends RealtimeException {

    private static final long serialVersionUID = 1L;

    private final String responseId;
    private final String reason;

    public RealtimeGuardrailTrippedException(String responseId, String reason) {
        super("The guardrail stopped response " + responseId + (reason == null || reason.isBlank() ? "" : ": " + reason));
        this.responseId = responseId;
        this.reason = reason;
    }

    public String getResponseId() {
        return responseId;
    }

    /** Why the guardrail tripped, as its route said (or the failure's message). */
    public String getReason() {
        return reason;
    }
}
