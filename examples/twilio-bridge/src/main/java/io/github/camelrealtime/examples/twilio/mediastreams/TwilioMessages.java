package io.github.camelrealtime.examples.twilio.mediastreams;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes Twilio Media Streams messages (JSON text frames). Thread-safe, no state; depends on Jackson only.
 *
 * <ul>
 * <li>{@link #parse(String)}: a message from Twilio to your server;</li>
 * <li>{@link #media(String, byte[])}, {@link #mark(String, String)}, {@link #clear(String)}: what your server sends
 * Twilio on a bidirectional stream (play audio, be told when it has played, drop what is still queued);</li>
 * <li>{@link #connected()}, {@link #start}, {@link #inboundMedia}, {@link #markEcho}, {@link #dtmf}, {@link #stop}:
 * the messages Twilio sends, for tests and simulated calls;</li>
 * <li>{@link #parseOutbound(String)}: reads what a server sent (tests, simulated calls).</li>
 * </ul>
 */
public final class TwilioMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private TwilioMessages() {
    }

    // ---------------------------------------------------------------- Twilio -> your server

    /**
     * Reads a message Twilio sent.
     *
     * @throws MalformedTwilioMessageException not JSON, not an object, no {@code event}, or a known event without the
     *                                         fields it needs (a {@code media} without a valid base64 payload, ...)
     */
    public static TwilioMessage parse(String text) {
        JsonNode root = readObject(text);
        String event = requireText(root, "event", "event");
        String streamSid = root.path("streamSid").isTextual() ? root.path("streamSid").asText() : null;
        switch (event) {
            case "connected":
                return new TwilioMessage.Connected(root.path("protocol").asText(null), root.path("version").asText(null));
            case "start": {
                JsonNode start = requireObject(root, "start");
                String sid = start.path("streamSid").isTextual() ? start.path("streamSid").asText() : streamSid;
                if (sid == null || sid.isEmpty()) {
                    throw new MalformedTwilioMessageException("start without streamSid");
                }
                List<String> tracks = new ArrayList<>();
                start.path("tracks").forEach(t -> tracks.add(t.asText()));
                JsonNode f = start.path("mediaFormat");
                TwilioMessage.MediaFormat format = f.isObject()
                        ? new TwilioMessage.MediaFormat(f.path("encoding").asText("audio/x-mulaw"), f.path("sampleRate").asInt(8000),
                                f.path("channels").asInt(1))
                        : TwilioMessage.MediaFormat.TWILIO;
                Map<String, String> params = new LinkedHashMap<>();
                start.path("customParameters").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                return new TwilioMessage.Start(sid, start.path("callSid").asText(null), start.path("accountSid").asText(null),
                        List.copyOf(tracks), format, Collections.unmodifiableMap(params));
            }
            case "media": {
                JsonNode media = requireObject(root, "media");
                String payload = requireText(media, "payload", "media.payload");
                byte[] audio;
                try {
                    audio = B64D.decode(payload);
                } catch (IllegalArgumentException e) {
                    throw new MalformedTwilioMessageException("media.payload is not base64: " + e.getMessage(), e);
                }
                return new TwilioMessage.Media(requireStream(streamSid, event), media.path("track").asText("inbound"),
                        media.path("chunk").asLong(0), media.path("timestamp").asLong(0), audio);
            }
            case "mark":
                return new TwilioMessage.Mark(requireStream(streamSid, event), requireText(requireObject(root, "mark"), "name", "mark.name"));
            case "dtmf":
                JsonNode dtmf = requireObject(root, "dtmf");
                return new TwilioMessage.Dtmf(requireStream(streamSid, event), dtmf.path("track").asText("inbound_track"),
                        requireText(dtmf, "digit", "dtmf.digit"));
            case "stop": {
                JsonNode stop = root.path("stop");
                return new TwilioMessage.Stop(requireStream(streamSid, event), stop.path("callSid").asText(null),
                        stop.path("accountSid").asText(null));
            }
            default:
                return new TwilioMessage.Unknown(event, streamSid, text);
        }
    }

    // ---------------------------------------------------------------- your server -> Twilio

    /** {@code media}: audio to play to the caller, mu-law 8 kHz mono without any header, base64 encoded. */
    public static String media(String streamSid, byte[] mulaw) {
        return media(streamSid, mulaw, 0, mulaw.length);
    }

    /** {@code media} with {@code mulaw[offset, offset+length)}. */
    public static String media(String streamSid, byte[] mulaw, int offset, int length) {
        ObjectNode m = message("media", streamSid);
        byte[] slice = offset == 0 && length == mulaw.length ? mulaw : java.util.Arrays.copyOfRange(mulaw, offset, offset + length);
        m.putObject("media").put("payload", B64.encodeToString(slice));
        return write(m);
    }

    /** {@code mark}: Twilio echoes a {@code mark} of this name once the audio sent before it has played. */
    public static String mark(String streamSid, String name) {
        ObjectNode m = message("mark", streamSid);
        m.putObject("mark").put("name", name);
        return write(m);
    }

    /** {@code clear}: Twilio drops the audio it still has queued and echoes every pending mark. */
    public static String clear(String streamSid) {
        return write(message("clear", streamSid));
    }

    /** What a server sent to Twilio: {@code media} (payload decoded), {@code mark}, {@code clear}, or unknown. */
    public record Outbound(String event, String streamSid, byte[] payload, String markName) {
    }

    /** Reads a message a server sent to Twilio (for simulated calls and tests). */
    public static Outbound parseOutbound(String text) {
        JsonNode root = readObject(text);
        String event = requireText(root, "event", "event");
        String sid = root.path("streamSid").asText(null);
        return switch (event) {
            case "media" -> new Outbound(event, sid, B64D.decode(requireText(requireObject(root, "media"), "payload", "media.payload")), null);
            case "mark" -> new Outbound(event, sid, null, requireText(requireObject(root, "mark"), "name", "mark.name"));
            default -> new Outbound(event, sid, null, null);
        };
    }

    // ---------------------------------------------------------------- as Twilio sends them (simulated calls, tests)

    public static String connected() {
        return "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    }

    public static String start(long sequenceNumber, String streamSid, String callSid, String accountSid, Map<String, String> customParameters) {
        ObjectNode m = sequenced("start", sequenceNumber, streamSid);
        ObjectNode start = m.putObject("start");
        start.put("accountSid", accountSid).put("streamSid", streamSid).put("callSid", callSid);
        start.putArray("tracks").add("inbound");
        ObjectNode params = start.putObject("customParameters");
        customParameters.forEach(params::put);
        start.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", 8000).put("channels", 1);
        return write(m);
    }

    public static String inboundMedia(long sequenceNumber, String streamSid, long chunk, long timestampMs, byte[] mulaw) {
        ObjectNode m = sequenced("media", sequenceNumber, streamSid);
        m.putObject("media").put("track", "inbound").put("chunk", Long.toString(chunk)).put("timestamp", Long.toString(timestampMs))
                .put("payload", B64.encodeToString(mulaw));
        return write(m);
    }

    public static String markEcho(long sequenceNumber, String streamSid, String name) {
        ObjectNode m = sequenced("mark", sequenceNumber, streamSid);
        m.putObject("mark").put("name", name);
        return write(m);
    }

    public static String dtmf(long sequenceNumber, String streamSid, String digit) {
        ObjectNode m = sequenced("dtmf", sequenceNumber, streamSid);
        m.putObject("dtmf").put("track", "inbound_track").put("digit", digit);
        return write(m);
    }

    public static String stop(long sequenceNumber, String streamSid, String callSid, String accountSid) {
        ObjectNode m = sequenced("stop", sequenceNumber, streamSid);
        m.putObject("stop").put("accountSid", accountSid).put("callSid", callSid);
        return write(m);
    }

    // ---------------------------------------------------------------- helpers

    private static ObjectNode message(String event, String streamSid) {
        ObjectNode m = JSON.createObjectNode();
        m.put("event", event);
        m.put("streamSid", streamSid);
        return m;
    }

    private static ObjectNode sequenced(String event, long sequenceNumber, String streamSid) {
        ObjectNode m = JSON.createObjectNode();
        m.put("event", event);
        m.put("sequenceNumber", Long.toString(sequenceNumber));
        m.put("streamSid", streamSid);
        return m;
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readObject(String text) {
        if (text == null || text.isBlank()) {
            throw new MalformedTwilioMessageException("empty message");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedTwilioMessageException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedTwilioMessageException("not a JSON object");
        }
        return root;
    }

    private static JsonNode requireObject(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (!node.isObject()) {
            throw new MalformedTwilioMessageException(parent.path("event").asText() + " without a '" + field + "' object");
        }
        return node;
    }

    private static String requireText(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new MalformedTwilioMessageException("missing or empty '" + path + "'");
        }
        return node.asText();
    }

    private static String requireStream(String streamSid, String event) {
        if (streamSid == null || streamSid.isEmpty()) {
            throw new MalformedTwilioMessageException(event + " without streamSid");
        }
        return streamSid;
    }
}
