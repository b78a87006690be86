package io.github.camelrealtime.fastrouter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.camelrealtime.fastrouter.session.RealtimeSession;

/**
 * Keeps the InOnly exchanges of one session in the order they reach the producer: an exchange goes once the one before
 * it has handed all its events to the socket's queue (for an audio body, its last append). Usually that is already so
 * and the exchange goes at once, on the caller's thread; it waits only behind an audio body still being read, or while
 * the session is still connecting. A session has an entry only while one of its exchanges is on its way.
 */
final class SendOrder {

    private final ConcurrentHashMap<RealtimeSession, CompletableFuture<Void>> lastQueued = new ConcurrentHashMap<>();

    /** Takes this exchange's place behind the session's previous InOnly exchange. */
    Ticket enter(RealtimeSession session) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        return new Ticket(session, lastQueued.put(session, mine), mine);
    }

    /** Sessions with an exchange on its way (for tests and the dev console). */
    int sessionsWaiting() {
        return lastQueued.size();
    }

    /** One exchange's place in its session's order. */
    final class Ticket {
        private final RealtimeSession session;
        /** The previous exchange's queued signal, or null when there was none. */
        private final CompletableFuture<Void> previous;
        private final CompletableFuture<Void> queued;

        private Ticket(RealtimeSession session, CompletableFuture<Void> previous, CompletableFuture<Void> queued) {
            this.session = session;
            this.previous = previous;
            this.queued = queued;
        }

        /** Whether the previous exchange has queued everything it had to write. */
        boolean mayGo() {
            return previous == null || previous.isDone();
        }

        /** Completes when this exchange may write (never fails). */
        CompletableFuture<Void> previous() {
            return previous == null ? CompletableFuture.completedFuture(null) : previous;
        }

        /**
         * This exchange has queued all its events, or will write nothing more (failed, or its session is gone): the next
         * may go. Idempotent; must be called on every path.
         */
        void release() {
            if (queued.complete(null)) {
                lastQueued.remove(session, queued);
            }
        }
    }
}
