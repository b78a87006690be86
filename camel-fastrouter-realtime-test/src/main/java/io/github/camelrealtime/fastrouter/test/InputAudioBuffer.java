package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The input audio buffer of one simulated session and its server turn detection: appends, commits and clears, the
 * user item a commit makes (with its transcription when the session transcribes), and the turns the
 * {@link VoiceActivityDetector} finds, each committed when it stops. What a turn does to responses (interrupting one,
 * starting or queuing one) is the session's.
 *
 * <p>Every method, the detector's callbacks included, runs under the session's monitor (called from
 * {@link SimulatedSession}'s synchronized client-event handling), so the buffer state needs no other synchronisation.
 */
final class InputAudioBuffer {

    private static final int MIN_COMMIT_MS = 100;

    private final SimulatedSession session;
    private final SessionSettings settings;
    private final SimulatedConversation conversation;

    // all guarded by the session's monitor
    private final GrowableBytes inputBuffer = new GrowableBytes(64 * 1024);
    private final GrowableBytes decoded = new GrowableBytes(16 * 1024);
    /** Audio appended since the session started, in ms: the timeline of the VAD events. */
    private double appendedMs;
    /** Where on that timeline the buffer's first byte is. */
    private double bufferStartMs;
    private VoiceActivityDetector vad;
    private JsonNode vadConfig;
    private SimulatorAudioFormat vadFormat;
    private String speechItemId;
    private long speechStartMs;

    InputAudioBuffer(SimulatedSession session, SessionSettings settings, SimulatedConversation conversation) {
        this.session = session;
        this.settings = settings;
        this.conversation = conversation;
    }

    double appendedMs() {
        return appendedMs;
    }

    double bufferStartMs() {
        return bufferStartMs;
    }

    /** {@code input_audio_buffer.append}: the audio joins the buffer and, with turn detection on, the detector. */
    void append(ObjectNode event, String eventId) {
        JsonNode audio = event.get("audio");
        if (audio == null || !audio.isTextual()) {
            session.error("missing_required_parameter", "Missing required parameter: 'audio'.", "audio", eventId);
            return;
        }
        decoded.clear();
        try {
            Base64Audio.decodeInto(audio.textValue(), decoded);
        } catch (IllegalArgumentException e) {
            session.error("invalid_value", "Invalid 'audio'. Expected base64-encoded audio bytes.", "audio", eventId);
            return;
        }
        SimulatorAudioFormat format = settings.inputFormat();
        inputBuffer.append(decoded.array(), 0, decoded.length());
        appendedMs += format.millis(decoded.length());
        if (vad != null) {
            vad.feed(decoded.array(), 0, decoded.length(), vadListener);
        }
    }

    /** {@code input_audio_buffer.commit}: the buffer, if it holds at least {@value #MIN_COMMIT_MS} ms, becomes a user item. */
    void commit(String eventId) {
        SimulatorAudioFormat format = settings.inputFormat();
        double bufferedMs = format.millis(inputBuffer.length());
        if (bufferedMs < MIN_COMMIT_MS) {
            session.error("input_audio_buffer_commit_empty", String.format(java.util.Locale.ROOT,
                    "Error committing input audio buffer: buffer too small. Expected at least %dms of audio, but buffer only has %.2fms of audio.",
                    MIN_COMMIT_MS, bufferedMs), null, eventId);
            return;
        }
        byte[] audio = inputBuffer.copy(0, inputBuffer.length());
        inputBuffer.clear();
        bufferStartMs = appendedMs;
        if (vad != null) {
            vad.resetTurn();
        }
        speechItemId = null;
        commitAudio(Json.id("item_"), audio, format);
    }

    /** {@code input_audio_buffer.clear}. */
    void clear() {
        inputBuffer.clear();
        bufferStartMs = appendedMs;
        if (vad != null) {
            vad.resetTurn();
        }
        speechItemId = null;
        session.send(Json.event("input_audio_buffer.cleared"));
    }

    /** Sends committed, the user item events and the transcription; returns the new item. */
    private ConversationItem commitAudio(String itemId, byte[] audio, SimulatorAudioFormat format) {
        ConversationItem item = new ConversationItem(itemId, "message");
        item.role = "user";
        item.audio = audio;
        item.audioFormat = format;
        item.audioMs = format.millis(audio.length);
        item.hasAudioContent = true;
        String previous = conversation.append(item);
        ObjectNode committed = Json.event("input_audio_buffer.committed");
        committed.put("previous_item_id", previous);
        committed.put("item_id", itemId);
        session.send(committed);
        conversation.sendItemCreated(item, previous);
        String transcript = ConversationItem.simulatedTranscript(item.audioMs);
        if (settings.transcribes()) {
            for (String word : SimulatedResponse.words(transcript)) {
                ObjectNode delta = Json.event("conversation.item.input_audio_transcription.delta");
                delta.put("item_id", itemId);
                delta.put("content_index", 0);
                delta.put("delta", word);
                session.send(delta);
            }
            ObjectNode completed = Json.event("conversation.item.input_audio_transcription.completed");
            completed.put("item_id", itemId);
            completed.put("content_index", 0);
            completed.put("transcript", transcript);
            ObjectNode usage = completed.putObject("usage");
            int audioTokens = (int) Math.ceil(item.audioMs / 100);
            int textTokens = (transcript.length() + 3) / 4;
            usage.put("type", "tokens");
            usage.put("total_tokens", audioTokens + textTokens);
            usage.put("input_tokens", audioTokens);
            ObjectNode details = usage.putObject("input_token_details");
            details.put("text_tokens", 0);
            details.put("audio_tokens", audioTokens);
            usage.put("output_tokens", textTokens);
            session.send(completed);
        }
        item.transcript = transcript;
        return item;
    }

    /** (Re)creates the detector after the session's turn detection or input format changed; none when it is off. */
    void configureVad() {
        JsonNode td = settings.turnDetection();
        if (td == null) {
            vad = null;
            vadConfig = null;
            return;
        }
        if (td.equals(vadConfig) && vad != null && vadFormat == settings.inputFormat()) {
            return;
        }
        vadConfig = td.deepCopy();
        vadFormat = settings.inputFormat();
        double threshold = td.path("threshold").asDouble(0.5);
        int silenceMs;
        if ("semantic_vad".equals(Json.text(td, "type"))) {
            threshold = 0.5;
            String eagerness = td.path("eagerness").asText("auto");
            silenceMs = switch (eagerness) {
                case "low" -> 1500;
                case "high" -> 300;
                default -> 800;
            };
        } else {
            silenceMs = td.path("silence_duration_ms").asInt(200);
        }
        vad = new VoiceActivityDetector(settings.inputFormat(), threshold, silenceMs, Math.round(appendedMs));
    }

    private final VoiceActivityDetector.Listener vadListener = new VoiceActivityDetector.Listener() {
        @Override
        public void speechStarted(long startMs) {
            session.activity();
            int prefix = vadConfig.path("prefix_padding_ms").asInt(300);
            speechStartMs = Math.max(0, startMs - prefix);
            speechItemId = Json.id("item_");
            ObjectNode event = Json.event("input_audio_buffer.speech_started");
            event.put("audio_start_ms", speechStartMs);
            event.put("item_id", speechItemId);
            session.send(event);
            if (vadConfig.path("interrupt_response").asBoolean(true)) {
                session.interruptResponse();
            }
        }

        @Override
        public void speechStopped(long endMs, long detectedAtMs) {
            String itemId = speechItemId == null ? Json.id("item_") : speechItemId;
            speechItemId = null;
            ObjectNode event = Json.event("input_audio_buffer.speech_stopped");
            event.put("audio_end_ms", endMs);
            event.put("item_id", itemId);
            session.send(event);
            SimulatorAudioFormat format = settings.inputFormat();
            int bytesPerMs = format.bytesPerMillisecond();
            int from = clamp((long) Math.floor(speechStartMs - bufferStartMs) * bytesPerMs, inputBuffer.length());
            int to = clamp((long) Math.ceil(endMs - bufferStartMs) * bytesPerMs, inputBuffer.length());
            int consumed = clamp((long) Math.ceil(detectedAtMs - bufferStartMs) * bytesPerMs, inputBuffer.length());
            byte[] audio = inputBuffer.copy(from, Math.max(from, to));
            inputBuffer.removePrefix(consumed);
            bufferStartMs += format.millis(consumed);
            commitAudio(itemId, audio, format);
            if (!settings.transcription() && vadConfig.path("create_response").asBoolean(true)) {
                session.respondToTurn();
            }
        }
    };

    private static int clamp(long value, int max) {
        return (int) Math.max(0, Math.min(max, value));
    }
}
