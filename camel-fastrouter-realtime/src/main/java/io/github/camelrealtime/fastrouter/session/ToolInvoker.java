package io.github.camelrealtime.fastrouter.session;

import java.util.concurrent.CompletableFuture;

/** Answers function calls through the routes mapped with {@code toolRoute.<name>}. */
public interface ToolInvoker {

    ToolInvoker NONE = new ToolInvoker() {
        @Override
        public boolean hasRoute(String toolName) {
            return false;
        }

        @Override
        public CompletableFuture<String> invoke(RealtimeSession session, ToolCall call) {
            return CompletableFuture.failedFuture(new IllegalStateException("No tool route for " + call.name()));
        }
    };

    boolean hasRoute(String toolName);

    /** The call's output for the model; a failed future becomes an error output (the conversation goes on). */
    CompletableFuture<String> invoke(RealtimeSession session, ToolCall call);
}
