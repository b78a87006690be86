package io.github.camelrealtime.fastrouter;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.audio.AudioClip;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.AudioInput;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.protocol.RealtimeCodec;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.session.LifecycleEvents;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.WrappedFile;

/**
 * What a producer message asks for (DESIGN.md §4), decided and validated before anything is sent or any socket is
 * opened: a client event as is, a user text message, audio to stream, a tool output, or a verb.
 */
sealed interface OutboundMessage {

    /** A client event given whole (event object, JSON text, JsonNode or Map with a {@code type}). */
    record ClientEvent(RealtimeEvent event) implements OutboundMessage {
    }

    /** A user text message. */
    record Text(String text) implements OutboundMessage {
    }

    /**
     * Audio to stream in {@code chunkMillis} appends (already opened: a bad WAV failed here). Whoever claims it first
     * owns it: the upload that reads it, or the failure path that closes it unread. {@code inMemory}: the body was
     * bytes, so reading it never waits (the caller's thread may start the upload).
     */
    record Audio(AudioInput input, boolean inMemory, AtomicBoolean claimed) implements OutboundMessage {
        Audio(AudioInput input, boolean inMemory) {
            this(input, inMemory, new AtomicBoolean());
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    /** An image (as a data URL) for a user message, with optional text and detail level (auto, low, high). */
    record Image(String dataUrl, String text, String detail, int bytes) implements OutboundMessage {
    }

    /** The output of a function call the model made. */
    record ToolOutput(String callId, String output) implements OutboundMessage {
    }

    /** {@code interrupt}, {@code close}, {@code commit} or {@code update} (whose body the producer reads). */
    record Action(String verb, Long playedMs) implements OutboundMessage {
    }

    /** New session settings to apply at the next turn boundary (the {@code update} action, a handoff). */
    record Update(io.github.camelrealtime.fastrouter.protocol.SessionSettings settings) implements OutboundMessage {
    }

    /** Reads the exchange's message; throws a clear exception, with nothing sent, when it cannot be mapped. */
    static OutboundMessage of(Exchange exchange, RealtimeCodec codec, AudioFormat inputFormat) throws Exception {
        Message message = exchange.getMessage();
        String action = message.getHeader(FastRouterRealtimeConstants.ACTION, String.class);
        if (action != null && !action.isBlank()) {
            String verb = action.trim().toLowerCase(Locale.ROOT);
            if (!verb.equals("interrupt") && !verb.equals("close") && !verb.equals("commit") && !verb.equals("update")) {
                throw new IllegalArgumentException("Unknown " + FastRouterRealtimeConstants.ACTION + " '" + action
                                                   + "': use interrupt, close, commit or update");
            }
            return new Action(verb, message.getHeader(FastRouterRealtimeConstants.AUDIO_PLAYED_MS, Long.class));
        }
        Object body = message.getBody();
        String callId = message.getHeader(FastRouterRealtimeConstants.CALL_ID, String.class);
        if (callId != null && !callId.isBlank()) {
            if (body == null) {
                throw new InvalidPayloadException(exchange, String.class);
            }
            String output = body instanceof JsonNode || body instanceof Map
                    ? codec.mapper().writeValueAsString(body) : message.getMandatoryBody(String.class);
            return new ToolOutput(callId, output);
        }
        String forced = message.getHeader(FastRouterRealtimeConstants.EVENT_TYPE, String.class);
        // a server event type there was left by a previous realtime step (a reply or a consumed event), not set to force
        if (forced != null && !forced.isBlank() && !(EventTypes.isServerType(forced.trim()) && !EventTypes.isClientType(forced.trim()))
            && !LifecycleEvents.isLifecycle(forced.trim())) {
            return forcedType(exchange, codec, inputFormat, forced.trim());
        }
        if (body == null) {
            throw new IllegalArgumentException("The message has no body: send text, audio, or a client event");
        }
        if (body instanceof RealtimeEvent event) {
            return new ClientEvent(validated(codec, event));
        }
        if (body instanceof JsonNode node) {
            return new ClientEvent(codec.decodeClient(node));
        }
        if (body instanceof Map<?, ?> map) {
            return new ClientEvent(codec.decodeClient((JsonNode) codec.mapper().valueToTree(map)));
        }
        if (body instanceof String text) {
            if (looksLikeJson(text)) {
                return new ClientEvent(codec.decodeClient(text));
            }
            if (text.isBlank()) {
                throw new IllegalArgumentException("The message body is blank text: nothing to say");
            }
            return new Text(text);
        }
        // a body declared as raw audio is never taken for an image
        Image image = message.getHeader(FastRouterRealtimeConstants.AUDIO_FORMAT) != null ? null
                : Images.read(body, message.getHeader(FastRouterRealtimeConstants.IMAGE_TEXT, String.class),
                        message.getHeader(FastRouterRealtimeConstants.IMAGE_DETAIL, String.class));
        if (image != null) {
            return image;
        }
        AudioInput audio = audio(body, rawFormat(message, inputFormat), inputFormat);
        if (audio != null) {
            return new Audio(audio, inMemory(body));
        }
        throw new IllegalArgumentException("Cannot send a body of type " + body.getClass().getName()
                                           + ": use text (String), audio (byte[], ByteBuffer, InputStream, WAV File/Path), "
                                           + "an image (PNG/JPEG/WebP/GIF bytes or File/Path) "
                                           + "or a client event (JSON String, JsonNode, Map with a type)");
    }

    private static OutboundMessage forcedType(Exchange exchange, RealtimeCodec codec, AudioFormat inputFormat, String type)
            throws Exception {
        String canonical = EventTypes.canonical(type);
        if (!EventTypes.isClientType(type)) {
            throw new IllegalArgumentException(FastRouterRealtimeConstants.EVENT_TYPE + " '" + type
                                               + "' is not a client event type of either dialect");
        }
        Object body = exchange.getMessage().getBody();
        if (EventTypes.INPUT_AUDIO_BUFFER_APPEND.equals(canonical) && !(body instanceof String) && body != null) {
            AudioInput audio = audio(body, rawFormat(exchange.getMessage(), inputFormat), inputFormat);
            if (audio == null) {
                throw new IllegalArgumentException("input_audio_buffer.append needs audio, not " + body.getClass().getName());
            }
            return new Audio(audio, inMemory(body));
        }
        if (EventTypes.CONVERSATION_ITEM_CREATE.equals(canonical) && body instanceof String text && !looksLikeJson(text)) {
            return new Text(text);
        }
        JsonNode node;
        if (body == null || (body instanceof String s && s.isBlank())) {
            node = codec.mapper().createObjectNode();
        } else if (body instanceof RealtimeEvent e) {
            node = e.fields();
        } else if (body instanceof String s) {
            try {
                node = codec.mapper().readTree(s);
            } catch (IOException e) {
                throw new ProtocolException("The body is not valid JSON for " + type + ": " + e.getMessage(), e);
            }
        } else if (body instanceof JsonNode || body instanceof Map) {
            node = codec.mapper().valueToTree(body);
        } else {
            throw new IllegalArgumentException("Cannot send a body of type " + body.getClass().getName() + " as " + type);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ProtocolException("The body of a " + type + " event must be a JSON object");
        }
        ObjectNode fields = object.deepCopy();
        JsonNode given = fields.get("type");
        if (given != null && !given.isNull() && !EventTypes.canonical(given.asText()).equals(canonical)) {
            throw new IllegalArgumentException("The body is a " + given.asText() + " event but " + FastRouterRealtimeConstants.EVENT_TYPE
                                               + " says " + type);
        }
        fields.put("type", type);
        return new ClientEvent(codec.decodeClient(fields));
    }

    private static RealtimeEvent validated(RealtimeCodec codec, RealtimeEvent event) throws ProtocolException {
        if (event.hasAudio()) {
            if (!EventTypes.isClientType(event.type())) {
                throw new ProtocolException("'" + event.type() + "' is not a client event type");
            }
            return event;
        }
        return codec.decodeClient(event.fields());
    }

    /** A String body starting with '{' is a client event; text that must start with '{' is sent with EventType conversation.item.create. */
    private static boolean looksLikeJson(String text) {
        return text.strip().startsWith("{");
    }

    /**
     * The format of a raw audio body: the header {@code CamelFastRouterRealtimeAudioFormat} when the route declares it
     * (a phone bridge sending mu-law to a pcm16 session), else the session's input format. WAV describes itself.
     */
    private static AudioFormat rawFormat(Message message, AudioFormat inputFormat) {
        String declared = message.getHeader(FastRouterRealtimeConstants.AUDIO_FORMAT, String.class);
        if (declared == null || declared.isBlank() || declared.equalsIgnoreCase("wav")) {
            return inputFormat;
        }
        return AudioFormat.fromName(declared);
    }

    private static boolean inMemory(Object body) {
        return body instanceof byte[] || body instanceof ByteBuffer || body instanceof AudioClip;
    }

    /** Opens an audio body (raw in {@code rawFormat}, or WAV) converted to the input format; null when it is not audio. */
    private static AudioInput audio(Object body, AudioFormat rawFormat, AudioFormat inputFormat) throws IOException {
        if (body instanceof WrappedFile<?> wrapped) {
            body = wrapped.getFile();
        }
        if (body instanceof AudioClip clip) {
            return AudioInput.open(clip.data(), clip.format(), inputFormat);
        }
        if (body instanceof byte[] bytes) {
            checkRaw(bytes.length, bytes, rawFormat);
            return AudioInput.open(bytes, rawFormat, inputFormat);
        }
        if (body instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            checkRaw(bytes.length, bytes, rawFormat);
            return AudioInput.open(bytes, rawFormat, inputFormat);
        }
        if (body instanceof File file) {
            return AudioInput.open(file.toPath(), rawFormat, inputFormat);
        }
        if (body instanceof Path path) {
            return AudioInput.open(path, rawFormat, inputFormat);
        }
        if (body instanceof InputStream in) {
            return AudioInput.open(in, rawFormat, inputFormat);
        }
        return null;
    }

    private static void checkRaw(int length, byte[] bytes, AudioFormat format) {
        if (length == 0) {
            throw new IllegalArgumentException("The audio body is empty");
        }
        boolean wav = length >= 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F';
        if (!wav && length % format.bytesPerSample() != 0) {
            throw new IllegalArgumentException("Raw " + format.wireName() + " audio must be whole " + format.bytesPerSample()
                                               + "-byte samples, but the body has " + length + " bytes");
        }
    }
}
