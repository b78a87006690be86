package io.github.camelrealtime.fastrouter;

import java.util.concurrent.CompletableFuture;

import io.github.camelrealtime.fastrouter.session.Guardrail;
import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import org.apache.camel.Exchange;

/**
 * Checks the assistant's output through {@code guardrailRoute}: the text so far goes in as the body (with the session
 * and response headers), and a reply with {@code CamelFastRouterRealtimeGuardrailTripped=true} trips (its body, when
 * text, is the reason). A failing route trips too: a guardrail that cannot say "fine" does not let the answer through.
 */
final class RouteGuardrail implements Guardrail {

    private final String uri;
    private final HookRoutes routes;

    RouteGuardrail(FastRouterRealtimeEndpoint endpoint, String uri) {
        this.uri = uri;
        this.routes = new HookRoutes(endpoint);
    }

    @Override
    public CompletableFuture<Verdict> check(RealtimeSession session, String responseId, String text, boolean last) {
        Exchange exchange = routes.newExchange();
        exchange.getMessage().setBody(text);
        exchange.getMessage().setHeader(FastRouterRealtimeConstants.RESPONSE_ID, responseId);
        RealtimeMessages.putSessionHeaders(exchange.getMessage(), session);
        return routes.send(uri, exchange).thenApply(done -> {
            Exception failure = done.getException();
            if (failure != null) {
                return new Verdict(true, "the guardrail route failed: " + failure.getMessage());
            }
            if (!done.getMessage().getHeader(FastRouterRealtimeConstants.GUARDRAIL_TRIPPED, false, Boolean.class)) {
                return Verdict.PASSED;
            }
            Object body = done.getMessage().getBody();
            String reason = body instanceof String s && !s.isBlank() && !s.equals(text) ? s : "tripped by " + uri;
            return new Verdict(true, reason);
        });
    }
}
