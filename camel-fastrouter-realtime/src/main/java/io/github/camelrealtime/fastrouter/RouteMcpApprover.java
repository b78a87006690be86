package io.github.camelrealtime.fastrouter;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.session.McpApprovalRequest;
import io.github.camelrealtime.fastrouter.session.McpApprover;
import io.github.camelrealtime.fastrouter.session.McpDecision;
import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Decides MCP approval requests through {@code mcpApprovalRoute}. The request goes in as a {@code Map} body
 * ({@code type}, {@code id}, {@code server_label}, {@code name}, {@code arguments}) with the request id, server label,
 * tool name, response and session headers. The reply decides, first match wins: the header
 * {@code CamelFastRouterRealtimeMcpApproved}; a {@code Boolean} body; a {@code String} body {@code approve} or
 * {@code deny}, optionally followed by {@code ": reason"}; a {@code Map}/JSON body with a boolean {@code approve} and
 * an optional {@code reason}. The header {@code CamelFastRouterRealtimeMcpApprovalReason} gives (or overrides) the
 * reason. Any other reply, and a route that fails after its own error handling, is a failure: the session denies.
 */
final class RouteMcpApprover implements McpApprover {

    private final FastRouterRealtimeEndpoint endpoint;
    private final String uri;
    private final HookRoutes routes;

    RouteMcpApprover(FastRouterRealtimeEndpoint endpoint, String uri) {
        this.endpoint = endpoint;
        this.uri = uri;
        this.routes = new HookRoutes(endpoint);
    }

    @Override
    public CompletableFuture<McpDecision> decide(RealtimeSession session, McpApprovalRequest request) {
        Exchange exchange = routes.newExchange();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "mcp_approval_request");
        body.put("id", request.id());
        body.put("server_label", request.serverLabel());
        body.put("name", request.name());
        body.put("arguments", request.arguments());
        Message in = exchange.getMessage();
        in.setBody(body);
        in.setHeader(FastRouterRealtimeConstants.MCP_APPROVAL_REQUEST_ID, request.id());
        in.setHeader(FastRouterRealtimeConstants.MCP_SERVER_LABEL, request.serverLabel());
        in.setHeader(FastRouterRealtimeConstants.TOOL_NAME, request.name());
        in.setHeader(FastRouterRealtimeConstants.RESPONSE_ID, request.responseId());
        RealtimeMessages.putSessionHeaders(in, session);
        return routes.send(uri, exchange).thenApply(done -> {
            if (done.getException() != null) {
                throw new McpApprovalRouteException("the approval route " + uri + " failed: " + done.getException().getMessage(),
                        done.getException());
            }
            return decisionOf(done.getMessage());
        });
    }

    private McpDecision decisionOf(Message reply) {
        String reason = reply.getHeader(FastRouterRealtimeConstants.MCP_APPROVAL_REASON, String.class);
        Boolean approved = reply.getHeader(FastRouterRealtimeConstants.MCP_APPROVED, Boolean.class);
        if (approved != null) {
            return new McpDecision(approved, reason);
        }
        Object body = reply.getBody();
        if (body instanceof Boolean b) {
            return new McpDecision(b, reason);
        }
        if (body instanceof String text && !text.isBlank() && !text.strip().startsWith("{")) {
            McpDecision said = said(text.strip());
            if (said != null) {
                return reason == null ? said : new McpDecision(said.approve(), reason);
            }
        } else if (body instanceof Map || body instanceof JsonNode || body instanceof String) {
            JsonNode json = endpoint.getComponent().codec().mapper().valueToTree(body instanceof String s ? readTree(s) : body);
            JsonNode approve = json.get("approve");
            if (approve != null && approve.isBoolean()) {
                String given = json.hasNonNull("reason") ? json.get("reason").asText() : null;
                return new McpDecision(approve.booleanValue(), reason != null ? reason : given);
            }
        }
        throw new McpApprovalRouteException("the reply of the approval route " + uri + " said neither approve nor deny (set the "
                                            + "header " + FastRouterRealtimeConstants.MCP_APPROVED + ", or reply approve or deny)", null);
    }

    /** {@code approve} / {@code deny} (also approved, yes, true / denied, reject, no, false), then an optional ": reason". */
    private static McpDecision said(String text) {
        int colon = text.indexOf(':');
        String verb = (colon < 0 ? text : text.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        String reason = colon < 0 || text.substring(colon + 1).isBlank() ? null : text.substring(colon + 1).strip();
        return switch (verb) {
            case "approve", "approved", "yes", "true" -> McpDecision.approve(reason);
            case "deny", "denied", "reject", "rejected", "no", "false" -> McpDecision.deny(reason);
            default -> null;
        };
    }

    private JsonNode readTree(String json) {
        try {
            return endpoint.getComponent().codec().mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new McpApprovalRouteException("the reply of the approval route " + uri + " is not valid JSON: "
                                                + e.getOriginalMessage(), e);
        }
    }

    /** Why the approval route gave no decision (the session then denies, with this as the reason). */
    static final class McpApprovalRouteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        McpApprovalRouteException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
