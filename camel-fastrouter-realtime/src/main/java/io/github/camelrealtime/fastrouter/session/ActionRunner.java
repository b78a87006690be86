package io.github.camelrealtime.fastrouter.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.github.camelrealtime.fastrouter.session.RealtimeSession.unwrap;

/**
 * Carries out what the {@link Conversation} decided, after the session released its lock: writes events, runs turn
 * inputs and tool routes on workers, completes exchanges, sets timers (deadlines, the wait for the server's commit).
 * What comes back (a write failed, an input ended, a timer fired) goes to the conversation again through
 * {@link RealtimeSession#decide}.
 */
final class ActionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

    private final RealtimeSession session;
    private final SessionServices services;
    private final ToolRounds toolRounds;
    /** Null when the application answers MCP approvals itself. */
    private final McpApprovals approvals;

    ActionRunner(RealtimeSession session, SessionServices services, ToolRounds toolRounds, McpApprovals approvals) {
        this.session = session;
        this.services = services;
        this.toolRounds = toolRounds;
        this.approvals = approvals;
    }

    /** Carries out the conversation's decisions, in order, without the lock. */
    void run(List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof Action.Send send) {
                sendFor(send);
            } else if (action instanceof Action.RunInput r) {
                execute(() -> runInput(r.turn()));
            } else if (action instanceof Action.Reply r) {
                r.outcome().stopWatching();
                reportLatency(r.outcome(), r.reply());
                execute(() -> {
                    r.outcome().written.complete(null);
                    if (r.outcome().reply != null) {
                        r.outcome().reply.complete(r.reply());
                    }
                });
            } else if (action instanceof Action.Fail f) {
                f.outcome().stopWatching();
                execute(() -> {
                    f.outcome().written.completeExceptionally(f.failure());
                    if (f.outcome().reply != null) {
                        f.outcome().reply.completeExceptionally(f.failure());
                    }
                });
            } else if (action instanceof Action.WaitForCommit w) {
                schedule(w.millis(), () -> session.decide((conversation, out) -> conversation.commitWaitOver(w.turn(), out)));
            } else if (action instanceof Action.WatchDeadline w) {
                watchDeadline(w.turn());
            } else if (action instanceof Action.AnswerThroughRoutes a) {
                execute(() -> answerThroughRoutes(a.calls()));
            } else if (action instanceof Action.AnswerMcpApprovals a && approvals != null) {
                execute(() -> approvals.answer(a.round(), session.writer()));
            } else if (action instanceof Action.FollowUp f) {
                followUp(TurnInput.NONE, f.waiters(), false);
            } else if (action instanceof Action.SettleWaiters w) {
                execute(() -> settle(w));
            }
        }
    }

    private static void settle(Action.SettleWaiters s) {
        for (CompletableFuture<ResponseResult> waiter : s.waiters()) {
            if (s.failure() != null) {
                waiter.completeExceptionally(s.failure());
            } else if (s.result().completed()) {
                waiter.complete(s.result());
            } else {
                waiter.completeExceptionally(new RealtimeResponseException(s.result()));
            }
        }
    }

    private void sendFor(Action.Send s) {
        CompletableFuture<Void> written;
        try {
            written = session.write(session.encode(s.event()));
        } catch (ProtocolException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((v, err) -> {
            if (err != null && s.owner() != null) {
                session.decide((conversation, out) -> conversation.sendFailed(s.owner(), unwrap(err), out));
            } else if (err == null && s.completesWrite()) {
                execute(() -> s.owner().outcome.written.complete(null));
            } else if (err != null) {
                LOG.debug("Session {}: {} was not sent: {}", session.key(), s.event().type(), err.getMessage());
            }
        });
    }

    private void runInput(Turn turn) {
        CompletableFuture<Void> input;
        try {
            input = turn.input.write(session.writerFor(turn));
        } catch (RuntimeException e) {
            input = CompletableFuture.failedFuture(e);
        }
        input.whenComplete((v, err) -> session.decide((conversation, out) -> {
            if (err != null) {
                conversation.inputFailed(turn, unwrap(err), out);
            } else {
                conversation.inputWritten(turn, out);
            }
        }));
    }

    private void answerThroughRoutes(List<ToolCall> calls) {
        toolRounds.answer(calls, session.writer()).whenComplete((v, err) -> {
            for (ToolCall call : calls) {
                ToolCallLedger.Outcome outcome;
                outcome = session.toolAnswered(call.callId(), null);
                if (outcome.answer() == ToolCallLedger.Answer.DUE) {
                    followUp(TurnInput.NONE, outcome.followUpWaiters(), false);
                }
            }
        });
    }

    /** Runs on a worker; when the component's pool is already shut down, here (an exchange must still complete). */
    private void execute(Runnable task) {
        try {
            services.workers().execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private void schedule(long millis, Runnable task) {
        try {
            services.scheduler().schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Session {}: stopping; a timer was not set", session.key());
        }
    }

    void watchDeadline(Turn turn) {
        if (turn.outcome.settled) {
            // refused at once (closed session): nothing to watch
            return;
        }
        long delay = Math.max(0, turn.deadlineNanos - System.nanoTime());
        try {
            turn.outcome.watch(services.scheduler().schedule(() -> session.decide((conversation, out) -> conversation.deadlinePassed(turn, out)),
                    delay, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            session.decide((conversation, out) -> conversation.deadlinePassed(turn, out));
        }
    }

    private void reportLatency(Turn.Outcome outcome, Object reply) {
        long asked = outcome.askedNanos;
        if (asked != 0 && reply instanceof ResponseResult) {
            long first = outcome.firstAudioNanos;
            session.metrics().responseLatency(session.key().name(), first == 0 ? -1 : first - asked, System.nanoTime() - asked);
        }
    }

    /** The response after a tool round's last output; its result goes to every exchange that answered a call of the round. */
    CompletableFuture<ResponseResult> followUp(TurnInput input, List<CompletableFuture<ResponseResult>> waiters,
                                                       boolean callerWaits) {
        if (waiters.isEmpty() && !callerWaits) {
            return session.respondInOnly(input, null).thenApply(v -> null);
        }
        CompletableFuture<ResponseResult> result = session.respond(input, null);
        result.whenComplete((r, err) -> {
            for (CompletableFuture<ResponseResult> waiter : waiters) {
                if (err != null) {
                    waiter.completeExceptionally(unwrap(err));
                } else {
                    waiter.complete(r);
                }
            }
        });
        return result;
    }
}
