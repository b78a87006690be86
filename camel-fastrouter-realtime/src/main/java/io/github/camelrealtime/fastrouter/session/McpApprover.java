package io.github.camelrealtime.fastrouter.session;

import java.util.concurrent.CompletableFuture;

/** Decides MCP approval requests for the session (the endpoint's {@code mcpApprovalRoute}). */
public interface McpApprover {

    /** The decision; a failed future denies the request, with the failure as the reason. */
    CompletableFuture<McpDecision> decide(RealtimeSession session, McpApprovalRequest request);
}
