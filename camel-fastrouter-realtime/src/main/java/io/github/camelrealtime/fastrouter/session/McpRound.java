package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a finished response left for MCP approvals: its {@code mcp_approval_request} items, and its {@code mcp_call}
 * items that have neither output nor error yet (calls the server runs once approved), read from the output
 * {@code response.done} repeats.
 */
record McpRound(List<McpApprovalRequest> requests, List<PendingCall> pendingCalls) {

    /** An {@code mcp_call} of the response that has not run yet. */
    record PendingCall(String itemId, String approvalRequestId, String serverLabel, String name, String arguments) {
    }

    static final McpRound NONE = new McpRound(List.of(), List.of());

    static McpRound of(ResponseResult result) {
        if (result.doneEvent() == null) {
            return NONE;
        }
        List<McpApprovalRequest> requests = new ArrayList<>(1);
        List<PendingCall> pending = new ArrayList<>(1);
        for (JsonNode item : result.doneEvent().fields().path("response").path("output")) {
            String type = item.path("type").asText();
            if ("mcp_approval_request".equals(type) && text(item, "id") != null) {
                requests.add(new McpApprovalRequest(text(item, "id"), text(item, "server_label"), text(item, "name"),
                        text(item, "arguments"), result.responseId()));
            } else if ("mcp_call".equals(type) && text(item, "id") != null && isAbsent(item.get("output")) && isAbsent(item.get("error"))) {
                pending.add(new PendingCall(text(item, "id"), text(item, "approval_request_id"), text(item, "server_label"),
                        text(item, "name"), text(item, "arguments")));
            }
        }
        return requests.isEmpty() ? NONE : new McpRound(List.copyOf(requests), List.copyOf(pending));
    }

    boolean isEmpty() {
        return requests.isEmpty();
    }

    /**
     * The pending calls these approvals let run: the one naming an approved request, or (a call that names none) one with
     * the same server, tool and arguments as an approved request.
     */
    Set<String> callsApprovedBy(Collection<McpApprovalRequest> approved) {
        Set<String> ids = new LinkedHashSet<>();
        for (PendingCall call : pendingCalls) {
            for (McpApprovalRequest request : approved) {
                boolean named = call.approvalRequestId() != null && call.approvalRequestId().equals(request.id());
                boolean alike = call.approvalRequestId() == null && Objects.equals(call.serverLabel(), request.serverLabel())
                                && Objects.equals(call.name(), request.name())
                                && Objects.equals(call.arguments(), request.arguments());
                if (named || alike) {
                    ids.add(call.itemId());
                }
            }
        }
        return ids;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull();
    }
}
