package io.github.camelrealtime.fastrouter.protocol;

import java.util.Base64;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written input_audio_buffer.append is exactly the JSON the general path writes, for every slice and id. */
class AppendFastPathTest {

    private final RealtimeCodec codec = new RealtimeCodec();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void plainAppendsAreTheSameJsonAsTheGeneralPath() throws Exception {
        Random random = new Random(7);
        for (int length : new int[] { 1, 2, 3, 4, 4800, 4801, 4802 }) {
            byte[] buffer = new byte[length + 10];
            random.nextBytes(buffer);
            for (Dialect dialect : Dialect.values()) {
                for (String id : new String[] { null, "evt_abc_1", "evt-9.x:y" }) {
                    RealtimeEvent append = RealtimeEvent.audioAppend(buffer, 5, length, id);
                    String fast = codec.encode(append, dialect).toString();

                    JsonNode json = mapper.readTree(fast);
                    assertThat(json.path("type").asText()).isEqualTo("input_audio_buffer.append");
                    assertThat(json.has("event_id")).isEqualTo(id != null);
                    if (id != null) {
                        assertThat(json.path("event_id").asText()).isEqualTo(id);
                    }
                    byte[] expected = java.util.Arrays.copyOfRange(buffer, 5, 5 + length);
                    assertThat(json.path("audio").asText()).isEqualTo(Base64.getEncoder().encodeToString(expected));
                    assertThat(json.size()).isEqualTo(id == null ? 2 : 3);
                    RealtimeEvent back = codec.decodeClient(fast);
                    assertThat(back.audioCopy()).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void anIdNeedingEscapesOrExtraFieldsTakeTheGeneralPath() throws Exception {
        byte[] audio = { 1, 2, 3 };
        RealtimeEvent quoted = RealtimeEvent.audioAppend(audio, 0, 3, "evt\"odd");
        JsonNode json = mapper.readTree(codec.encode(quoted, Dialect.GA).toString());
        assertThat(json.path("event_id").asText()).isEqualTo("evt\"odd");

        var fields = mapper.createObjectNode().put("type", "input_audio_buffer.append").put("event_id", "evt_1").put("note", "kept");
        RealtimeEvent extra = RealtimeEvent.of("input_audio_buffer.append", fields).withAudio(audio, 0, 3);
        JsonNode withNote = mapper.readTree(codec.encode(extra, Dialect.GA).toString());
        assertThat(withNote.path("note").asText()).isEqualTo("kept");
        assertThat(withNote.path("audio").asText()).isEqualTo("AQID");
    }
}
