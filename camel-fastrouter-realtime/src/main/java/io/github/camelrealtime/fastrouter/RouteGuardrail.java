package io.github.camelrealtime.fastrouter;

import java.util.concurrent.CompletableFuture;

import io.github.camelrealtime.fastrouter.session.Guardrail;
import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * Checks the assistant's output through {@code guardrailRoute}: the text so far goes in as the body (with the session
 * and response headers), and a reply with {@code CamelFastRouterRealtimeGuardrailTripped=true} trips (its body, when
 * text, is the reason). A failing route trips too: a guardrail that cannot say "fine" does not let the answer through.
 */
final class RouteGuardrail implements Guardrail {

    private final FastRouterRealtimeEndpoint endpoint;
    private final String uri;
    private volatile ProducerTemplate template;

    RouteGuardrail(FastRouterRealtimeEndpoint endpoint, String uri) {
        this.endpoint = endpoint;
        this.uri = uri;
    }

    @Override
    public CompletableFuture<Verdict> check(RealtimeSession session, String responseId, String text, boolean last) {
        Endpoint target = endpoint.getCamelContext().getEndpoint(uri);
        Exchange exchange = new DefaultExchange(endpoint.getCamelContext(), ExchangePattern.InOut);
        exchange.getMessage().setBody(text);
        exchange.getMessage().setHeader(FastRouterRealtimeConstants.RESPONSE_ID, responseId);
        RealtimeMessages.putSessionHeaders(exchange.getMessage(), session);
        return template().asyncSend(target, exchange).thenApply(done -> {
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

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                t = template;
                if (t == null) {
                    t = endpoint.getCamelContext().createProducerTemplate();
                    template = t;
                }
            }
        }
        return t;
    }
}
