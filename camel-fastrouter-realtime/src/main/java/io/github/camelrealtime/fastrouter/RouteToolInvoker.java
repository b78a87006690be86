package io.github.camelrealtime.fastrouter;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.ToolCall;
import io.github.camelrealtime.fastrouter.session.ToolInvoker;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers function calls through the endpoints of {@code toolRoute.<name>}: the arguments JSON goes in as the body
 * (with the tool name, call id and session headers), the reply body comes back as the function's output. A failing
 * route went through its own error handling; the model then gets an error output and the conversation goes on.
 */
final class RouteToolInvoker implements ToolInvoker {

    private static final Logger LOG = LoggerFactory.getLogger(RouteToolInvoker.class);

    private final FastRouterRealtimeEndpoint endpoint;
    private final Map<String, String> routes = new LinkedHashMap<>();
    private final HookRoutes hooks;

    RouteToolInvoker(FastRouterRealtimeEndpoint endpoint, Map<String, Object> toolRoutes) {
        this.endpoint = endpoint;
        this.hooks = new HookRoutes(endpoint);
        toolRoutes.forEach((name, uri) -> {
            if (uri == null || uri.toString().isBlank()) {
                throw new IllegalArgumentException("toolRoute." + name + " needs an endpoint URI");
            }
            routes.put(name, uri.toString());
        });
    }

    @Override
    public boolean hasRoute(String toolName) {
        return routes.containsKey(toolName);
    }

    @Override
    public CompletableFuture<String> invoke(RealtimeSession session, ToolCall call) {
        String uri = routes.get(call.name());
        if (uri == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("No tool route for function " + call.name()));
        }
        Exchange exchange = hooks.newExchange();
        exchange.getMessage().setBody(call.arguments());
        exchange.getMessage().setHeader(FastRouterRealtimeConstants.TOOL_NAME, call.name());
        exchange.getMessage().setHeader(FastRouterRealtimeConstants.CALL_ID, call.callId());
        exchange.getMessage().setHeader(FastRouterRealtimeConstants.RESPONSE_ID, call.responseId());
        RealtimeMessages.putSessionHeaders(exchange.getMessage(), session);
        return hooks.send(uri, exchange).thenApply(done -> {
            Exception failure = done.getException();
            if (failure != null) {
                LOG.warn("Tool route {} for function {} (call {}) failed: {}", uri, call.name(), call.callId(), failure.getMessage());
                throw new ToolRouteException(call.name(), failure);
            }
            return outputOf(done.getMessage().getBody());
        });
    }

    /** Structured replies (Map, List, JsonNode) go to the model as JSON, anything else as its text. */
    private String outputOf(Object body) {
        if (body == null) {
            return "";
        }
        if (body instanceof Map || body instanceof Collection || body instanceof JsonNode) {
            try {
                return endpoint.getComponent().codec().mapper().writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("The tool route's reply cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
        }
        String text = endpoint.getCamelContext().getTypeConverter().convertTo(String.class, body);
        return text == null ? body.toString() : text;
    }

    /** Why a tool route gave no output. */
    static final class ToolRouteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ToolRouteException(String tool, Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
