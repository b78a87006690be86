package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.ClientEvents;

/**
 * Answers function calls through their tool routes: invokes every route of a round at once, then writes the outputs
 * in call order. A failing route gives the model an error output (the conversation goes on); a route that never
 * answers holds only its own turn, which its deadline ends.
 */
final class ToolRounds {

    private final RealtimeSession session;
    private final ToolInvoker tools;

    ToolRounds(RealtimeSession session, ToolInvoker tools) {
        this.session = session;
        this.tools = tools;
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

    /** What the model is told when a tool route failed: the tool and the innermost reason, nothing about the route. */
    static String errorOutput(ToolCall call, Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("error", "The tool " + call.name() + " failed: " + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage()));
        return out.toString();
    }
}
