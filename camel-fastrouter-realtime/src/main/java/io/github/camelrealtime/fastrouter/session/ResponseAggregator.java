package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * Collects the events of one response, from {@code response.created} to {@code response.done}, into a
 * {@link ResponseResult}. Fed under the session's lock, in arrival order.
 */
final class ResponseAggregator {

    private final String responseId;
    private final AudioFormat audioFormat;
    private final JsonNode metadata;
    private final boolean outOfBand;
    /** Audio is kept only when someone will read it (an InOut reply, a responses consumer): a long reply is megabytes. */
    private final boolean keepAudio;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder transcript = new StringBuilder();
    private final GrowableBytes audio = new GrowableBytes();
    private final Map<String, PartialCall> callsByItem = new LinkedHashMap<>();
    private String finalText;
    private String finalTranscript;

    ResponseAggregator(String responseId, AudioFormat audioFormat, JsonNode metadata, boolean outOfBand, boolean keepAudio) {
        this.keepAudio = keepAudio;
        this.responseId = responseId;
        this.audioFormat = audioFormat;
        this.metadata = metadata;
        this.outOfBand = outOfBand;
    }

    String responseId() {
        return responseId;
    }

    boolean outOfBand() {
        return outOfBand;
    }

    void add(RealtimeEvent event) {
        switch (event.type()) {
            case EventTypes.RESPONSE_OUTPUT_AUDIO_DELTA -> {
                if (keepAudio && event.audio() != null) {
                    audio.append(event.audio(), event.audioOffset(), event.audioLength());
                }
            }
            case EventTypes.RESPONSE_OUTPUT_TEXT_DELTA -> appendDelta(text, event);
            case EventTypes.RESPONSE_OUTPUT_TEXT_DONE -> finalText = event.text("text");
            case EventTypes.RESPONSE_OUTPUT_AUDIO_TRANSCRIPT_DELTA -> appendDelta(transcript, event);
            case EventTypes.RESPONSE_OUTPUT_AUDIO_TRANSCRIPT_DONE -> finalTranscript = event.text("transcript");
            case EventTypes.RESPONSE_OUTPUT_ITEM_ADDED, EventTypes.RESPONSE_OUTPUT_ITEM_DONE -> noteItem(event);
            case EventTypes.RESPONSE_FUNCTION_CALL_ARGUMENTS_DONE -> {
                PartialCall call = callFor(event.itemId(), event.callId());
                call.callId = firstNonNull(event.callId(), call.callId);
                call.arguments = event.text("arguments");
                call.name = firstNonNull(event.text("name"), call.name);
                if (event.outputIndex() != null) {
                    call.outputIndex = event.outputIndex();
                }
            }
            default -> {
                // other events carry nothing the aggregate keeps
            }
        }
    }

    private static void appendDelta(StringBuilder sb, RealtimeEvent event) {
        String delta = event.delta();
        if (delta != null) {
            sb.append(delta);
        }
    }

    private void noteItem(RealtimeEvent event) {
        JsonNode item = event.fields().path("item");
        if (!"function_call".equals(item.path("type").asText())) {
            return;
        }
        PartialCall call = callFor(textOrNull(item, "id"), textOrNull(item, "call_id"));
        call.callId = firstNonNull(textOrNull(item, "call_id"), call.callId);
        call.name = firstNonNull(textOrNull(item, "name"), call.name);
        String args = textOrNull(item, "arguments");
        if (args != null && !args.isEmpty()) {
            call.arguments = args;
        }
        if (event.outputIndex() != null) {
            call.outputIndex = event.outputIndex();
        }
    }

    private PartialCall callFor(String itemId, String callId) {
        String key = itemId != null ? itemId : callId;
        if (key == null) {
            key = "#" + callsByItem.size();
        }
        if (itemId == null && callId != null) {
            for (Map.Entry<String, PartialCall> e : callsByItem.entrySet()) {
                if (callId.equals(e.getValue().callId)) {
                    return e.getValue();
                }
            }
        }
        return callsByItem.computeIfAbsent(key, k -> new PartialCall(itemId));
    }

    /** The aggregate of the response {@code done} ends; server texts in its status pass through {@code redact}. */
    ResponseResult finish(RealtimeEvent done, java.util.function.UnaryOperator<String> redact) {
        JsonNode response = done.fields().path("response");
        // response.done repeats the output items: take calls from there too, in case their stream events were not seen
        for (JsonNode item : response.path("output")) {
            if ("function_call".equals(item.path("type").asText())) {
                PartialCall call = callFor(textOrNull(item, "id"), textOrNull(item, "call_id"));
                call.callId = firstNonNull(call.callId, textOrNull(item, "call_id"));
                call.name = firstNonNull(call.name, textOrNull(item, "name"));
                if (call.arguments == null) {
                    call.arguments = textOrNull(item, "arguments");
                }
            }
        }
        List<ToolCall> calls = new ArrayList<>(callsByItem.size());
        for (PartialCall c : callsByItem.values()) {
            if (c.callId != null) {
                calls.add(new ToolCall(c.name, c.callId, c.arguments == null ? "{}" : c.arguments, c.itemId, responseId, c.outputIndex));
            }
        }
        JsonNode details = response.path("status_details");
        JsonNode error = details.path("error");
        JsonNode usage = response.path("usage");
        JsonNode echoedMetadata = response.hasNonNull("metadata") ? response.get("metadata") : metadata;
        return new ResponseResult(
                responseId,
                textOrNull(response, "status"),
                firstNonNull(textOrNull(details, "reason"), textOrNull(details, "type")),
                textOrNull(error, "type"),
                textOrNull(error, "code"),
                redact.apply(textOrNull(error, "message")),
                finalText != null ? finalText : (text.length() == 0 ? null : text.toString()),
                finalTranscript != null ? finalTranscript : (transcript.length() == 0 ? null : transcript.toString()),
                audio.toByteArray(),
                audioFormat,
                List.copyOf(calls),
                longOrNull(usage, "input_tokens"),
                longOrNull(usage, "output_tokens"),
                longOrNull(usage, "total_tokens"),
                echoedMetadata,
                outOfBand,
                done);
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long longOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.asLong();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static final class PartialCall {
        private final String itemId;
        private String callId;
        private String name;
        private String arguments;
        private int outputIndex;

        private PartialCall(String itemId) {
            this.itemId = itemId;
        }
    }
}
