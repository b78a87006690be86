package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns Realtime WebSocket text messages into {@link RealtimeEvent}s and back, for either {@link Dialect}.
 * Thread-safe. Messages are read with Jackson's streaming parser: the audio payload is decoded straight from the
 * message characters and written straight from the bytes (both with the JDK's Base64, see Base64Payloads), never
 * through a String of the payload; the other fields are read as trees.
 * Server messages of unknown types and unknown fields pass through intact. Client events given by users are
 * validated ({@link #decodeClient(CharSequence)}), and {@link #encode} refuses events the target dialect lacks and
 * events over {@link #MAX_CLIENT_EVENT_CHARS}.
 */
public final class RealtimeCodec {

    /** The largest encoded client event the server accepts (15 MiB, the {@code input_audio_buffer.append} limit). */
    public static final int MAX_CLIENT_EVENT_CHARS = 15 * 1024 * 1024;

    private static final int PREVIEW_CHARS = 60;

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public RealtimeCodec() {
        this.mapper = Json.newMapper();
        this.factory = mapper.getFactory();
    }

    /** The mapper this codec reads and writes JSON trees with. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Decodes one server message. The canonical type is derived through the dialect; unknown types and fields are
     * kept as they are.
     *
     * @throws ProtocolException when the message is not valid JSON, not a JSON object, or lacks a string
     *                           {@code type} (the caller should log it and go on with the next message)
     */
    public RealtimeEvent decodeServer(CharSequence message, Dialect dialect) throws ProtocolException {
        Objects.requireNonNull(dialect, "dialect");
        return decode(message, "Server message", dialect);
    }

    /**
     * Decodes and validates a client event given as JSON text: a JSON object with a string {@code type} that is a
     * client event type of either dialect, plus the fields that type requires (for {@code input_audio_buffer.append}
     * a base64 {@code audio}, decoded here).
     */
    public RealtimeEvent decodeClient(CharSequence json) throws ProtocolException {
        Objects.requireNonNull(json, "json");
        if (json.length() > MAX_CLIENT_EVENT_CHARS) {
            throw new ProtocolException("Client event is " + json.length() + " characters long; the limit for one "
                    + "client event is " + MAX_CLIENT_EVENT_CHARS + " (15 MiB)");
        }
        RealtimeEvent event = decode(json, "Client event", null);
        ClientEventValidator.validate(event);
        return event;
    }

    /** Validates and canonicalises a client event given as a JSON tree; see {@link #decodeClient(CharSequence)}. */
    public RealtimeEvent decodeClient(JsonNode node) throws ProtocolException {
        if (node == null || !node.isObject()) {
            throw new ProtocolException("Client event must be a JSON object, not " + ClientEventValidator.describe(node));
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw new ProtocolException("Client event has no \"type\" field");
        }
        if (!typeNode.isTextual()) {
            throw new ProtocolException("Client event field \"type\" must be a string, not "
                    + ClientEventValidator.describe(typeNode));
        }
        String wireType = typeNode.textValue();
        ClientEventValidator.requireKnownClientType(wireType);
        String canonical = EventTypes.canonical(wireType);
        ObjectNode fields = ((ObjectNode) node).deepCopy();
        byte[] audio = null;
        String audioField = EventTypes.audioField(canonical);
        JsonNode audioNode = audioField == null ? null : fields.get(audioField);
        if (audioNode != null && (audioNode.isTextual() || audioNode.isBinary())) {
            audio = audioNode.isBinary() ? binary(audioNode) : base64(audioNode.textValue(), wireType, audioField);
            fields.remove(audioField);
        }
        RealtimeEvent event = new RealtimeEvent(canonical, wireType, fields, audio, 0, audio == null ? 0 : audio.length);
        ClientEventValidator.validate(event);
        return event;
    }

    /**
     * Encodes a client event for a dialect: writes the dialect's name for the type (keeping the event's own wire
     * name when the dialect uses it, e.g. beta {@code transcription_session.update}); a beta
     * {@code transcription_session.update} sent to GA becomes a GA {@code session.update} of type
     * {@code transcription} when all its fields have a GA place.
     *
     * @return the JSON text (a String: see {@link #writeClient})
     * @throws ProtocolException when the dialect lacks the event, or the encoded event exceeds
     *                           {@link #MAX_CLIENT_EVENT_CHARS}
     */
    public CharSequence encode(RealtimeEvent event, Dialect dialect) throws ProtocolException {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(dialect, "dialect");
        String wireType = clientWireType(event, dialect);
        ObjectNode fields = event.fields();
        if (dialect == Dialect.GA && EventTypes.BETA_TRANSCRIPTION_SESSION_UPDATE.equals(event.wireType())) {
            fields = TranscriptionSessionTranslator.toGa(fields);
        }
        if (event.hasAudio()) {
            long base64Chars = 4L * ((event.audioLength() + 2L) / 3);
            if (base64Chars > MAX_CLIENT_EVENT_CHARS) {
                throw tooLarge(event, "at least " + base64Chars);
            }
        }
        String encoded;
        try {
            encoded = writeClient(wireType, fields, event);
        } catch (IOException e) {
            throw new ProtocolException("Cannot encode " + event.wireType() + ": " + e.getMessage(), e);
        }
        if (encoded.length() > MAX_CLIENT_EVENT_CHARS) {
            throw tooLarge(event, String.valueOf(encoded.length()));
        }
        return encoded;
    }

    /**
     * Encodes a server event for a dialect (simulators and tests): the dialect's name for the type, every field as is.
     * {@code decodeServer(encodeServer(e, d), d)} equals {@code e} for events named in that dialect.
     */
    public CharSequence encodeServer(RealtimeEvent event, Dialect dialect) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(dialect, "dialect");
        String own = event.wireType();
        String wireType = EventTypes.serverTypes(dialect).contains(own)
                && dialect.canonicalType(own).equals(event.type()) ? own : dialect.wireType(event.type());
        try {
            return write(wireType, event.fields(), event);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + event.wireType(), e);
        }
    }

    private static String clientWireType(RealtimeEvent event, Dialect dialect) throws ProtocolException {
        String own = event.wireType();
        if (EventTypes.clientTypes(dialect).contains(own) && dialect.canonicalType(own).equals(event.type())) {
            return own;
        }
        String wireType = dialect.wireType(event.type());
        if (!EventTypes.clientTypes(dialect).contains(wireType)) {
            throw new ProtocolException("Client event " + own + " does not exist in the " + dialect.wireName()
                    + " dialect; its client events are: " + String.join(", ", EventTypes.clientTypes(dialect)));
        }
        return wireType;
    }

    private CharBuffer write(String wireType, ObjectNode fields, RealtimeEvent event) throws IOException {
        int estimate = 128 + (event.hasAudio() ? (event.audioLength() + 2) / 3 * 4 : 0);
        CharArrayOutput output = new CharArrayOutput(estimate);
        try (JsonGenerator generator = factory.createGenerator(output)) {
            EventWriter.write(generator, mapper, wireType, fields, EventTypes.audioField(event.type()), event.audio(),
                    event.audioOffset(), event.audioLength());
        }
        return output.toCharBuffer();
    }

    /**
     * A client event for the socket, as a String: {@code java.net.http.WebSocket} wraps whatever it is given in a
     * {@code CharBuffer.wrap(CharSequence)} and reads it char by char through {@code charAt}, which is cheapest on a
     * (Latin-1) String; a CharBuffer's {@code charAt} costs about half as much again per char.
     */
    private String writeClient(String wireType, ObjectNode fields, RealtimeEvent event) throws IOException {
        if (isPlainAppend(wireType, fields, event)) {
            return writeAppend(fields.path("event_id").asText(null), event);
        }
        CharBuffer json = write(wireType, fields, event);
        return new String(json.array(), json.arrayOffset() + json.position(), json.remaining());
    }

    private static final byte[] APPEND_START = "{\"type\":\"input_audio_buffer.append\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_ID_START = ",\"event_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AUDIO_START = ",\"audio\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The audio append is the event sent most (ten a second per stream): when it carries nothing but its type, an id of
     * plain characters and the audio, it is written by hand, the same JSON Jackson would write: the base64 goes
     * straight into one exact-size ASCII array, which becomes a Latin-1 String with one copy.
     */
    private static boolean isPlainAppend(String wireType, ObjectNode fields, RealtimeEvent event) {
        if (!EventTypes.INPUT_AUDIO_BUFFER_APPEND.equals(wireType) || !event.hasAudio()) {
            return false;
        }
        for (var names = fields.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("type") && !name.equals("event_id") && !name.equals("audio")) {
                return false;
            }
        }
        JsonNode id = fields.get("event_id");
        if (id == null) {
            return true;
        }
        if (!id.isTextual()) {
            return false;
        }
        String text = id.textValue();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '-' && c != '.' && c != ':') {
                return false;
            }
        }
        return true;
    }

    private static String writeAppend(String eventId, RealtimeEvent event) {
        int audioChars = Base64Payloads.encodedLength(event.audioLength());
        int idChars = eventId == null ? 0 : EVENT_ID_START.length + eventId.length() + 1;
        byte[] out = new byte[APPEND_START.length + idChars + AUDIO_START.length + audioChars + 2];
        int pos = put(out, 0, APPEND_START);
        if (eventId != null) {
            pos = put(out, pos, EVENT_ID_START);
            for (int i = 0; i < eventId.length(); i++) {
                out[pos++] = (byte) eventId.charAt(i);
            }
            out[pos++] = '"';
        }
        pos = put(out, pos, AUDIO_START);
        pos += Base64Payloads.encodeInto(event.audio(), event.audioOffset(), event.audioLength(), out, pos);
        out[pos++] = '"';
        out[pos++] = '}';
        return new String(out, 0, pos, StandardCharsets.ISO_8859_1);
    }

    private static int put(byte[] out, int pos, byte[] ascii) {
        System.arraycopy(ascii, 0, out, pos, ascii.length);
        return pos + ascii.length;
    }

    private static ProtocolException tooLarge(RealtimeEvent event, String size) {
        return new ProtocolException("Client event " + event.wireType() + " would be " + size
                + " characters long; the limit for one client event is " + MAX_CLIENT_EVENT_CHARS
                + " (15 MiB): send audio in smaller chunks");
    }

    private RealtimeEvent decode(CharSequence message, String what, Dialect dialect) throws ProtocolException {
        Objects.requireNonNull(message, "message");
        char[] chars = null;
        int charsStart = 0;
        int charsEnd = 0;
        if (message instanceof CharBuffer buffer && buffer.hasArray()) {
            chars = buffer.array();
            charsStart = buffer.arrayOffset() + buffer.position();
            charsEnd = charsStart + buffer.remaining();
        }
        boolean endsWithAudio = false;
        try (JsonParser parser = createParser(message)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ProtocolException(what + " is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ProtocolException(what + " is not a JSON object but " + describe(first) + ": "
                        + preview(message));
            }
            ObjectNode fields = mapper.getNodeFactory().objectNode();
            String wireType = null;
            String canonical = null;
            String audioField = null;
            byte[] audio = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("type")) {
                    if (fields.has("type")) {
                        throw new ProtocolException(what + " has more than one \"type\" field");
                    }
                    if (value == JsonToken.VALUE_STRING) {
                        wireType = parser.getText();
                        canonical = dialect != null ? dialect.canonicalType(wireType) : EventTypes.canonical(wireType);
                        audioField = EventTypes.audioField(canonical);
                        fields.put("type", wireType);
                        continue;
                    }
                } else if (audio == null && value == JsonToken.VALUE_STRING && name.equals(audioField)) {
                    if (chars != null) {
                        audio = Base64Payloads.readClosingValue(chars, charsStart,
                                charsStart + (int) parser.currentTokenLocation().getCharOffset(), charsEnd);
                        if (audio != null) {
                            // the payload was the object's last value, and nothing but the closing brace follows it
                            endsWithAudio = true;
                            break;
                        }
                    }
                    audio = readBase64(parser, what, wireType, name);
                    continue;
                }
                fields.set(name, readValue(parser, value));
            }
            if (!endsWithAudio) {
                if (token != JsonToken.END_OBJECT) {
                    throw new ProtocolException(what + " ends before its JSON object is closed");
                }
                if (parser.nextToken() != null) {
                    throw new ProtocolException(what + " has more content after its JSON object: " + preview(message));
                }
            }
            if (wireType == null) {
                JsonNode type = fields.get("type");
                throw new ProtocolException(type == null
                        ? what + " has no \"type\" field"
                        : what + " field \"type\" must be a string, not " + ClientEventValidator.describe(type));
            }
            if (audio == null && audioField != null) {
                // the payload came before "type" (never seen in practice): it was read as text, decode it now
                JsonNode early = fields.get(audioField);
                if (early != null && early.isTextual()) {
                    audio = base64(early.textValue(), wireType, audioField);
                    fields.remove(audioField);
                }
            }
            return new RealtimeEvent(canonical, wireType, fields, audio, 0, audio == null ? 0 : audio.length);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(what + " is not valid JSON: " + e.getOriginalMessage() + at(e.getLocation())
                    + "; it starts with: " + preview(message), e);
        } catch (IOException e) {
            throw new ProtocolException(what + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Scalars straight from the token (most event fields are ids and indexes); objects and arrays as trees. */
    private JsonNode readValue(JsonParser parser, JsonToken value) throws IOException {
        switch (value) {
            case VALUE_STRING:
                return Json.NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return switch (parser.getNumberType()) {
                    case INT -> Json.NODES.numberNode(parser.getIntValue());
                    case LONG -> Json.NODES.numberNode(parser.getLongValue());
                    default -> Json.NODES.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_TRUE:
                return Json.NODES.booleanNode(true);
            case VALUE_FALSE:
                return Json.NODES.booleanNode(false);
            case VALUE_NULL:
                return Json.NODES.nullNode();
            default:
                return mapper.readTree(parser);
        }
    }

    private static byte[] readBase64(JsonParser parser, String what, String wireType, String field)
            throws ProtocolException, IOException {
        try {
            return Base64Payloads.read(parser);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(what + " " + wireType + ": field \"" + field + "\" is not valid base64 ("
                    + e.getMessage() + ")", e);
        }
    }

    private static byte[] base64(String text, String wireType, String field) throws ProtocolException {
        try {
            return Base64Payloads.decode(text);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(wireType + ": field \"" + field + "\" is not valid base64 (" + e.getMessage()
                    + ")", e);
        }
    }

    private static byte[] binary(JsonNode node) throws ProtocolException {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new ProtocolException("Cannot read binary audio: " + e.getMessage(), e);
        }
    }

    private JsonParser createParser(CharSequence message) throws IOException {
        if (message instanceof CharBuffer buffer && buffer.hasArray()) {
            return factory.createParser(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        }
        if (message instanceof String text) {
            return factory.createParser(text);
        }
        return factory.createParser(new CharSequenceReader(message));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String preview(CharSequence message) {
        int length = message.length();
        CharSequence head = message.subSequence(0, Math.min(length, PREVIEW_CHARS));
        return length > PREVIEW_CHARS ? head + "…" : head.toString();
    }
}
