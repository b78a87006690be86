package io.github.camelrealtime.fastrouter.session;

import java.util.concurrent.CompletableFuture;

/**
 * Writes the events that precede a response (audio appends and commit, a user message, tool outputs) through the
 * given {@link TurnWriter}. Runs on a worker thread when the exchange's turn begins, so it may read a stream.
 */
@FunctionalInterface
public interface TurnInput {

    TurnInput NONE = writer -> CompletableFuture.completedFuture(null);

    CompletableFuture<Void> write(TurnWriter writer);
}
