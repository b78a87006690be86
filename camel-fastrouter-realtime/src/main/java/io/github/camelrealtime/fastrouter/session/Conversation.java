package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.protocol.ClientEvents;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation's bookkeeping: which exchange's turn it is, which server response and which input items belong
 * to whom, and what the server has said about the session. This class holds the state and the turns' side (submit,
 * input written, deadlines, abandoning); {@link ConversationEvents} holds what each server event means for them. Pure and single-threaded (the session calls it under its
 * lock): every method records what happened and appends the {@link Action}s that follow; it completes no future and
 * writes nothing. See {@code docs/session.md} for the turn model.
 *
 * <p>Correlation: a response is an exchange's when its {@code metadata.camel_request} names the turn; an unmarked
 * in-band response (server VAD, or a server that does not echo metadata) is adopted only by the current audio turn
 * after the server committed one of its items, or by a turn that asked from a server that does not echo metadata.
 * A server {@code error} belongs to whoever wrote its {@code event_id}; a transcript to whoever owns its
 * {@code item_id}. Every turn has a deadline; one that passes, or a failure, frees the conversation (cancelling the
 * turn's response, clearing its uncommitted audio) and leaves no entry behind.
 */
final class Conversation {

    // The state below is shared with ConversationEvents (same package, same lock): fields are package-private.

    private static final Logger LOG = LoggerFactory.getLogger(Conversation.class);

    final String name;
    final Supplier<Boolean> responseAudioWanted;
    private final Supplier<String> eventIds;
    final UnaryOperator<String> redact;
    final LongSupplier nanoTime;
    private final long responseTimeoutNanos;

    EffectiveSession effective = EffectiveSession.UNKNOWN;
    boolean open;
    final ArrayDeque<Turn> queue = new ArrayDeque<>();
    /** The in-band turn whose input is written or whose answer is awaited. */
    Turn current;
    boolean speaking;
    /**
     * {@code input_audio_buffer.clear}s sent for abandoned audio and not yet answered with {@code cleared}: an item the
     * server commits meanwhile is made of that audio (the server handles events in order), so no turn takes it.
     */
    final java.util.Set<String> clearsUnanswered = new java.util.LinkedHashSet<>();
    long lastSpeechNanos;
    /** When the server last emptied its input buffer (committed or cleared). */
    long bufferEmptiedNanos;
    final Correlation ids = new Correlation();
    final ToolRoundPlanner tools;
    final ServerResponses responses;
    private final ConversationEvents events;

    /**
     * @param approvalAnswers the input that answers a response's MCP approval requests; null leaves them to the application
     */
    Conversation(String name, AudioFormat outputFormat, Predicate<String> toolRouted, Supplier<Boolean> responseAudioWanted,
                 Function<List<ToolCall>, TurnInput> routedAnswers, Function<McpRound, TurnInput> approvalAnswers,
                 Supplier<String> eventIds, UnaryOperator<String> redact, LongSupplier nanoTime, long responseTimeoutNanos) {
        this.name = name;
        this.responseAudioWanted = responseAudioWanted;
        this.tools = new ToolRoundPlanner(name, toolRouted, routedAnswers, approvalAnswers, responseTimeoutNanos);
        this.eventIds = eventIds;
        this.redact = redact;
        this.nanoTime = nanoTime;
        this.responseTimeoutNanos = responseTimeoutNanos;
        this.responses = new ServerResponses(outputFormat, nanoTime);
        this.events = new ConversationEvents(this);
    }

    // ------------------------------------------------------------------ what the session asks

    EffectiveSession effective() {
        return effective;
    }

    /** Exchanges waiting for their turn, plus the one whose turn it is, plus out-of-band ones running. */
    int pendingTurns() {
        return queue.size() + (current == null ? 0 : 1) + ids.outOfBandRunning();
    }

    /**
     * Nothing would be cut by a new socket: no turn, no response running, the caller not speaking (nor in the last
     * {@code quietNanos}), and no audio of an unfinished turn in the server's buffer: with server VAD a stream of
     * silence is fine (the VAD reports speech), without it audio appended since the last commit is a turn in progress.
     */
    boolean quiet(long lastAppendNanos, long quietNanos) {
        long now = nanoTime.getAsLong();
        boolean bufferInUse = Boolean.TRUE.equals(effective.serverVad()) ? false : lastAppendNanos - bufferEmptiedNanos > 0;
        return open && current == null && queue.isEmpty() && !responses.holdConversation() && ids.nothingRunning() && tools.ledger.idle()
               && !speaking && now - lastSpeechNanos >= quietNanos && !bufferInUse;
    }

    ToolCallLedger.Outcome toolAnswered(String callId, java.util.concurrent.CompletableFuture<ResponseResult> waiter) {
        return tools.ledger.answered(callId, waiter);
    }

    /** Remembers an event written for a turn, so a server error naming it fails that turn. */
    void attribute(Turn turn, String eventId) {
        ids.attribute(turn, eventId);
    }

    // ------------------------------------------------------------------ socket lifecycle

    /** A socket is open and configured: turns may run. */
    void opened(List<Action> out) {
        open = true;
        responses.opened();
        pump(out);
    }

    /**
     * The socket is gone: what ran on it fails (the server's conversation is gone with it); queued turns that wrote
     * nothing keep their place for the next socket unless {@code all}. Tool continuations answer calls of the old
     * conversation, so they fail too.
     */
    void lost(Throwable failure, boolean all, List<Action> out) {
        open = false;
        if (current != null) {
            settleFailure(current, failure, out);
            current = null;
        }
        for (Turn t : new ArrayList<>(queue)) {
            if (all || t.toolRounds > 0) {
                queue.remove(t);
                settleFailure(t, failure, out);
            }
        }
        for (Turn t : ids.askedTurns()) {
            settleFailure(t, failure, out);
        }
        List<java.util.concurrent.CompletableFuture<ResponseResult>> waiters = tools.ledger.clear();
        if (!waiters.isEmpty()) {
            out.add(new Action.SettleWaiters(waiters, null, failure));
        }
        ids.clear();
        responses.clear();
        speaking = false;
        clearsUnanswered.clear();
        bufferEmptiedNanos = nanoTime.getAsLong();
    }

    // ------------------------------------------------------------------ turns

    void submit(Turn turn, List<Action> out) {
        if (turn.kind == Turn.Kind.OUT_OF_BAND) {
            turn.phase = Turn.Phase.AWAIT_ANSWER;
            sendCreate(turn, out);
            return;
        }
        queue.add(turn);
        pump(out);
    }

    void pump(List<Action> out) {
        if (!open || current != null || responses.holdConversation()) {
            return;
        }
        Turn next = queue.poll();
        if (next == null) {
            return;
        }
        current = next;
        next.phase = Turn.Phase.INPUT;
        out.add(new Action.RunInput(next));
    }

    /** The turn's input is written: commit and ask as the server's session requires. */
    void inputWritten(Turn turn, List<Action> out) {
        if (turn != current || turn.phase != Turn.Phase.INPUT) {
            return;
        }
        switch (turn.kind) {
            case RESPOND -> {
                if (turn.mcpCallsRunning != null && !turn.mcpCallsRunning.isEmpty()) {
                    // the server runs the approved MCP calls by itself: their outputs must be there when the model answers
                    turn.phase = Turn.Phase.AWAIT_MCP_CALLS;
                    return;
                }
                turn.phase = Turn.Phase.AWAIT_ANSWER;
                sendCreate(turn, out);
            }
            // the server answers with session.updated (or an error naming the update's event_id)
            case UPDATE -> turn.phase = Turn.Phase.AWAIT_ANSWER;
            case AUDIO, TRANSCRIBE -> {
                if (turn.commitAtOnce || !effective.serverMayCommit()) {
                    sendCommit(turn, out);
                    if (turn.kind == Turn.Kind.AUDIO) {
                        // asked at once, not after the commit's echo: one round trip less per exchange
                        turn.phase = Turn.Phase.AWAIT_ANSWER;
                        sendCreate(turn, out);
                    } else {
                        turn.phase = Turn.Phase.AWAIT_COMMIT;
                    }
                } else if (!turn.items.isEmpty() && turn.kind == Turn.Kind.AUDIO) {
                    committed(turn, out);
                } else {
                    // a transcription turn collects every item the VAD commits from its upload (one upload may hold
                    // several utterances) until the commit bound; it commits by itself only if the server committed none
                    turn.phase = Turn.Phase.AWAIT_COMMIT;
                    out.add(new Action.WaitForCommit(turn, effective.commitBoundMillis()));
                }
            }
            default -> throw new IllegalStateException("not a queued turn: " + turn);
        }
    }

    /** The turn's approvals let these MCP calls run (its input is being written): it asks once they ended. */
    void awaitMcpCalls(Turn turn, java.util.Set<String> callItemIds) {
        if (turn == current && turn.phase == Turn.Phase.INPUT) {
            turn.mcpCallsRunning = new java.util.LinkedHashSet<>(callItemIds);
        }
    }

    /** An MCP call ended (completed or failed): the turn that waited for it asks for its response after the last one. */
    void mcpCallEnded(String itemId, List<Action> out) {
        Turn t = current;
        if (t == null || t.mcpCallsRunning == null || !t.mcpCallsRunning.remove(itemId) || !t.mcpCallsRunning.isEmpty()) {
            return;
        }
        if (t.phase == Turn.Phase.AWAIT_MCP_CALLS && t.responseId == null) {
            t.phase = Turn.Phase.AWAIT_ANSWER;
            sendCreate(t, out);
        }
    }

    void inputFailed(Turn turn, Throwable failure, List<Action> out) {
        if (turn == current) {
            abandon(turn, failure, out);
        }
    }

    /** The server did not commit the turn's audio in time: the client commits it. */
    void commitWaitOver(Turn turn, List<Action> out) {
        if (turn != current || turn.phase != Turn.Phase.AWAIT_COMMIT || turn.clientCommitted) {
            return;
        }
        if (!turn.items.isEmpty()) {
            committed(turn, out);
            return;
        }
        LOG.debug("Session {}: the server did not commit the audio of {} in time; committing it", name, turn.id);
        sendCommit(turn, out);
    }

    /** The turn's deadline passed: it fails, and whatever it held is let go. */
    void deadlinePassed(Turn turn, List<Action> out) {
        if (turn.phase == Turn.Phase.DONE) {
            // finished, or carried on by a tool-round continuation that watches the same deadline
            return;
        }
        RealtimeResponseTimeoutException timeout = new RealtimeResponseTimeoutException("No "
                + (turn.kind == Turn.Kind.TRANSCRIBE ? "transcript" : "response.done") + " within "
                + java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(responseTimeoutNanos) + " ms for request " + turn.id
                + " on session " + name + describeWait(turn));
        if (queue.remove(turn)) {
            settleFailure(turn, timeout, out);
            turn.phase = Turn.Phase.DONE;
            freeFromUnownedResponse(out);
        } else if (turn == current) {
            abandon(turn, timeout, out);
        } else if (turn.kind == Turn.Kind.OUT_OF_BAND && turn.phase != Turn.Phase.DONE) {
            settleFailure(turn, timeout, out);
            if (turn.responseId != null) {
                out.add(send(ClientEvents.responseCancel(turn.responseId), null));
                responses.letGo(turn.responseId);
            } else {
                ids.abandoned(turn.id);
            }
            forget(turn);
            turn.phase = Turn.Phase.DONE;
        } else {
            settleFailure(turn, timeout, out);
        }
    }

    private String describeWait(Turn t) {
        if (t.phase == Turn.Phase.QUEUED) {
            return " (still waiting for its turn" + (responses.active() != null ? "; response " + responses.active() + " held the conversation)" : ")");
        }
        if (t.phase == Turn.Phase.AWAIT_COMMIT) {
            return " (its audio was never committed)";
        }
        if (t.phase == Turn.Phase.AWAIT_MCP_CALLS) {
            return " (the approved MCP calls " + t.mcpCallsRunning + " never ended)";
        }
        return t.responseId == null ? " (no response was created)" : " (response " + t.responseId + ")";
    }

    /**
     * A queued turn timed out behind a response nobody owns (the server's own, or one left by an abandoned turn): that
     * response is cancelled so the conversation does not stay held.
     */
    private void freeFromUnownedResponse(List<Action> out) {
        String blocking = responses.active();
        if (current == null && blocking != null && !ids.owned(blocking)) {
            out.add(send(ClientEvents.responseCancel(blocking), null));
        }
        responses.letGo(blocking);
        pump(out);
    }

    /** The current turn gives the conversation up: its response is cancelled, its uncommitted audio cleared. */
    void abandon(Turn turn, Throwable failure, List<Action> out) {
        settleFailure(turn, failure, out);
        if (responses.running(turn.responseId)) {
            out.add(send(ClientEvents.responseCancel(turn.responseId), null));
        }
        if (turn.audio() && (turn.phase == Turn.Phase.INPUT || turn.phase == Turn.Phase.AWAIT_COMMIT)) {
            clearLeftover(out);
        }
        ids.abandoned(turn.id);
        forget(turn);
        responses.letGo(turn.responseId);
        turn.phase = Turn.Phase.DONE;
        current = null;
        pump(out);
    }

    void finishCurrent(Turn turn, List<Action> out) {
        forget(turn);
        turn.phase = Turn.Phase.DONE;
        if (current == turn) {
            current = null;
        }
        pump(out);
    }

    void forget(Turn turn) {
        ids.forget(turn);
    }

    /**
     * Drops audio in the server's buffer that belongs to a turn that is over (abandoned, or answered while more of its
     * audio was coming): an item the server commits from it before its {@code cleared} is taken by no turn.
     */
    void clearLeftover(List<Action> out) {
        Action.Send clear = send(ClientEvents.clearInputBuffer(), null);
        clearsUnanswered.add(clear.event().eventId());
        out.add(clear);
    }

    // ------------------------------------------------------------------ writing

    Action.Send send(RealtimeEvent event, Turn owner) {
        return new Action.Send(event.withEventId(eventIds.get()), owner, false);
    }

    private void sendCommit(Turn turn, List<Action> out) {
        Action.Send commit = send(ClientEvents.commit(), turn);
        turn.commitEventId = commit.event().eventId();
        turn.clientCommitted = true;
        attribute(turn, turn.commitEventId);
        out.add(commit);
    }

    void sendCreate(Turn turn, List<Action> out) {
        ObjectNode params = turn.params != null ? turn.params : JsonNodeFactory.instance.objectNode();
        RealtimeEvent create = ClientEvents.responseCreate(params, Turn.METADATA_KEY, turn.id).withEventId(eventIds.get());
        turn.createEventId = create.eventId();
        turn.createSent = true;
        turn.outcome.askedNanos = nanoTime.getAsLong();
        ids.asked(turn);
        attribute(turn, turn.createEventId);
        out.add(new Action.Send(create, turn, !turn.outcome.replyWanted()));
    }

    /** A write for the turn failed (the socket is closing, the queue is full): the turn fails. */
    void sendFailed(Turn turn, Throwable failure, List<Action> out) {
        if (turn == current) {
            abandon(turn, failure, out);
        } else if (turn.kind == Turn.Kind.OUT_OF_BAND) {
            settleFailure(turn, failure, out);
            forget(turn);
        } else {
            settleFailure(turn, failure, out);
        }
    }

    // ------------------------------------------------------------------ server events (the rules: ConversationEvents)

    /** Applies one server event; returns the aggregate when the event ends a response. */
    ResponseResult onEvent(RealtimeEvent event, List<Action> out) {
        return events.apply(event, out);
    }

    /** The turn's audio is committed (and its upload over): now its answer. */
    void committed(Turn t, List<Action> out) {
        t.phase = Turn.Phase.AWAIT_ANSWER;
        if (t.kind == Turn.Kind.TRANSCRIBE) {
            completeTranscripts(t, out);
        } else if (t.responseId == null && !t.createSent && (t.clientCommitted || !effective.serverResponds())) {
            sendCreate(t, out);
        } else {
            // the server answers what it committed: the request is its commit
            t.outcome.askedNanos = nanoTime.getAsLong();
        }
    }

    /** A transcription turn is answered once every item committed from its audio has its transcript. */
    void completeTranscripts(Turn t, List<Action> out) {
        RealtimeEvent reply = t.phase == Turn.Phase.AWAIT_ANSWER ? t.transcriptReply() : null;
        if (reply != null) {
            settleReply(t, reply, out);
            if (t == current && speaking) {
                clearLeftover(out);
            }
            finishCurrentOrForget(t, out);
        }
    }

    void finishCurrentOrForget(Turn owner, List<Action> out) {
        if (owner == current) {
            finishCurrent(owner, out);
        } else {
            forget(owner);
            owner.phase = Turn.Phase.DONE;
        }
    }

    // ------------------------------------------------------------------ settling

    void settleResult(Turn t, ResponseResult result, List<Action> out) {
        if (result.completed()) {
            settleReply(t, result, out);
        } else {
            settleFailure(t, new RealtimeResponseException(result), out);
        }
    }

    void settleReply(Turn t, Object reply, List<Action> out) {
        if (t.outcome.settled) {
            return;
        }
        t.outcome.settled = true;
        out.add(new Action.Reply(t.outcome, reply));
    }

    void settleFailure(Turn t, Throwable failure, List<Action> out) {
        if (t.outcome.settled) {
            return;
        }
        t.outcome.settled = true;
        out.add(new Action.Fail(t.outcome, failure));
    }

    // ------------------------------------------------------------------ barge-in

    /** The events that stop a response a guardrail tripped on (see {@link ServerResponses#stop}). */
    List<RealtimeEvent> stopResponse(String responseId, String itemId) {
        return responses.stop(responseId, itemId);
    }

    /** The events that interrupt the reply being played (see {@link ServerResponses#interrupt}). */
    List<RealtimeEvent> interrupt(Long playedMs) {
        return responses.interrupt(playedMs, effective.serverCancelsOnSpeech());
    }
}
