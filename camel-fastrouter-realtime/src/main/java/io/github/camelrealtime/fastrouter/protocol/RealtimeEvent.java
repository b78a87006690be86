package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One Realtime event, client or server, in either dialect. {@link #type()} is the canonical (GA) type,
 * {@link #wireType()} the name as it was (or will be) on the wire. {@link #fields()} is the whole JSON object,
 * {@code type} and {@code event_id} included, except the base64 audio payload of audio-bearing events
 * ({@code input_audio_buffer.append} field {@code audio}, {@code response.output_audio.delta} field {@code delta}),
 * which is held decoded as a slice of {@link #audio()}. Unknown types and fields are kept as they came.
 *
 * <p>Instances are immutable by contract: the factories copy the JSON they are given, and the node returned by
 * {@link #fields()} and the array returned by {@link #audio()} are the event's own and must not be modified.
 * {@link #audioAppend(byte[], int, int, String)} deliberately does not copy its buffer (the caller must leave that
 * range alone until the event is encoded).
 */
public final class RealtimeEvent {

    private final String type;
    private final String wireType;
    private final ObjectNode fields;
    private final byte[] audio;
    private final int audioOffset;
    private final int audioLength;

    /** Takes ownership of {@code fields} (no copy); {@code fields} must already carry {@code type = wireType}. */
    RealtimeEvent(String type, String wireType, ObjectNode fields, byte[] audio, int audioOffset, int audioLength) {
        this.type = type;
        this.wireType = wireType;
        this.fields = fields;
        this.audio = audio;
        this.audioOffset = audioOffset;
        this.audioLength = audioLength;
    }

    /**
     * An event without audio. {@code type} may be a canonical or a beta name: it is canonicalised for
     * {@link #type()} and kept as {@link #wireType()}. The fields are copied; their {@code type} is replaced.
     * An audio payload given as a base64 field stays a field (use {@link RealtimeCodec#decodeClient} to extract it).
     */
    public static RealtimeEvent of(String type, ObjectNode fields) {
        Objects.requireNonNull(type, "type");
        return new RealtimeEvent(EventTypes.canonical(type), type, copyWithType(type, fields), null, 0, 0);
    }

    /** An event named as a given dialect puts it on the wire (e.g. beta {@code conversation.item.created}). */
    public static RealtimeEvent ofWire(String wireType, Dialect dialect, ObjectNode fields) {
        Objects.requireNonNull(wireType, "wireType");
        return new RealtimeEvent(dialect.canonicalType(wireType), wireType, copyWithType(wireType, fields), null, 0, 0);
    }

    /**
     * An {@code input_audio_buffer.append} of {@code len} bytes of {@code buf} from {@code off}, not copied.
     *
     * @param eventId the {@code event_id}, or null for none
     */
    public static RealtimeEvent audioAppend(byte[] buf, int off, int len, String eventId) {
        Objects.requireNonNull(buf, "buf");
        Objects.checkFromIndexSize(off, len, buf.length);
        ObjectNode fields = Json.NODES.objectNode();
        fields.put("type", EventTypes.INPUT_AUDIO_BUFFER_APPEND);
        if (eventId != null) {
            fields.put("event_id", eventId);
        }
        return new RealtimeEvent(EventTypes.INPUT_AUDIO_BUFFER_APPEND, EventTypes.INPUT_AUDIO_BUFFER_APPEND,
                fields, buf, off, len);
    }

    /** A {@code response.output_audio.delta} with the given fields (any {@code delta} field is dropped) and audio. */
    public static RealtimeEvent outputAudioDelta(ObjectNode fields, byte[] audio) {
        Objects.requireNonNull(audio, "audio");
        ObjectNode copy = copyWithType(EventTypes.OUTPUT_AUDIO_DELTA, fields);
        copy.remove("delta");
        return new RealtimeEvent(EventTypes.OUTPUT_AUDIO_DELTA, EventTypes.OUTPUT_AUDIO_DELTA, copy, audio, 0,
                audio.length);
    }

    /** This event with the given audio (not copied); only for types that carry audio. */
    public RealtimeEvent withAudio(byte[] buf, int off, int len) {
        String audioField = EventTypes.audioField(type);
        if (audioField == null) {
            throw new IllegalArgumentException("Events of type " + type + " carry no audio");
        }
        Objects.requireNonNull(buf, "buf");
        Objects.checkFromIndexSize(off, len, buf.length);
        ObjectNode copy = fields;
        if (fields.has(audioField)) {
            copy = fields.deepCopy();
            copy.remove(audioField);
        }
        return new RealtimeEvent(type, wireType, copy, buf, off, len);
    }

    /** This event with {@code event_id} set (placed right after {@code type}), or removed when {@code id} is null. */
    public RealtimeEvent withEventId(String id) {
        ObjectNode copy = Json.NODES.objectNode();
        copy.put("type", wireType);
        if (id != null) {
            copy.put("event_id", id);
        }
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            if (!field.getKey().equals("type") && !field.getKey().equals("event_id")) {
                copy.set(field.getKey(), field.getValue());
            }
        }
        return new RealtimeEvent(type, wireType, copy, audio, audioOffset, audioLength);
    }

    /** Canonical (GA) type. */
    public String type() {
        return type;
    }

    /** The type as it came over the wire, or as it was given when the event was made. */
    public String wireType() {
        return wireType;
    }

    /** The JSON object without the audio payload. Read only. */
    public ObjectNode fields() {
        return fields;
    }

    /** The backing array of the audio payload (see {@link #audioOffset()}, {@link #audioLength()}), or null. */
    public byte[] audio() {
        return audio;
    }

    public int audioOffset() {
        return audioOffset;
    }

    public int audioLength() {
        return audioLength;
    }

    public boolean hasAudio() {
        return audio != null;
    }

    /** A copy of exactly the audio slice, or null when the event has no audio. */
    public byte[] audioCopy() {
        return audio == null ? null : Arrays.copyOfRange(audio, audioOffset, audioOffset + audioLength);
    }

    public String eventId() {
        return text("event_id");
    }

    /** {@code response_id}, or {@code response.id} for {@code response.created}/{@code response.done}. */
    public String responseId() {
        String id = text("response_id");
        return id != null ? id : nestedText("response", "id");
    }

    /** {@code item_id}, or {@code item.id} for item events ({@code conversation.item.added}, output items...). */
    public String itemId() {
        String id = text("item_id");
        return id != null ? id : nestedText("item", "id");
    }

    /** {@code call_id}, or {@code item.call_id} for function-call items. */
    public String callId() {
        String id = text("call_id");
        return id != null ? id : nestedText("item", "call_id");
    }

    /** The function name: {@code name} (GA {@code function_call_arguments.done}) or {@code item.name}. */
    public String toolName() {
        String name = text("name");
        return name != null ? name : nestedText("item", "name");
    }

    public Integer outputIndex() {
        return integer("output_index");
    }

    public Integer contentIndex() {
        return integer("content_index");
    }

    /** A top-level textual field, or null when absent or not a string. */
    public String text(String field) {
        JsonNode value = fields.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** The textual {@code delta} of text, transcript and function-argument deltas (null for audio deltas). */
    public String delta() {
        return text("delta");
    }

    public boolean isError() {
        return EventTypes.ERROR.equals(type);
    }

    /** {@code error.type} of an {@code error} event. */
    public String errorType() {
        return nestedText("error", "type");
    }

    /** {@code error.code} of an {@code error} event. */
    public String errorCode() {
        return nestedText("error", "code");
    }

    /** {@code error.message} of an {@code error} event. */
    public String errorMessage() {
        return nestedText("error", "message");
    }

    /** {@code error.event_id}: the {@code event_id} of the client event that caused the error. */
    public String errorEventId() {
        return nestedText("error", "event_id");
    }

    /** {@code response.status} of {@code response.created}/{@code response.done}. */
    public String responseStatus() {
        return nestedText("response", "status");
    }

    /** {@code session.id} of {@code session.created}/{@code session.updated}. */
    public String sessionId() {
        return nestedText("session", "id");
    }

    /** The event as JSON text, audio re-encoded as base64, with its wire type. For logging and conversion. */
    public String toJson() {
        StringWriter out = new StringWriter(audio == null ? 256 : audioLength * 4 / 3 + 256);
        try (JsonGenerator generator = Json.SHARED.getFactory().createGenerator(out)) {
            EventWriter.write(generator, Json.SHARED, wireType, fields, EventTypes.audioField(type), audio,
                    audioOffset, audioLength);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof RealtimeEvent that)) {
            return false;
        }
        return type.equals(that.type) && wireType.equals(that.wireType) && fields.equals(that.fields)
                && audioEquals(that);
    }

    private boolean audioEquals(RealtimeEvent that) {
        if (audio == null || that.audio == null) {
            return audio == that.audio;
        }
        return Arrays.equals(audio, audioOffset, audioOffset + audioLength,
                that.audio, that.audioOffset, that.audioOffset + that.audioLength);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, wireType, fields, audioLength);
    }

    /** Type, ids and audio size only: never the payload. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RealtimeEvent[type=").append(type);
        if (!wireType.equals(type)) {
            text.append(", wireType=").append(wireType);
        }
        String eventId = eventId();
        if (eventId != null) {
            text.append(", eventId=").append(eventId);
        }
        if (audio != null) {
            text.append(", audioBytes=").append(audioLength);
        }
        return text.append(']').toString();
    }

    private String nestedText(String object, String field) {
        JsonNode parent = fields.get(object);
        if (parent == null || !parent.isObject()) {
            return null;
        }
        JsonNode value = parent.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private Integer integer(String field) {
        JsonNode value = fields.get(field);
        return value != null && value.canConvertToInt() && value.isIntegralNumber() ? value.intValue() : null;
    }

    private static ObjectNode copyWithType(String type, ObjectNode fields) {
        ObjectNode copy = Json.NODES.objectNode();
        copy.put("type", type);
        if (fields != null) {
            for (Map.Entry<String, JsonNode> field : fields.properties()) {
                if (!field.getKey().equals("type")) {
                    copy.set(field.getKey(), field.getValue().deepCopy());
                }
            }
        }
        return copy;
    }
}
