package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what follows a response that ended in function calls or MCP approval requests. When every call has a tool
 * route (and the approvals an approver), the outputs, the approval answers and one {@code response.create} become a
 * follow-up turn that keeps the waiting exchange (a continuation); otherwise the routed calls and the approvals are
 * answered, the other calls wait for producer messages, and the {@link ToolCallLedger} says when the round's last
 * answer brings the follow-up. Pure; part of the {@link Conversation}'s state.
 */
final class ToolRoundPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(ToolRoundPlanner.class);
    /** Tool round trips one exchange may take before the component stops answering calls and replies with them. */
    static final int MAX_TOOL_ROUNDS = 8;

    /** A follow-up turn to queue first (or null), and what else to do. */
    record Plan(Turn followUp, List<Action> actions) {
    }

    private final String name;
    private final Predicate<String> toolRouted;
    private final Function<List<ToolCall>, TurnInput> routedAnswers;
    /** The input that answers a response's MCP approvals; null when the application answers them (no approver). */
    private final Function<McpRound, TurnInput> approvalAnswers;
    private final long responseTimeoutNanos;
    final ToolCallLedger ledger = new ToolCallLedger();

    ToolRoundPlanner(String name, Predicate<String> toolRouted, Function<List<ToolCall>, TurnInput> routedAnswers,
                     Function<McpRound, TurnInput> approvalAnswers, long responseTimeoutNanos) {
        this.name = name;
        this.toolRouted = toolRouted;
        this.routedAnswers = routedAnswers;
        this.approvalAnswers = approvalAnswers;
        this.responseTimeoutNanos = responseTimeoutNanos;
    }

    /** The MCP approvals of a finished response this side answers (none without an approver). */
    McpRound approvalsOf(ResponseResult result) {
        return approvalAnswers == null ? McpRound.NONE : McpRound.of(result);
    }

    /**
     * @param owner     the turn whose response it was, or null (a response the server started by itself)
     * @param approvals the response's approval requests this side answers ({@link #approvalsOf})
     */
    Plan plan(ResponseResult result, McpRound approvals, Turn owner, long nowNanos) {
        List<Action> actions = new ArrayList<>(2);
        List<ToolCall> routed = new ArrayList<>();
        List<String> callIds = new ArrayList<>();
        for (ToolCall call : result.toolCalls()) {
            callIds.add(call.callId());
            if (call.name() != null && toolRouted.test(call.name())) {
                routed.add(call);
            }
        }
        int rounds = owner == null ? 1 : owner.toolRounds + 1;
        boolean allRouted = !routed.isEmpty() && routed.size() == callIds.size();
        boolean continues = callIds.isEmpty() ? !approvals.isEmpty() : allRouted;
        if (rounds > MAX_TOOL_ROUNDS || continues) {
            if (rounds > MAX_TOOL_ROUNDS) {
                LOG.warn("Session {}: the model asked for tools {} times in a row for one exchange; replying with the calls "
                         + "instead of answering them again", name, MAX_TOOL_ROUNDS);
            }
            settleEarlier(result, actions);
            if (rounds > MAX_TOOL_ROUNDS) {
                return new Plan(null, actions);
            }
            TurnInput outputs = inputOf(routed, approvals);
            Turn followUp;
            if (owner != null) {
                ObjectNode params = owner.params != null ? owner.params.deepCopy() : JsonNodeFactory.instance.objectNode();
                long deadline = owner.outcome.replyWanted() ? owner.deadlineNanos : nowNanos + responseTimeoutNanos;
                followUp = owner.continuation(outputs, params, deadline);
            } else {
                followUp = new Turn(result.responseId() + "-tools", Turn.Kind.RESPOND, outputs, JsonNodeFactory.instance.objectNode(),
                        new Turn.Outcome(false), nowNanos + responseTimeoutNanos, 1);
            }
            actions.add(new Action.WatchDeadline(followUp));
            return new Plan(followUp, actions);
        }
        ToolCallLedger.Outcome done = ledger.responseDone(result.responseId(), callIds);
        if (done.answer() == ToolCallLedger.Answer.DUE) {
            // every call was answered by the application before the response ended
            actions.add(new Action.FollowUp(done.followUpWaiters()));
        }
        if (!routed.isEmpty()) {
            actions.add(new Action.AnswerThroughRoutes(routed));
        }
        if (!approvals.isEmpty()) {
            actions.add(new Action.AnswerMcpApprovals(approvals));
        }
        return new Plan(null, actions);
    }

    /** The tool outputs, then the approval answers. */
    private TurnInput inputOf(List<ToolCall> routed, McpRound approvals) {
        TurnInput outputs = routed.isEmpty() ? TurnInput.NONE : routedAnswers.apply(routed);
        if (approvals.isEmpty()) {
            return outputs;
        }
        TurnInput answers = approvalAnswers.apply(approvals);
        return routed.isEmpty() ? answers : writer -> outputs.write(writer).thenCompose(v -> answers.write(writer));
    }

    /** A response with no follow-up of the ledger's: the exchanges that answered its calls get this result. */
    void settleEarlier(ResponseResult result, List<Action> out) {
        if (result.responseId() == null) {
            return;
        }
        List<CompletableFuture<ResponseResult>> waiters = ledger.forget(result.responseId());
        if (!waiters.isEmpty()) {
            out.add(new Action.SettleWaiters(waiters, result, null));
        }
    }
}
