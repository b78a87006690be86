package io.github.camelrealtime.fastrouter.session;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * Everything one response produced, aggregated from its events up to {@code response.done}: what an InOut exchange
 * replies with and what a consumer with {@code delivery=responses} receives.
 *
 * @param audio       the response's output audio in {@code audioFormat}, concatenated (empty when none)
 * @param toolCalls   the function calls the response ended with (empty when it answered)
 * @param metadata    the response's metadata as echoed by the server (may be null)
 * @param doneEvent   the {@code response.done} event itself
 */
public record ResponseResult(
        String responseId,
        String status,
        String statusReason,
        String errorType,
        String errorCode,
        String errorMessage,
        String text,
        String transcript,
        byte[] audio,
        AudioFormat audioFormat,
        List<ToolCall> toolCalls,
        Long inputTokens,
        Long outputTokens,
        Long totalTokens,
        JsonNode metadata,
        boolean outOfBand,
        RealtimeEvent doneEvent) {

    public boolean completed() {
        return "completed".equals(status);
    }

    /** {@code usage.input_token_details.cached_tokens} of the response, or null when the server did not say. */
    public Long cachedTokens() {
        return usageLong("input_token_details", "cached_tokens");
    }

    /** {@code usage.input_token_details.audio_tokens}, or null. */
    public Long inputAudioTokens() {
        return usageLong("input_token_details", "audio_tokens");
    }

    /** {@code usage.output_token_details.audio_tokens}, or null. */
    public Long outputAudioTokens() {
        return usageLong("output_token_details", "audio_tokens");
    }

    /** {@code usage.input_token_details.image_tokens}, or null. */
    public Long inputImageTokens() {
        return usageLong("input_token_details", "image_tokens");
    }

    private Long usageLong(String details, String field) {
        if (doneEvent == null) {
            return null;
        }
        JsonNode value = doneEvent.fields().path("response").path("usage").path(details).get(field);
        return value == null || !value.isNumber() ? null : value.asLong();
    }

    public boolean hasAudio() {
        return audio != null && audio.length > 0;
    }

    /** The response's words: its text, or the transcript of its audio. */
    public String spokenOrWrittenText() {
        if (text != null && !text.isEmpty()) {
            return text;
        }
        return transcript;
    }

    @Override
    public String toString() {
        return "ResponseResult[" + responseId + " " + status + (statusReason == null ? "" : "/" + statusReason)
               + ", text=" + (text == null ? 0 : text.length()) + " chars, transcript=" + (transcript == null ? 0 : transcript.length())
               + " chars, audio=" + (audio == null ? 0 : audio.length) + " bytes, toolCalls=" + toolCalls.size() + "]";
    }
}
