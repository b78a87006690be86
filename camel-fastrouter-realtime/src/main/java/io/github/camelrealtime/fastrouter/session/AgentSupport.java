package io.github.camelrealtime.fastrouter.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voice-agent side of one session, kept out of {@link RealtimeSession} so the facade stays small: the replayable
 * history (recorded under the session's lock, saved to the {@link HistoryStore} off it, one save at a time, latest
 * wins) and the guardrail (checks run asynchronously; a trip stops the response through the session).
 */
final class AgentSupport {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSupport.class);
    static final String GUARDRAIL_TRIPPED = "guardrail.tripped";

    private final RealtimeSession session;
    private final AgentFeatures features;
    private final Executor workers;
    /** Guarded by the session's lock; null when history replay is off. */
    private final ConversationHistory history;
    private final SerialExecutor saves;
    private volatile String unsaved;
    private final GuardrailWatch watch;
    /** Null when the call is not recorded. */
    private final CallRecorder recorder;

    AgentSupport(RealtimeSession session, AgentFeatures features, Executor workers) {
        this.session = session;
        this.features = features;
        this.workers = workers;
        this.history = features.historyReplay() ? new ConversationHistory(features.historyMaxItems()) : null;
        this.saves = new SerialExecutor(workers);
        this.watch = features.guardrail() == null ? null : new GuardrailWatch(features.guardrailDebounceChars());
        this.recorder = features.recording() == null ? null
                : new CallRecorder(session.options().inputFormat(), session.options().outputFormat(), CallRecorder.SPOOL_BYTES, System::nanoTime);
    }

    // ------------------------------------------------------------------ recording

    CallRecorder recorder() {
        return recorder;
    }

    /** A server event the caller was given (no lock held): assistant audio and cancelled responses go on the record. */
    void played(RealtimeEvent event) {
        if (recorder == null) {
            return;
        }
        if (EventTypes.RESPONSE_OUTPUT_AUDIO_DELTA.equals(event.type()) && event.hasAudio()) {
            recorder.assistantAudio(event.itemId(), event.responseId(), event.audio(), event.audioOffset(), event.audioLength());
        } else if (EventTypes.RESPONSE_DONE.equals(event.type()) && "cancelled".equals(event.responseStatus())) {
            recorder.cancelled(event.responseId());
        }
    }

    /** The session closed for good: the recording goes to its sink on a worker, then its temp files are deleted. */
    void closed() {
        if (recorder == null) {
            return;
        }
        RecordingSink.Recording recording = recorder.finish();
        if (recording == null) {
            return;
        }
        Runnable send = () -> {
            try {
                features.recording().deliver(session, recording);
            } catch (Exception | LinkageError e) {
                LOG.warn("Session {}: could not deliver its call recording: {}", session.key(), e.getMessage());
            } finally {
                recorder.release();
            }
        };
        try {
            workers.execute(send);
        } catch (RejectedExecutionException e) {
            send.run(); // the component is stopping: deliver on this thread rather than lose the call
        }
    }

    // ------------------------------------------------------------------ history

    /** Reads the saved history (call without the session's lock); null when there is none or no store. */
    String loadHistory() {
        HistoryStore store = features.historyStore();
        if (history == null || store == null) {
            return null;
        }
        try {
            return store.load(session.key().toString());
        } catch (RuntimeException e) {
            LOG.warn("Session {}: could not load its conversation history: {}", session.key(), e.getMessage());
            return null;
        }
    }

    void restoreLocked(String json) {
        if (history != null && json != null) {
            try {
                history.restore(json);
                LOG.info("Session {} took over a conversation of {} items", session.key(), history.size());
            } catch (IllegalArgumentException e) {
                LOG.warn("Session {}: ignoring its saved history: {}", session.key(), e.getMessage());
            }
        }
    }

    /** Records a server event (under the session's lock); returns the history to save, or null. */
    String recordLocked(RealtimeEvent event) {
        if (history == null || !history.onEvent(event)) {
            return null;
        }
        return features.historyStore() == null ? null : history.toJson();
    }

    /** The item creates that rebuild the history on a new socket (under the session's lock). */
    void replayLocked(Dialect dialect, Supplier<String> eventIds, List<Action> out) {
        if (history == null || history.size() == 0) {
            return;
        }
        List<RealtimeEvent> items = history.replay(dialect);
        LOG.debug("Session {} replays {} history items", session.key(), items.size());
        for (RealtimeEvent item : items) {
            out.add(new Action.Send(item.withEventId(eventIds.get()), null, false));
        }
    }

    /** Saves off the lock and off the socket's thread; a later snapshot replaces one not yet saved. */
    void save(String snapshot) {
        if (snapshot == null) {
            return;
        }
        unsaved = snapshot;
        try {
            saves.execute(() -> {
                String latest = unsaved;
                unsaved = null;
                if (latest != null) {
                    try {
                        features.historyStore().save(session.key().toString(), latest);
                    } catch (RuntimeException e) {
                        LOG.warn("Session {}: could not save its conversation history: {}", session.key(), e.getMessage());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Session {}: stopping; history not saved", session.key());
        }
    }

    // ------------------------------------------------------------------ guardrail

    /** Feeds the guardrail one server event (no lock held) and starts the check it makes due. */
    void onEvent(RealtimeEvent event) {
        if (watch != null) {
            run(watch.onEvent(event));
        }
    }

    /** Whether the event is output of a response a guardrail stopped (not delivered any more). */
    boolean suppressed(RealtimeEvent event) {
        if (watch == null || event.responseId() == null) {
            return false;
        }
        String type = event.type();
        boolean output = EventTypes.RESPONSE_OUTPUT_AUDIO_DELTA.equals(type) || EventTypes.RESPONSE_OUTPUT_AUDIO_TRANSCRIPT_DELTA.equals(type)
                         || EventTypes.RESPONSE_OUTPUT_TEXT_DELTA.equals(type);
        return output && watch.tripped(event.responseId());
    }

    void socketLost() {
        if (watch != null) {
            watch.clear();
        }
    }

    private void run(GuardrailWatch.Check check) {
        if (check == null) {
            return;
        }
        CompletableFuture<Guardrail.Verdict> verdict;
        try {
            verdict = features.guardrail().check(session, check.responseId(), check.text(), check.last());
        } catch (RuntimeException e) {
            verdict = CompletableFuture.failedFuture(e);
        }
        long timeout = session.options().responseTimeout().toMillis();
        verdict.completeOnTimeout(new Guardrail.Verdict(true, "the guardrail gave no verdict within " + timeout + " ms"), timeout,
                TimeUnit.MILLISECONDS).whenComplete((v, err) -> {
                    if (err != null) {
                        Throwable cause = RealtimeSession.unwrap(err);
                        trip(check.responseId(), cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
                    } else if (v != null && v.tripped()) {
                        trip(check.responseId(), v.reason());
                    } else {
                        run(watch.passed(check));
                    }
                });
    }

    private void trip(String responseId, String reason) {
        GuardrailWatch.Tripped tripped = watch.trip(responseId, reason);
        if (tripped == null) {
            return;
        }
        LOG.info("Session {}: the guardrail stopped response {}: {}", session.key(), responseId, reason);
        Long audioEndMs = session.stopResponse(responseId, tripped.itemId());
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("type", GUARDRAIL_TRIPPED);
        fields.put("response_id", responseId);
        if (tripped.itemId() != null) {
            fields.put("item_id", tripped.itemId());
        }
        if (audioEndMs != null) {
            fields.put("audio_end_ms", audioEndMs);
        }
        if (reason != null) {
            fields.put("reason", reason);
        }
        session.emitEvent(RealtimeEvent.of(GUARDRAIL_TRIPPED, fields));
    }

    /**
     * An InOut reply that passes the guardrail: it waits for the response's last check, and fails with
     * {@link RealtimeGuardrailTrippedException} when a guardrail stopped the response.
     */
    CompletableFuture<ResponseResult> guarded(CompletableFuture<ResponseResult> reply) {
        if (watch == null) {
            return reply;
        }
        CompletableFuture<ResponseResult> result = new CompletableFuture<>();
        reply.whenComplete((r, err) -> {
            if (err != null) {
                Throwable cause = RealtimeSession.unwrap(err);
                String responseId = cause instanceof RealtimeResponseException re && re.getResponse() != null
                        ? re.getResponse().responseId() : null;
                if (responseId != null && watch.tripped(responseId)) {
                    watch.verdict(responseId).whenCompleteAsync((v, e) -> result.completeExceptionally(
                            new RealtimeGuardrailTrippedException(responseId, v == null ? null : v.reason())), workers);
                } else {
                    result.completeExceptionally(cause);
                }
                return;
            }
            String responseId = r == null ? null : r.responseId();
            if (responseId == null) {
                result.complete(r);
                return;
            }
            watch.verdict(responseId).whenCompleteAsync((v, e) -> {
                if (v != null && v.tripped()) {
                    result.completeExceptionally(new RealtimeGuardrailTrippedException(responseId, v.reason()));
                } else {
                    result.complete(r);
                }
            }, workers);
        });
        return result;
    }
}
