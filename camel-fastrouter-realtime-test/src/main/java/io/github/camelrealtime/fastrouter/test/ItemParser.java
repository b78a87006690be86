package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a conversation item a client sends ({@code conversation.item.create}'s {@code item}, or an element of
 * {@code response.input}) into a {@link ConversationItem}, validating it as the API does: the first violation is thrown
 * as an {@link ItemException} with the error's code, message and param.
 *
 * <p>Used only under the session's monitor (from {@link SimulatedSession}'s client-event handling), like the rest of
 * the session's state: audio parts take the session's current input format, and approval responses are checked by
 * the session's {@link SimulatedMcp}.
 */
final class ItemParser {

    /** An item the API rejects: the error's code and param; the message is the exception's. */
    static final class ItemException extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;
        final String param;

        ItemException(String code, String message, String param) {
            super(message);
            this.code = code;
            this.param = param;
        }
    }

    private final boolean beta;
    private final SessionSettings settings;
    private final SimulatedMcp mcp;

    ItemParser(boolean beta, SessionSettings settings, SimulatedMcp mcp) {
        this.beta = beta;
        this.settings = settings;
        this.mcp = mcp;
    }

    /** The item at {@code path} of the client event (e.g. {@code item}, {@code response.input[2]}), validated. */
    ConversationItem parse(JsonNode json, String path) throws ItemException {
        String type = Json.text(json, "type");
        if (type == null) {
            type = "message";
        }
        String id = Json.text(json, "id");
        ConversationItem item = new ConversationItem(id == null ? Json.id("item_") : id, type);
        switch (type) {
            case "message" -> {
                String role = Json.text(json, "role");
                if (role == null) {
                    throw new ItemException("missing_required_parameter", "Missing required parameter: '" + path + ".role'.", path + ".role");
                }
                if (!Set.of("user", "assistant", "system").contains(role)) {
                    throw new ItemException("invalid_value", "Invalid value: '" + role
                            + "'. Supported values are: 'user', 'assistant', and 'system'.", path + ".role");
                }
                item.role = role;
                JsonNode content = json.get("content");
                if (content == null || !content.isArray()) {
                    throw new ItemException("missing_required_parameter", "Missing required parameter: '" + path + ".content'.",
                            path + ".content");
                }
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < content.size(); i++) {
                    JsonNode part = content.get(i);
                    String partType = Json.text(part, "type");
                    if ("input_audio".equals(partType) || "audio".equals(partType) || "output_audio".equals(partType)) {
                        String audio = Json.text(part, "audio");
                        SimulatorAudioFormat format = settings.inputFormat();
                        if (audio != null) {
                            GrowableBytes bytes = new GrowableBytes(audio.length());
                            try {
                                Base64Audio.decodeInto(audio, bytes);
                            } catch (IllegalArgumentException e) {
                                throw new ItemException("invalid_value", "Invalid '" + path + ".content[" + i
                                        + "].audio'. Expected base64-encoded audio bytes.", path + ".content[" + i + "].audio");
                            }
                            item.audio = bytes.copy(0, bytes.length());
                            item.audioMs = format.millis(bytes.length());
                        }
                        item.audioFormat = format;
                        item.hasAudioContent = true;
                        String transcript = Json.text(part, "transcript");
                        item.transcript = transcript != null ? transcript : ConversationItem.simulatedTranscript(item.audioMs);
                    } else if ("input_image".equals(partType)) {
                        item.images.add(describeImage(Json.text(part, "image_url"), path + ".content[" + i + "].image_url")
                                + imageDetail(Json.text(part, "detail"), path + ".content[" + i + "].detail"));
                    } else if (Set.of("input_text", "text", "output_text").contains(partType)) {
                        if (text.length() > 0) {
                            text.append(' ');
                        }
                        text.append(part.path("text").asText(""));
                    } else {
                        throw new ItemException("invalid_value", "Invalid value: '" + partType
                                + "'. Supported values are: 'input_text', 'input_audio', 'input_image', 'text', 'output_text' and "
                                + "'output_audio'.",
                                path + ".content[" + i + "].type");
                    }
                }
                if (!item.hasAudioContent || text.length() > 0) {
                    item.text = text.toString();
                }
            }
            case "function_call_output" -> {
                item.callId = Json.text(json, "call_id");
                if (item.callId == null) {
                    throw new ItemException("missing_required_parameter", "Missing required parameter: '" + path + ".call_id'.",
                            path + ".call_id");
                }
                JsonNode output = json.get("output");
                if (output == null || output.isNull()) {
                    throw new ItemException("missing_required_parameter", "Missing required parameter: '" + path + ".output'.",
                            path + ".output");
                }
                item.output = output.isTextual() ? output.textValue() : Json.write(output);
            }
            case "function_call" -> {
                item.callId = Json.text(json, "call_id");
                item.name = Json.text(json, "name");
                item.arguments = json.path("arguments").asText("");
                if (item.name == null || item.callId == null) {
                    throw new ItemException("missing_required_parameter", "Missing required parameter: '" + path
                            + (item.name == null ? ".name'." : ".call_id'."), path + (item.name == null ? ".name" : ".call_id"));
                }
            }
            case "mcp_approval_response" -> {
                if (beta) {
                    throw unsupportedItemType(type, path);
                }
                SessionSettings.Violation wrong = mcp.readApprovalResponse(json, path, item);
                if (wrong != null) {
                    throw new ItemException(wrong.code(), wrong.message(), wrong.param());
                }
            }
            default -> throw unsupportedItemType(type, path);
        }
        return item;
    }

    private ItemException unsupportedItemType(String type, String path) {
        return new ItemException("invalid_value", "Invalid value: '" + type + "'. Supported values are: 'message', 'function_call', "
                + (beta ? "and 'function_call_output'." : "'function_call_output', and 'mcp_approval_response'."), path + ".type");
    }

    /** "image/png, 67 bytes" for a base64 data URL of a PNG, JPEG, WebP or GIF; anything else is rejected as the API does. */
    private static String describeImage(String url, String param) throws ItemException {
        java.util.regex.Matcher m = url == null ? null
                : Pattern.compile("^data:(image/(?:png|jpeg|webp|gif));base64,(.*)$", Pattern.DOTALL).matcher(url);
        if (m == null || !m.matches()) {
            throw new ItemException("invalid_value", "Invalid '" + param + "'. Expected a base64-encoded data URL with an image"
                    + " MIME type (e.g. 'data:image/png;base64,...').", param);
        }
        try {
            return m.group(1) + ", " + java.util.Base64.getDecoder().decode(m.group(2)).length + " bytes";
        } catch (IllegalArgumentException e) {
            throw new ItemException("invalid_value", "Invalid '" + param + "'. Expected base64-encoded image bytes.", param);
        }
    }

    /** ", detail low" for a given detail level; the API's error for a level it does not know. */
    private static String imageDetail(String detail, String param) throws ItemException {
        if (detail == null) {
            return "";
        }
        if (!Set.of("auto", "low", "high").contains(detail)) {
            throw new ItemException("invalid_value", "Invalid value: '" + detail + "'. Supported values are: 'auto', 'low' and 'high'.",
                    param);
        }
        return ", detail " + detail;
    }
}
