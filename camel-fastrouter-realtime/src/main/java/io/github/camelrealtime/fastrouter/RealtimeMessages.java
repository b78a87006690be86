package io.github.camelrealtime.fastrouter;

import io.github.camelrealtime.fastrouter.audio.AudioConverter;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.WavFiles;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.ResponseResult;
import org.apache.camel.Message;

/** How events and responses become Camel message bodies and headers (consumer exchanges and InOut replies). */
final class RealtimeMessages {

    private RealtimeMessages() {
    }

    static void putSessionHeaders(Message message, RealtimeSession session) {
        if (session.key().key() != null) {
            message.setHeader(FastRouterRealtimeConstants.SESSION_KEY, session.key().key());
        }
        String sessionId = session.serverSessionId();
        if (sessionId != null) {
            message.setHeader(FastRouterRealtimeConstants.SESSION_ID, sessionId);
        }
        message.setHeader(FastRouterRealtimeConstants.DIALECT, session.dialect().wireName());
    }

    /** The headers of a server (or lifecycle) event; the body is set by the caller. */
    /** The component's event when a guardrail stopped a response. */
    static final String GUARDRAIL_TRIPPED_EVENT = "guardrail.tripped";

    static void putEventHeaders(Message message, RealtimeEvent event) {
        message.setHeader(FastRouterRealtimeConstants.EVENT_TYPE, event.type());
        message.setHeader(FastRouterRealtimeConstants.WIRE_EVENT_TYPE, event.wireType());
        setIfPresent(message, FastRouterRealtimeConstants.EVENT_ID, event.eventId());
        setIfPresent(message, FastRouterRealtimeConstants.RESPONSE_ID, event.responseId());
        setIfPresent(message, FastRouterRealtimeConstants.ITEM_ID, event.itemId());
        setIfPresent(message, FastRouterRealtimeConstants.OUTPUT_INDEX, event.outputIndex());
        setIfPresent(message, FastRouterRealtimeConstants.CONTENT_INDEX, event.contentIndex());
        setIfPresent(message, FastRouterRealtimeConstants.CALL_ID, event.callId());
        setIfPresent(message, FastRouterRealtimeConstants.TOOL_NAME, event.toolName());
        if (EventTypes.RESPONSE_DONE.equals(event.type())) {
            setIfPresent(message, FastRouterRealtimeConstants.RESPONSE_STATUS, event.responseStatus());
            putUsage(message, event.fields().path("response").path("usage"));
        }
        if (EventTypes.CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_COMPLETED.equals(event.type())) {
            setIfPresent(message, FastRouterRealtimeConstants.TRANSCRIPT, event.text("transcript"));
        }
    }

    /** Body of a consumed event: decoded audio for audio deltas, the delta text for text deltas, else the event. */
    static Object eventBody(RealtimeEvent event) {
        String type = event.type();
        if (EventTypes.RESPONSE_OUTPUT_AUDIO_DELTA.equals(type) && event.hasAudio()) {
            // a decoded delta owns its whole array (the session copied what it keeps): hand it over without a copy
            boolean whole = event.audioOffset() == 0 && event.audioLength() == event.audio().length;
            return whole ? event.audio() : event.audioCopy();
        }
        if (type.endsWith(".delta") && event.delta() != null) {
            return event.delta();
        }
        return event;
    }

    /** The reply to an InOut exchange, or the body of a {@code delivery=responses} exchange. */
    static void putResponse(Message message, ResponseResult response, ReplyFormat format, AudioFormat deliveryFormat) {
        message.setHeader(FastRouterRealtimeConstants.RESPONSE_ID, response.responseId());
        message.setHeader(FastRouterRealtimeConstants.RESPONSE_STATUS, response.status());
        message.setHeader(FastRouterRealtimeConstants.EVENT_TYPE, EventTypes.RESPONSE_DONE);
        setIfPresent(message, FastRouterRealtimeConstants.TEXT, response.text());
        setIfPresent(message, FastRouterRealtimeConstants.TRANSCRIPT, response.transcript());
        setIfPresent(message, FastRouterRealtimeConstants.INPUT_TOKENS, response.inputTokens());
        setIfPresent(message, FastRouterRealtimeConstants.OUTPUT_TOKENS, response.outputTokens());
        setIfPresent(message, FastRouterRealtimeConstants.TOTAL_TOKENS, response.totalTokens());
        setIfPresent(message, FastRouterRealtimeConstants.CACHED_TOKENS, response.cachedTokens());
        setIfPresent(message, FastRouterRealtimeConstants.INPUT_AUDIO_TOKENS, response.inputAudioTokens());
        setIfPresent(message, FastRouterRealtimeConstants.OUTPUT_AUDIO_TOKENS, response.outputAudioTokens());
        if (response.toolCalls().size() == 1) {
            message.setHeader(FastRouterRealtimeConstants.CALL_ID, response.toolCalls().get(0).callId());
            message.setHeader(FastRouterRealtimeConstants.TOOL_NAME, response.toolCalls().get(0).name());
        }
        switch (format) {
            case TEXT -> message.setBody(response.spokenOrWrittenText());
            case RESPONSE -> message.setBody(response);
            case AUDIO -> {
                message.setBody(convert(response, deliveryFormat));
                message.setHeader(FastRouterRealtimeConstants.AUDIO_FORMAT, deliveryFormat.wireName());
            }
            case WAV -> {
                message.setBody(WavFiles.toWav(convert(response, deliveryFormat), deliveryFormat));
                message.setHeader(FastRouterRealtimeConstants.AUDIO_FORMAT, "wav");
            }
            default -> throw new IllegalStateException("Unknown reply format " + format);
        }
    }

    /** The usage headers of a {@code response.done} event's {@code response.usage}. */
    private static void putUsage(Message message, com.fasterxml.jackson.databind.JsonNode usage) {
        setIfPresent(message, FastRouterRealtimeConstants.INPUT_TOKENS, longOrNull(usage.get("input_tokens")));
        setIfPresent(message, FastRouterRealtimeConstants.OUTPUT_TOKENS, longOrNull(usage.get("output_tokens")));
        setIfPresent(message, FastRouterRealtimeConstants.TOTAL_TOKENS, longOrNull(usage.get("total_tokens")));
        setIfPresent(message, FastRouterRealtimeConstants.CACHED_TOKENS, longOrNull(usage.path("input_token_details").get("cached_tokens")));
        setIfPresent(message, FastRouterRealtimeConstants.INPUT_AUDIO_TOKENS, longOrNull(usage.path("input_token_details").get("audio_tokens")));
        setIfPresent(message, FastRouterRealtimeConstants.OUTPUT_AUDIO_TOKENS, longOrNull(usage.path("output_token_details").get("audio_tokens")));
    }

    private static Long longOrNull(com.fasterxml.jackson.databind.JsonNode value) {
        return value == null || !value.isNumber() ? null : value.asLong();
    }

    private static byte[] convert(ResponseResult response, AudioFormat target) {
        byte[] audio = response.audio();
        if (audio == null || audio.length == 0 || response.audioFormat() == null || response.audioFormat() == target) {
            return audio == null ? new byte[0] : audio;
        }
        return AudioConverter.convert(audio, response.audioFormat(), target);
    }

    private static void setIfPresent(Message message, String header, Object value) {
        if (value != null) {
            message.setHeader(header, value);
        }
    }
}
