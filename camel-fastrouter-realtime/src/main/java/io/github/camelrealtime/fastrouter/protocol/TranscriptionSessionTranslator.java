package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Turns a beta {@code transcription_session.update} into the GA {@code session.update} with
 * {@code session.type = "transcription"}, when every field it carries has a GA place.
 */
final class TranscriptionSessionTranslator {

    private TranscriptionSessionTranslator() {
    }

    static ObjectNode toGa(ObjectNode fields) throws ProtocolException {
        String name = EventTypes.BETA_TRANSCRIPTION_SESSION_UPDATE;
        ObjectNode result = Json.NODES.objectNode();
        result.put("type", EventTypes.SESSION_UPDATE);
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            switch (field.getKey()) {
                case "type", "session" -> {
                    // written below
                }
                case "event_id" -> result.set("event_id", field.getValue());
                default -> throw new ProtocolException(name + " field \"" + field.getKey()
                        + "\" has no GA equivalent; send a GA session.update with session.type \"transcription\"");
            }
        }
        JsonNode session = fields.get("session");
        if (session == null || !session.isObject()) {
            throw new ProtocolException(name + " needs the field \"session\" (a JSON object)");
        }
        ObjectNode gaSession = Json.NODES.objectNode();
        gaSession.put("type", "transcription");
        ObjectNode input = Json.NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : session.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "input_audio_format" -> input.set("format", gaFormat(value));
                case "input_audio_transcription" -> input.set("transcription", value);
                case "input_audio_noise_reduction" -> input.set("noise_reduction", value);
                case "turn_detection" -> input.set("turn_detection", value);
                case "include" -> gaSession.set("include", value);
                default -> throw new ProtocolException(name + " field \"session." + field.getKey()
                        + "\" has no GA equivalent; send a GA session.update with session.type \"transcription\"");
            }
        }
        if (!input.isEmpty()) {
            gaSession.putObject("audio").set("input", input);
        }
        result.set("session", gaSession);
        return result;
    }

    private static JsonNode gaFormat(JsonNode value) throws ProtocolException {
        if (value.isObject()) {
            return value;
        }
        String betaName = value.isTextual() ? AudioFormatNames.betaName(value.textValue()) : null;
        if (betaName == null) {
            throw new ProtocolException(EventTypes.BETA_TRANSCRIPTION_SESSION_UPDATE
                    + " field \"session.input_audio_format\" must be one of " + AudioFormatNames.ACCEPTED + ", not "
                    + ClientEventValidator.describe(value));
        }
        return AudioFormatNames.gaFormat(betaName);
    }
}
