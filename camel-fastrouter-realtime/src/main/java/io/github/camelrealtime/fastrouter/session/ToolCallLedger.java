package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Which function calls of which responses still wait for their output, so that exactly one {@code response.create}
 * follows the last output of a response, whoever gives it (a tool route or a producer message) and whenever (even
 * before the response is done). Not thread-safe: the session uses it under its lock.
 */
final class ToolCallLedger {

    /** What an answer means for its response. */
    enum Answer {
        /** The last output of a finished response: the follow-up response is due now. */
        DUE,
        /** Other calls of the response (or the response itself) are not finished yet. */
        WAITING,
        /** A call this session does not know (from an earlier session, or a typo): answer it and ask for a response. */
        UNKNOWN
    }

    /**
     * An answer's effect, and the exchanges that wait for the follow-up response (InOut producers that answered an
     * earlier call of the same response): whoever makes the follow-up due hands them its result.
     */
    record Outcome(Answer answer, List<CompletableFuture<ResponseResult>> followUpWaiters) {
    }

    private static final class Calls {
        private final Set<String> open = new LinkedHashSet<>();
        private final Set<String> answered = new LinkedHashSet<>();
        private final List<CompletableFuture<ResponseResult>> waiters = new ArrayList<>();
        private boolean responseDone;
    }

    private final Map<String, Calls> byResponse = new HashMap<>();
    private final Map<String, String> responseByCall = new HashMap<>();

    /** The model finished a call ({@code function_call_arguments.done}); its response may still be running. */
    void callMade(String responseId, String callId) {
        if (responseId == null || callId == null) {
            return;
        }
        Calls calls = byResponse.computeIfAbsent(responseId, id -> new Calls());
        if (!calls.answered.contains(callId)) {
            calls.open.add(callId);
            responseByCall.put(callId, responseId);
        }
    }

    /** The response ended with these calls; DUE when all of them are answered already (the follow-up is due now). */
    Outcome responseDone(String responseId, Collection<String> callIds) {
        Calls calls = byResponse.computeIfAbsent(responseId, id -> new Calls());
        calls.responseDone = true;
        for (String callId : callIds) {
            if (!calls.answered.contains(callId) && calls.open.add(callId)) {
                responseByCall.put(callId, responseId);
            }
        }
        if (calls.open.isEmpty()) {
            byResponse.remove(responseId);
            return new Outcome(Answer.DUE, calls.waiters);
        }
        return new Outcome(Answer.WAITING, List.of());
    }

    /**
     * Records the output of a call.
     *
     * @param waiter an exchange that wants the follow-up's result even if another answer makes it due; may be null
     */
    Outcome answered(String callId, CompletableFuture<ResponseResult> waiter) {
        String responseId = responseByCall.remove(callId);
        Calls calls = responseId == null ? null : byResponse.get(responseId);
        if (calls == null) {
            return new Outcome(Answer.UNKNOWN, List.of());
        }
        calls.open.remove(callId);
        calls.answered.add(callId);
        if (calls.responseDone && calls.open.isEmpty()) {
            byResponse.remove(responseId);
            return new Outcome(Answer.DUE, calls.waiters);
        }
        if (waiter != null) {
            calls.waiters.add(waiter);
        }
        return new Outcome(Answer.WAITING, List.of());
    }

    /**
     * The response's calls need no follow-up from the ledger (answered as a whole by routes, or the response failed);
     * returns the exchanges that were waiting for that follow-up, for the caller to settle.
     */
    List<CompletableFuture<ResponseResult>> forget(String responseId) {
        Calls calls = byResponse.remove(responseId);
        if (calls == null) {
            return List.of();
        }
        calls.open.forEach(responseByCall::remove);
        return calls.waiters;
    }

    /** Whether no response's calls wait for outputs (a socket swapped now would leave none unanswerable). */
    boolean idle() {
        return byResponse.isEmpty();
    }

    /** Every exchange still waiting for a follow-up (to fail them when the session ends), and forgets everything. */
    List<CompletableFuture<ResponseResult>> clear() {
        List<CompletableFuture<ResponseResult>> waiting = new ArrayList<>();
        byResponse.values().forEach(c -> waiting.addAll(c.waiters));
        byResponse.clear();
        responseByCall.clear();
        return waiting;
    }
}
