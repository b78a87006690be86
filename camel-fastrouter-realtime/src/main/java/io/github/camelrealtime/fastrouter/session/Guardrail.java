package io.github.camelrealtime.fastrouter.session;

import java.util.concurrent.CompletableFuture;

/**
 * Checks the assistant's output as it grows ({@code guardrailRoute}). A check runs asynchronously: the audio path
 * never waits for it. A failed check counts as tripped.
 */
public interface Guardrail {

    /** What a check decided: tripped (stop the response) with a reason, or passed. */
    record Verdict(boolean tripped, String reason) {
        public static final Verdict PASSED = new Verdict(false, null);
    }

    /**
     * @param text  the response's transcript (or text) so far
     * @param last  whether the response is over and this is its last check
     */
    CompletableFuture<Verdict> check(RealtimeSession session, String responseId, String text, boolean last);
}
