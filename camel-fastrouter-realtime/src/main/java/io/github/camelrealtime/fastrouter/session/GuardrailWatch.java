package io.github.camelrealtime.fastrouter.session;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * When to check the assistant's output (debounced by length, as the Agents SDK does: a check each time the text grew by
 * {@code debounceChars} since the last one, at most one check in flight per response, and one last check when the
 * response is over), and which responses a guardrail stopped. Decides only: it runs no check and calls nothing while
 * holding its monitor; the session runs the {@link Check}s it returns. Thread-safe (socket threads feed it events,
 * route threads report verdicts).
 */
final class GuardrailWatch {

    /** Responses whose verdict is remembered after they ended, for an exchange that asks late. */
    private static final int REMEMBERED = 64;

    /** A check to run: the text so far, and whether it is the response's last. */
    record Check(String responseId, String text, boolean last) {
    }

    private static final class Watched {
        final StringBuilder text = new StringBuilder();
        final CompletableFuture<Guardrail.Verdict> verdict = new CompletableFuture<>();
        int nextCheckAt;
        boolean inFlight;
        boolean over;
        String itemId;
    }

    private final int debounceChars;
    private final Map<String, Watched> running = new HashMap<>();
    private final Map<String, CompletableFuture<Guardrail.Verdict>> ended = new LinkedHashMap<>();
    private final Map<String, String> trippedItems = new LinkedHashMap<>();

    GuardrailWatch(int debounceChars) {
        this.debounceChars = debounceChars;
    }

    /** Takes one server event; returns the check it makes due, or null. */
    synchronized Check onEvent(RealtimeEvent event) {
        String type = event.type();
        String responseId = event.responseId();
        if (responseId == null) {
            if (EventTypes.RESPONSE_DONE.equals(type)) {
                responseId = event.fields().path("response").path("id").asText(null);
            }
            if (responseId == null) {
                return null;
            }
        }
        if (EventTypes.RESPONSE_OUTPUT_AUDIO_TRANSCRIPT_DELTA.equals(type) || EventTypes.RESPONSE_OUTPUT_TEXT_DELTA.equals(type)) {
            if (trippedItems.containsKey(responseId) || event.delta() == null) {
                return null;
            }
            Watched w = running.computeIfAbsent(responseId, id -> {
                Watched n = new Watched();
                n.nextCheckAt = debounceChars > 0 ? debounceChars : Integer.MAX_VALUE;
                return n;
            });
            w.text.append(event.delta());
            w.itemId = event.itemId();
            return w.inFlight || w.text.length() < w.nextCheckAt ? null : start(responseId, w, false);
        }
        if (EventTypes.RESPONSE_DONE.equals(type)) {
            Watched w = running.get(responseId);
            if (w == null) {
                return null;
            }
            w.over = true;
            if (!"completed".equals(event.responseStatus())) {
                // cancelled, failed, incomplete: the exchange fails anyway; nothing more to check
                finish(responseId, w, Guardrail.Verdict.PASSED);
                return null;
            }
            return w.inFlight ? null : start(responseId, w, true);
        }
        return null;
    }

    private Check start(String responseId, Watched w, boolean last) {
        w.inFlight = true;
        w.nextCheckAt = w.text.length() + Math.max(1, debounceChars);
        return new Check(responseId, w.text.toString(), last);
    }

    /** A check passed: returns the next one that became due meanwhile (or the last one), or null. */
    synchronized Check passed(Check check) {
        Watched w = running.get(check.responseId());
        if (w == null) {
            return null;
        }
        w.inFlight = false;
        if (check.last()) {
            finish(check.responseId(), w, Guardrail.Verdict.PASSED);
            return null;
        }
        if (w.over) {
            return start(check.responseId(), w, true);
        }
        return debounceChars > 0 && w.text.length() >= w.nextCheckAt ? start(check.responseId(), w, false) : null;
    }

    /**
     * A check tripped. Returns the assistant item whose output it stopped (null when it had none), or null when the
     * response was stopped already.
     */
    synchronized Tripped trip(String responseId, String reason) {
        if (trippedItems.containsKey(responseId)) {
            return null;
        }
        Watched w = running.get(responseId);
        String itemId = w == null ? null : w.itemId;
        trippedItems.put(responseId, itemId == null ? "" : itemId);
        trimTripped();
        Guardrail.Verdict verdict = new Guardrail.Verdict(true, reason);
        if (w != null) {
            finish(responseId, w, verdict);
        } else {
            remember(responseId, CompletableFuture.completedFuture(verdict));
        }
        return new Tripped(responseId, itemId, reason);
    }

    record Tripped(String responseId, String itemId, String reason) {
    }

    /** Whether a guardrail stopped this response (its remaining deltas are not delivered). */
    synchronized boolean tripped(String responseId) {
        return responseId != null && trippedItems.containsKey(responseId);
    }

    /** The verdict of a response's last check; passed at once when nothing of it was checked. */
    synchronized CompletableFuture<Guardrail.Verdict> verdict(String responseId) {
        Watched w = running.get(responseId);
        if (w != null) {
            return w.verdict;
        }
        CompletableFuture<Guardrail.Verdict> known = ended.get(responseId);
        return known != null ? known : CompletableFuture.completedFuture(Guardrail.Verdict.PASSED);
    }

    /** The socket is gone: responses on it will not end; their waiters are told they passed (the exchange fails anyway). */
    void clear() {
        Map<String, Watched> gone;
        synchronized (this) {
            gone = new HashMap<>(running);
            running.clear();
        }
        gone.values().forEach(w -> w.verdict.complete(Guardrail.Verdict.PASSED));
    }

    private void finish(String responseId, Watched w, Guardrail.Verdict verdict) {
        running.remove(responseId);
        remember(responseId, w.verdict);
        // completing runs waiters' callbacks here: they only hand work to other threads (RealtimeSession#guarded)
        w.verdict.complete(verdict);
    }

    private void remember(String responseId, CompletableFuture<Guardrail.Verdict> verdict) {
        ended.put(responseId, verdict);
        Iterator<String> it = ended.keySet().iterator();
        while (ended.size() > REMEMBERED && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private void trimTripped() {
        Iterator<String> it = trippedItems.keySet().iterator();
        while (trippedItems.size() > REMEMBERED && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
