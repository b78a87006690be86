package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.github.camelrealtime.fastrouter.protocol.ClientEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers MCP approval requests through the session's {@link McpApprover}: asks it about every request of a response at
 * once, then writes one {@code mcp_approval_response} per request, in order. A failing approver, or one whose answer
 * cannot be read, denies, with the failure as the reason (the conversation goes on); one that never answers holds only
 * its own turn, which its deadline ends. When approvals let calls run that the server already holds (its
 * {@code mcp_call} items without output), the turn asks for its response only once they ended.
 */
final class McpApprovals {

    private static final Logger LOG = LoggerFactory.getLogger(McpApprovals.class);

    private final RealtimeSession session;
    private final McpApprover approver;

    McpApprovals(RealtimeSession session, McpApprover approver) {
        this.session = session;
        this.approver = approver;
    }

    /** The input of a turn that answers the approvals of a response. */
    TurnInput answersTo(McpRound round) {
        return writer -> answer(round, writer);
    }

    CompletableFuture<Void> answer(McpRound round, TurnWriter writer) {
        List<CompletableFuture<McpDecision>> decisions = new ArrayList<>(round.requests().size());
        for (McpApprovalRequest request : round.requests()) {
            CompletableFuture<McpDecision> decision;
            try {
                decision = approver.decide(session, request);
            } catch (RuntimeException e) {
                decision = CompletableFuture.failedFuture(e);
            }
            decisions.add(decision.handle((d, err) -> err == null && d != null ? d : denial(request, err)));
        }
        return CompletableFuture.allOf(decisions.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            List<McpApprovalRequest> approved = new ArrayList<>();
            for (int i = 0; i < decisions.size(); i++) {
                if (decisions.get(i).join().approve()) {
                    approved.add(round.requests().get(i));
                }
            }
            Set<String> calls = round.callsApprovedBy(approved);
            Turn turn = writer.turn();
            if (turn != null && !calls.isEmpty()) {
                // registered before the approvals go out: the server cannot run a call before it reads its approval
                session.decide((conversation, out) -> conversation.awaitMcpCalls(turn, calls));
            }
            List<CompletableFuture<Void>> writes = new ArrayList<>(decisions.size());
            for (int i = 0; i < decisions.size(); i++) {
                McpDecision d = decisions.get(i).join();
                writes.add(writer.send(ClientEvents.mcpApprovalResponse(round.requests().get(i).id(), d.approve(), d.reason())));
            }
            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
        });
    }

    private McpDecision denial(McpApprovalRequest request, Throwable failure) {
        String why = failure == null ? "no decision was given" : ToolRounds.rootMessage(RealtimeSession.unwrap(failure));
        LOG.warn("Session {}: the approval of MCP tool {} on server {} (request {}) failed, so it is denied: {}", session.key(),
                request.name(), request.serverLabel(), request.id(), why);
        return McpDecision.deny("Denied because the approval check failed: " + why);
    }
}
