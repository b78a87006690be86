package io.github.camelrealtime.fastrouter.benchmarks;

import java.util.concurrent.CompletableFuture;

/** Counts received audio bytes and completes a future once an expected amount has arrived. */
final class ByteTally {

    private long total;
    private long target = Long.MAX_VALUE;
    private CompletableFuture<Long> reached = new CompletableFuture<>();

    synchronized void add(long bytes) {
        total += bytes;
        if (total >= target) {
            reached.complete(total);
        }
    }

    /** Expects {@code bytes} more than counted so far; the future completes with the running total. */
    synchronized CompletableFuture<Long> expectMore(long bytes) {
        target = total + bytes;
        reached = new CompletableFuture<>();
        if (total >= target) {
            reached.complete(total);
        }
        return reached;
    }
}
