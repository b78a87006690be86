package io.github.camelrealtime.fastrouter.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * The session in force as the server last reported it ({@code session.created}, {@code session.updated}, in either
 * dialect). Turn handling is decided from this, never from a default the client assumes: servers differ (OpenAI
 * defaults to server VAD, a proxy may report {@code turn_detection: null}). A field the server did not report keeps
 * its previous value; before any report everything is unknown.
 *
 * @param serverVad        whether the server detects turns (commits by itself); null = not reported
 * @param vadType          {@code server_vad} or {@code semantic_vad}, when on
 * @param createResponse   whether the server answers a turn it committed by itself
 * @param interruptResponse whether the server cancels its response when the caller starts speaking
 * @param silenceMs        the server VAD's {@code silence_duration_ms}, when reported
 * @param eagerness        the semantic VAD's {@code eagerness}, when reported
 */
public record EffectiveSession(Boolean serverVad, String vadType, boolean createResponse, boolean interruptResponse,
                               Integer silenceMs, String eagerness) {

    /** Nothing reported yet. */
    public static final EffectiveSession UNKNOWN = new EffectiveSession(null, null, true, true, null, null);

    /** How long past the VAD's own end-of-turn wait the server gets to commit an upload before the client does. */
    static final long COMMIT_GRACE_MILLIS = 1000;
    private static final int DEFAULT_SILENCE_MS = 500;

    /** This session updated with what a {@code session.created}/{@code session.updated} event says. */
    public EffectiveSession update(RealtimeEvent sessionEvent) {
        JsonNode session = sessionEvent.fields().path("session");
        JsonNode detection = session.path("audio").path("input").get("turn_detection");
        if (detection == null) {
            detection = session.get("turn_detection");
        }
        if (detection == null) {
            return this;
        }
        if (detection.isNull() || !detection.isObject()) {
            return new EffectiveSession(false, null, createResponse, interruptResponse, null, null);
        }
        JsonNode silence = detection.get("silence_duration_ms");
        return new EffectiveSession(true,
                detection.path("type").asText("server_vad"),
                detection.path("create_response").asBoolean(true),
                detection.path("interrupt_response").asBoolean(true),
                silence != null && silence.isNumber() ? silence.asInt() : null,
                detection.hasNonNull("eagerness") ? detection.get("eagerness").asText() : null);
    }

    /** Whether an upload may be committed by the server (VAD on, or not known to be off): wait for it, bounded. */
    public boolean serverMayCommit() {
        return !Boolean.FALSE.equals(serverVad);
    }

    /** Whether the server answers the turns it commits by itself (so the client must not ask too). */
    public boolean serverResponds() {
        return Boolean.TRUE.equals(serverVad) && createResponse;
    }

    /** Whether the server cancels a playing response on barge-in by itself. */
    public boolean serverCancelsOnSpeech() {
        return Boolean.TRUE.equals(serverVad) && interruptResponse;
    }

    /**
     * How long after an upload ends the client waits for the server's own commit before it commits: the VAD's
     * end-of-turn wait (silence duration; for semantic VAD its longest wait per eagerness) plus
     * {@value #COMMIT_GRACE_MILLIS} ms for the server to process the tail of the audio.
     */
    public long commitBoundMillis() {
        long vadWait;
        if ("semantic_vad".equals(vadType)) {
            vadWait = switch (eagerness == null ? "auto" : eagerness) {
                case "low" -> 8000;
                case "high" -> 2000;
                default -> 4000;
            };
        } else {
            vadWait = silenceMs != null ? silenceMs : DEFAULT_SILENCE_MS;
        }
        return vadWait + COMMIT_GRACE_MILLIS;
    }
}
