package io.github.camelrealtime.fastrouter.session;

/**
 * The voice-agent features of a session (DESIGN.md §11): history replay across sockets, guardrail checks of the
 * assistant's output, call recording.
 *
 * @param historyReplay          replay the conversation's text history on every new socket of it
 * @param historyMaxItems        the history keeps at most this many items (oldest go first)
 * @param historyStore           where the history is kept for another instance to take the call over; null = only in
 *                               the live session (survives reconnects and recycles, not a new session)
 * @param guardrail              checks the assistant's output; null = none
 * @param guardrailDebounceChars a check every this many characters of output, and one at the end; 0 = only at the end
 * @param recording              where the call's stereo recording goes when the session closes; null = not recorded
 */
public record AgentFeatures(boolean historyReplay, int historyMaxItems, HistoryStore historyStore, Guardrail guardrail,
                            int guardrailDebounceChars, RecordingSink recording) {

    public static final AgentFeatures NONE = new AgentFeatures(false, 0, null, null, 0, null);
}
