package io.github.camelrealtime.fastrouter;

import java.util.concurrent.CompletableFuture;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * How the route-backed hooks (tool routes, the guardrail, the MCP approval route) call their endpoints: InOut exchanges
 * sent asynchronously through one {@link ProducerTemplate}, made on first use (the endpoint exists before its
 * CamelContext has started).
 */
final class HookRoutes {

    private final FastRouterRealtimeEndpoint endpoint;
    private volatile ProducerTemplate template;

    HookRoutes(FastRouterRealtimeEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    Exchange newExchange() {
        return new DefaultExchange(endpoint.getCamelContext(), ExchangePattern.InOut);
    }

    /** Completes with the exchange once the route is done with it; a route's failure is the exchange's exception. */
    CompletableFuture<Exchange> send(String uri, Exchange exchange) {
        return template().asyncSend(endpoint.getCamelContext().getEndpoint(uri), exchange);
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
