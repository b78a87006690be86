package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.MAPPER;
import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.catalogClientTypes;
import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.catalogServerTypes;
import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.expectedCanonical;
import static org.assertj.core.api.Assertions.assertThat;

/** Every client and server type of both dialects, as listed in the catalog, survives encode then decode. */
class CatalogRoundTripTest {

    private final RealtimeCodec codec = new RealtimeCodec();

    static Stream<Arguments> clientTypes() {
        return Stream.of(Dialect.values())
                .flatMap(dialect -> catalogClientTypes(dialect).stream().map(type -> Arguments.of(dialect, type)));
    }

    static Stream<Arguments> serverTypes() {
        return Stream.of(Dialect.values())
                .flatMap(dialect -> catalogServerTypes(dialect).stream().map(type -> Arguments.of(dialect, type)));
    }

    @ParameterizedTest(name = "{0} client {1}")
    @MethodSource("clientTypes")
    void clientEventRoundTrips(Dialect dialect, String wireType) throws Exception {
        RealtimeEvent event = sampleClientEvent(wireType, dialect);

        CharSequence encoded = codec.encode(event, dialect);
        JsonNode onWire = MAPPER.readTree(encoded.toString());
        RealtimeEvent decoded = codec.decodeClient(encoded);

        assertThat(onWire.get("type").textValue()).isEqualTo(wireType);
        assertThat(decoded.type()).isEqualTo(expectedCanonical(dialect, wireType));
        assertThat(decoded.wireType()).isEqualTo(wireType);
        assertThat(decoded.fields()).isEqualTo(event.fields());
        assertThat(decoded).isEqualTo(event);
        if (event.hasAudio()) {
            assertThat(decoded.audioCopy()).isEqualTo(event.audioCopy()).hasSize(3000);
            assertThat(decoded.fields().has("audio")).isFalse();
            assertThat(onWire.get("audio").binaryValue()).isEqualTo(event.audioCopy());
        }
    }

    @ParameterizedTest(name = "{0} server {1}")
    @MethodSource("serverTypes")
    void serverEventRoundTrips(Dialect dialect, String wireType) throws Exception {
        RealtimeEvent event = RealtimeEvent.ofWire(wireType, dialect, sampleServerFields());
        byte[] audio = null;
        if (EventTypes.audioField(event.type()) != null) {
            audio = randomBytes(2400, wireType.hashCode());
            event = event.withAudio(audio, 0, audio.length);
        }

        CharSequence encoded = codec.encodeServer(event, dialect);
        JsonNode onWire = MAPPER.readTree(encoded.toString());
        RealtimeEvent decoded = codec.decodeServer(encoded, dialect);

        assertThat(onWire.get("type").textValue()).isEqualTo(wireType);
        assertThat(decoded.type()).isEqualTo(expectedCanonical(dialect, wireType));
        assertThat(decoded.wireType()).isEqualTo(wireType);
        assertThat(decoded.fields()).isEqualTo(event.fields());
        assertThat(decoded).isEqualTo(event);
        if (audio != null) {
            assertThat(decoded.audioCopy()).isEqualTo(audio);
            assertThat(onWire.get("delta").binaryValue()).isEqualTo(audio);
        } else {
            assertThat(decoded.hasAudio()).isFalse();
        }
    }

    private static RealtimeEvent sampleClientEvent(String wireType, Dialect dialect) throws Exception {
        String canonical = dialect.canonicalType(wireType);
        String eventId = "evt_" + Integer.toHexString(wireType.hashCode());
        if (canonical.equals(EventTypes.INPUT_AUDIO_BUFFER_APPEND)) {
            byte[] buffer = randomBytes(4800, 7);
            return RealtimeEvent.audioAppend(buffer, 100, 3000, eventId);
        }
        ObjectNode fields = MAPPER.createObjectNode();
        fields.put("event_id", eventId);
        switch (canonical) {
            case EventTypes.CONVERSATION_ITEM_TRUNCATE ->
                    fields.put("item_id", "item_1").put("content_index", 0).put("audio_end_ms", 1500);
            case EventTypes.CONVERSATION_ITEM_DELETE, EventTypes.CONVERSATION_ITEM_RETRIEVE ->
                    fields.put("item_id", "item_1");
            case EventTypes.CONVERSATION_ITEM_CREATE -> fields.put("previous_item_id", "item_0").set("item",
                    MAPPER.readTree("{\"type\":\"message\",\"role\":\"user\","
                            + "\"content\":[{\"type\":\"input_text\",\"text\":\"Hallo, wie geht's? ☃\"}]}"));
            case EventTypes.SESSION_UPDATE -> fields.set("session", MAPPER.readTree(
                    wireType.equals(EventTypes.BETA_TRANSCRIPTION_SESSION_UPDATE)
                            ? "{\"input_audio_format\":\"pcm16\",\"turn_detection\":null}"
                            : "{\"instructions\":\"Be brief.\",\"tools\":[],\"max_output_tokens\":\"inf\"}"));
            case EventTypes.RESPONSE_CREATE -> fields.set("response",
                    MAPPER.readTree("{\"conversation\":\"none\",\"metadata\":{\"k\":\"v\"},\"input\":[]}"));
            case EventTypes.RESPONSE_CANCEL -> fields.put("response_id", "resp_1");
            default -> {
                // no fields beyond event_id
            }
        }
        return RealtimeEvent.of(wireType, fields);
    }

    private static ObjectNode sampleServerFields() throws Exception {
        return (ObjectNode) MAPPER.readTree("""
                {"event_id":"event_C9G5RJeJ2gF77mV7f2B1j","response_id":"resp_1","item_id":"item_1",
                 "output_index":1,"content_index":0,"obfuscation":"x1y2",
                 "nested":{"list":[1,2.5,"three",null,true,{"deep":{}}],"big":12345678901234567890,"text":"é\\n\\"q\\""}}
                """);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
