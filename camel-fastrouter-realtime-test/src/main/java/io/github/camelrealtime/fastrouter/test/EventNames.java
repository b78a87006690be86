package io.github.camelrealtime.fastrouter.test;

import java.util.Map;

/**
 * The beta wire names that have another name in GA, so the simulator's queries ({@code receivedEvents(type)},
 * {@code sentEvents(type)}, the counts and the waits) accept the GA name whatever dialect the client speaks: on a beta
 * connection {@code response.audio.delta} is found as {@code response.output_audio.delta} too. The beta name still
 * finds the event as well; on a GA connection only GA names exist.
 */
final class EventNames {

    private static final Map<String, String> BETA_TO_GA = Map.ofEntries(
            Map.entry("response.text.delta", "response.output_text.delta"),
            Map.entry("response.text.done", "response.output_text.done"),
            Map.entry("response.audio.delta", "response.output_audio.delta"),
            Map.entry("response.audio.done", "response.output_audio.done"),
            Map.entry("response.audio_transcript.delta", "response.output_audio_transcript.delta"),
            Map.entry("response.audio_transcript.done", "response.output_audio_transcript.done"),
            Map.entry("conversation.item.created", "conversation.item.added"),
            Map.entry("transcription_session.update", "session.update"),
            Map.entry("transcription_session.created", "session.created"),
            Map.entry("transcription_session.updated", "session.updated"),
            Map.entry("output_audio_buffer.audio_started", "output_audio_buffer.started"),
            Map.entry("output_audio_buffer.audio_stopped", "output_audio_buffer.stopped"),
            Map.entry("output_audio_buffer.audio_cleared", "output_audio_buffer.cleared"));

    private EventNames() {
    }

    /** The GA name of a type seen on a beta connection, or null when it has no other name. */
    static String gaAlias(String wireType, boolean beta) {
        return beta ? BETA_TO_GA.get(wireType) : null;
    }

    /** Whether an event of {@code wireType} (on a beta connection or not) answers a query for {@code type}. */
    static boolean matches(String wireType, boolean beta, String type) {
        return type.equals(wireType) || type.equals(gaAlias(wireType, beta));
    }
}
