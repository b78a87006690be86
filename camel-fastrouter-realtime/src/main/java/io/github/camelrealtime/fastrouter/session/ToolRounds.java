package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.ClientEvents;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * Answers function calls through their tool routes: invokes every route of a round at once, then writes the outputs
 * in call order. A failing route gives the model an error output (the conversation goes on); a route that never
 * answers holds only its own turn, which its deadline ends.
 */
final class ToolRounds {

    private final RealtimeSession session;
    private final ToolInvoker tools;
    private final ScheduledExecutorService scheduler;

    ToolRounds(RealtimeSession session, ToolInvoker tools, ScheduledExecutorService scheduler) {
        this.session = session;
        this.tools = tools;
        this.scheduler = scheduler;
    }

    boolean hasRoute(String toolName) {
        return tools.hasRoute(toolName);
    }

    /** The input of a follow-up turn: the outputs of these calls. */
    TurnInput outputsOf(List<ToolCall> calls) {
        return writer -> answer(calls, writer);
    }

    CompletableFuture<Void> answer(List<ToolCall> calls, TurnWriter writer) {
        List<CompletableFuture<String>> outputs = new ArrayList<>(calls.size());
        for (ToolCall call : calls) {
            CompletableFuture<String> out;
            try {
                out = tools.invoke(session, call);
            } catch (RuntimeException e) {
                out = CompletableFuture.failedFuture(e);
            }
            outputs.add(out.handle((value, err) -> err == null ? (value == null ? "" : value)
                    : errorOutput(call, RealtimeSession.unwrap(err))));
        }
        return CompletableFuture.allOf(outputs.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            List<CompletableFuture<Void>> writes = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                writes.add(writer.send(ClientEvents.functionCallOutput(calls.get(i).callId(), outputs.get(i).join())));
            }
            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
        });
    }

    /**
     * Answers a function call that had no tool route (a producer message with the call id). When it is the last open
     * call of its (finished) response, a {@code response.create} follows in turn; otherwise the follow-up comes with the
     * round's last answer, and a waiting exchange gets that follow-up's result (or fails after responseTimeout).
     */
    CompletableFuture<ResponseResult> answerCall(String callId, String output, boolean waitForReply) {
        RealtimeEvent event = ClientEvents.functionCallOutput(callId, output);
        CompletableFuture<ResponseResult> waiter = waitForReply ? new CompletableFuture<>() : null;
        ToolCallLedger.Outcome outcome = session.toolAnswered(callId, waiter);
        if (outcome.answer() == ToolCallLedger.Answer.WAITING) {
            // other calls of the round are still open: the follow-up comes with the last answer
            CompletableFuture<Void> written = session.send(event);
            if (waiter == null) {
                return written.thenApply(v -> null);
            }
            long timeout = session.options().responseTimeout().toMillis();
            ScheduledFuture<?> timer = scheduler.schedule(() -> waiter.completeExceptionally(new RealtimeResponseTimeoutException(
                    "No follow-up response within " + timeout + " ms after the output of call " + callId + " on session "
                    + session.key() + " (other calls of its round are still unanswered)")), timeout, TimeUnit.MILLISECONDS);
            waiter.whenComplete((r, err) -> timer.cancel(false));
            written.whenComplete((v, err) -> {
                if (err != null) {
                    waiter.completeExceptionally(RealtimeSession.unwrap(err));
                }
            });
            return waiter;
        }
        TurnInput input = writer -> writer.send(event);
        CompletableFuture<ResponseResult> reply = session.runner().followUp(input, outcome.followUpWaiters(), waitForReply);
        return waitForReply ? reply : reply.thenApply(v -> null);
    }

    /** What the model is told when a tool route failed: the tool and the innermost reason, nothing about the route. */
    static String errorOutput(ToolCall call, Throwable error) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("error", "The tool " + call.name() + " failed: " + rootMessage(error));
        return out.toString();
    }

    /** The innermost cause's message (else its class name): what went wrong, without the layers around it. */
    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
