package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/** Minimal per-type checks of a client event given by a user, so that mistakes fail before anything is sent. */
final class ClientEventValidator {

    private ClientEventValidator() {
    }

    static void requireKnownClientType(String wireType) throws ProtocolException {
        if (EventTypes.isClientType(wireType)) {
            return;
        }
        String known = String.join(", ", EventTypes.allClientTypes());
        if (EventTypes.isServerType(wireType)) {
            throw new ProtocolException("\"" + wireType + "\" is a server event type, not a client event; "
                    + "client event types are: " + known);
        }
        throw new ProtocolException("Unknown client event type \"" + wireType + "\"; client event types are: " + known);
    }

    static void validate(RealtimeEvent event) throws ProtocolException {
        String wireType = event.wireType();
        requireKnownClientType(wireType);
        ObjectNode fields = event.fields();
        optionalString(fields, wireType, "event_id");
        switch (event.type()) {
            case EventTypes.INPUT_AUDIO_BUFFER_APPEND -> requireAudio(event);
            case EventTypes.CONVERSATION_ITEM_TRUNCATE -> {
                requireString(fields, wireType, "item_id");
                requireNonNegativeInteger(fields, wireType, "content_index");
                requireNonNegativeInteger(fields, wireType, "audio_end_ms");
            }
            case EventTypes.CONVERSATION_ITEM_DELETE, EventTypes.CONVERSATION_ITEM_RETRIEVE ->
                    requireString(fields, wireType, "item_id");
            case EventTypes.CONVERSATION_ITEM_CREATE -> {
                requireObject(fields, wireType, "item");
                optionalString(fields, wireType, "previous_item_id");
            }
            case EventTypes.SESSION_UPDATE -> requireObject(fields, wireType, "session");
            case EventTypes.RESPONSE_CREATE -> optionalObject(fields, wireType, "response");
            case EventTypes.RESPONSE_CANCEL -> optionalString(fields, wireType, "response_id");
            default -> {
                // input_audio_buffer.commit/clear, output_audio_buffer.clear, session.close: nothing required
            }
        }
    }

    private static void requireAudio(RealtimeEvent event) throws ProtocolException {
        if (event.hasAudio()) {
            if (event.audioLength() == 0) {
                throw new ProtocolException(event.wireType() + " field \"audio\" is empty: it must carry audio");
            }
            return;
        }
        JsonNode audio = event.fields().get("audio");
        if (audio == null) {
            throw new ProtocolException(event.wireType() + " needs the field \"audio\" (base64-encoded audio)");
        }
        throw new ProtocolException(event.wireType() + " field \"audio\" must be a base64 string, not "
                + describe(audio));
    }

    private static void requireString(ObjectNode fields, String wireType, String field) throws ProtocolException {
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(wireType + " needs the field \"" + field + "\" (a string)");
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw new ProtocolException(wireType + " field \"" + field + "\" must be a non-empty string, not "
                    + describe(value));
        }
    }

    private static void optionalString(ObjectNode fields, String wireType, String field) throws ProtocolException {
        JsonNode value = fields.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw new ProtocolException(wireType + " field \"" + field + "\" must be a string, not " + describe(value));
        }
    }

    private static void requireNonNegativeInteger(ObjectNode fields, String wireType, String field)
            throws ProtocolException {
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(wireType + " needs the field \"" + field + "\" (a non-negative integer)");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new ProtocolException(wireType + " field \"" + field + "\" must be a non-negative integer, not "
                    + describe(value));
        }
    }

    private static void requireObject(ObjectNode fields, String wireType, String field) throws ProtocolException {
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(wireType + " needs the field \"" + field + "\" (a JSON object)");
        }
        if (!value.isObject()) {
            throw new ProtocolException(wireType + " field \"" + field + "\" must be a JSON object, not "
                    + describe(value));
        }
    }

    private static void optionalObject(ObjectNode fields, String wireType, String field) throws ProtocolException {
        JsonNode value = fields.get(field);
        if (value != null && !value.isNull() && !value.isObject()) {
            throw new ProtocolException(wireType + " field \"" + field + "\" must be a JSON object, not "
                    + describe(value));
        }
    }

    /** A short description of a JSON value for messages: its kind, and small scalars themselves. */
    static String describe(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isTextual()) {
            String text = value.textValue();
            return text.length() <= 40 ? "the string \"" + text + "\"" : "a string";
        }
        if (value.isBoolean()) {
            return "the boolean " + value.booleanValue();
        }
        if (value.isNumber()) {
            return "the number " + value.asText();
        }
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
