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
 * Decides what follows a response that ended in function calls. When every call has a tool route, the outputs and
 * one {@code response.create} become a follow-up turn that keeps the waiting exchange (a continuation); otherwise the
 * routed calls are answered, the others wait for producer messages, and the {@link ToolCallLedger} says when the
 * round's last answer brings the follow-up. Pure; part of the {@link Conversation}'s state.
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
    private final long responseTimeoutNanos;
    final ToolCallLedger ledger = new ToolCallLedger();

    ToolRoundPlanner(String name, Predicate<String> toolRouted, Function<List<ToolCall>, TurnInput> routedAnswers,
                     long responseTimeoutNanos) {
        this.name = name;
        this.toolRouted = toolRouted;
        this.routedAnswers = routedAnswers;
        this.responseTimeoutNanos = responseTimeoutNanos;
    }

    /**
     * @param owner the turn whose response it was, or null (a response the server started by itself)
     */
    Plan plan(ResponseResult result, Turn owner, long nowNanos) {
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
        if (rounds > MAX_TOOL_ROUNDS || allRouted) {
            if (rounds > MAX_TOOL_ROUNDS) {
                LOG.warn("Session {}: the model asked for tools {} times in a row for one exchange; replying with the calls "
                         + "instead of answering them again", name, MAX_TOOL_ROUNDS);
            }
            settleEarlier(result, actions);
            if (rounds > MAX_TOOL_ROUNDS) {
                return new Plan(null, actions);
            }
            TurnInput outputs = routedAnswers.apply(routed);
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
        return new Plan(null, actions);
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
