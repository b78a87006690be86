package io.github.camelrealtime.fastrouter.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * What the {@link Conversation} decided, for the session to carry out after it released its lock, in order. The
 * conversation itself completes no future, writes nothing and starts no thread.
 */
sealed interface Action {

    /**
     * Write this event (it has its {@code event_id}). A failed write fails {@code owner}; with {@code completesWrite},
     * a successful one completes the owner's InOnly exchange.
     */
    record Send(RealtimeEvent event, Turn owner, boolean completesWrite) implements Action {
    }

    /** Run the turn's input on a worker, then report {@link Conversation#inputWritten} or {@link Conversation#inputFailed}. */
    record RunInput(Turn turn) implements Action {
    }

    /** Complete the exchange with its reply ({@link ResponseResult} or transcript event; ignored for InOnly), stop its timers. */
    record Reply(Turn.Outcome outcome, Object reply) implements Action {
    }

    /** Fail the exchange. */
    record Fail(Turn.Outcome outcome, Throwable failure) implements Action {
    }

    /** Call {@link Conversation#commitWaitOver} for this turn after {@code millis}. */
    record WaitForCommit(Turn turn, long millis) implements Action {
    }

    /** Call {@link Conversation#deadlinePassed} for this (continuation) turn at its deadline. */
    record WatchDeadline(Turn turn) implements Action {
    }

    /**
     * Answer these calls through their tool routes and write the outputs; then report each call answered
     * ({@link Conversation#toolAnswered}). Used when only some calls of a round have routes.
     */
    record AnswerThroughRoutes(List<ToolCall> calls) implements Action {
    }

    /**
     * Answer these MCP approval requests through the approver and write the answers, outside any turn: their response
     * also ended in function calls the application answers, whose last output brings the follow-up.
     */
    record AnswerMcpApprovals(McpRound round) implements Action {
    }

    /** The follow-up response of a tool round is due: submit it, and hand its result to these waiters. */
    record FollowUp(List<CompletableFuture<ResponseResult>> waiters) implements Action {
    }

    /** Settle exchanges that waited for a follow-up that will not come with this result (or its failure). */
    record SettleWaiters(List<CompletableFuture<ResponseResult>> waiters, ResponseResult result, Throwable failure)
            implements Action {
    }
}
