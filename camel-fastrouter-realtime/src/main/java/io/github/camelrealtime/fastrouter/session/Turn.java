package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * One exchange's use of the conversation: the input it writes, and what it waits for. Identified on the wire by
 * {@code response.metadata.camel_request} (its {@link #id}), by the {@code event_id}s it wrote, and by the input
 * items the server committed from its audio. Mutable fields belong to the {@link Conversation} (so: guarded by the
 * session's lock).
 */
final class Turn {

    static final String METADATA_KEY = "camel_request";

    enum Kind {
        /** Writes its input (text, tool outputs, a commit, nothing), then asks for a response. */
        RESPOND,
        /** Writes audio; it is committed (by the server's VAD, else by the client), then answered. */
        AUDIO,
        /** Writes audio to a transcription session; answered with the transcripts of the items committed from it. */
        TRANSCRIBE,
        /** A response outside the conversation ({@code conversation: "none"}); never queued. */
        OUT_OF_BAND,
        /** Writes a {@code session.update} at a turn boundary (a handoff); answered by {@code session.updated}. */
        UPDATE
    }

    /** AWAIT_MCP_CALLS: its input approved MCP calls the server runs by itself; it asks for its response once they ended. */
    enum Phase { QUEUED, INPUT, AWAIT_COMMIT, AWAIT_MCP_CALLS, AWAIT_ANSWER, DONE }

    /**
     * Where an exchange's outcome goes; shared by a turn and its tool-round continuations. {@code settled} is decided
     * under the session's lock (first outcome wins); the futures are completed afterwards, off the lock.
     */
    static final class Outcome {
        final CompletableFuture<Void> written = new CompletableFuture<>();
        /** The reply ({@link ResponseResult}, or a transcript {@link RealtimeEvent}); null for InOnly exchanges. */
        final CompletableFuture<Object> reply;
        /** Written under the session's lock; read by writers outside it to stop writing for an ended exchange. */
        volatile boolean settled;
        /** When its (latest) response was asked for, and when that response's first audio arrived; 0 = not yet. */
        volatile long askedNanos;
        volatile long firstAudioNanos;
        /** Deadline timers of the turn and its continuations, cancelled once the exchange is settled. */
        private final List<ScheduledFuture<?>> timers = new ArrayList<>(1);

        void watch(ScheduledFuture<?> timer) {
            boolean cancel;
            synchronized (timers) {
                cancel = settled;
                if (!cancel) {
                    timers.add(timer);
                }
            }
            if (cancel) {
                timer.cancel(false);
            }
        }

        void stopWatching() {
            synchronized (timers) {
                timers.forEach(t -> t.cancel(false));
                timers.clear();
            }
        }

        Outcome(boolean replyWanted) {
            this.reply = replyWanted ? new CompletableFuture<>() : null;
        }

        boolean replyWanted() {
            return reply != null;
        }
    }

    final String id;
    final Kind kind;
    final TurnInput input;
    /** The {@code response} object of its {@code response.create}; null when it asks for none of its own. */
    final ObjectNode params;
    final Outcome outcome;
    /** {@code System.nanoTime()} after which it fails and gives the conversation up. */
    final long deadlineNanos;
    /** How many tool round trips led to this turn (continuations count up). */
    final int toolRounds;

    Phase phase = Phase.QUEUED;
    String createEventId;
    String commitEventId;
    String responseId;
    boolean createSent;
    /** Commit as soon as the input is written, whatever the server's VAD (the producer's {@code commit} verb). */
    boolean commitAtOnce;
    /** The client committed its audio (so the server will not answer it by itself). */
    boolean clientCommitted;
    /** Input items the server committed from its audio, in order. */
    final List<String> items = new ArrayList<>(1);
    /** Transcripts of those items (TRANSCRIBE). */
    final Map<String, RealtimeEvent> transcripts = new LinkedHashMap<>();
    /** The event ids written for it, for error correlation. */
    final List<String> eventIds = new ArrayList<>();
    /** Item ids of the MCP calls its approvals let run that have not ended yet; null when it approved none. */
    java.util.Set<String> mcpCallsRunning;

    Turn(String id, Kind kind, TurnInput input, ObjectNode params, Outcome outcome, long deadlineNanos, int toolRounds) {
        this.id = id;
        this.kind = kind;
        this.input = input;
        this.params = params;
        this.outcome = outcome;
        this.deadlineNanos = deadlineNanos;
        this.toolRounds = toolRounds;
    }

    /** The follow-up after a tool round's outputs: same id and outcome, new input, a fresh {@code response.create}. */
    Turn continuation(TurnInput toolOutputs, ObjectNode params, long deadlineNanos) {
        return new Turn(id, Kind.RESPOND, toolOutputs, params, outcome, deadlineNanos, toolRounds + 1);
    }

    /** The reply of a transcription turn once every item has its transcript (several joined by a space), else null. */
    RealtimeEvent transcriptReply() {
        if (items.isEmpty() || transcripts.size() < items.size()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        RealtimeEvent last = null;
        for (String item : items) {
            last = transcripts.get(item);
            if (last == null) {
                return null;
            }
            String part = last.text("transcript");
            if (part != null && !part.isBlank()) {
                text.append(text.length() == 0 ? "" : " ").append(part.strip());
            }
        }
        if (items.size() == 1) {
            return last;
        }
        com.fasterxml.jackson.databind.node.ObjectNode merged = last.fields().deepCopy();
        merged.put("transcript", text.toString());
        return RealtimeEvent.of(last.type(), merged);
    }

    boolean audio() {
        return kind == Kind.AUDIO || kind == Kind.TRANSCRIBE;
    }

    @Override
    public String toString() {
        return "Turn[" + id + ", " + kind + ", " + phase + (responseId == null ? "" : ", " + responseId) + "]";
    }
}
