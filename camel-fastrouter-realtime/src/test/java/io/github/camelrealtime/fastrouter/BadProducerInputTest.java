package io.github.camelrealtime.fastrouter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import io.github.camelrealtime.fastrouter.audio.AudioFormatException;
import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of bad producer input fails that exchange clearly, sends nothing, and leaves the session usable. */
class BadProducerInputTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private Exception failureOf(String uri, Object body, Map<String, Object> headers) {
        Exchange result = template.send(uri, ExchangePattern.InOut, e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
        });
        return result.getException();
    }

    @Test
    void eachBadInputFailsClearlyWithNothingSent() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "bad", "dialect=ga&outputModalities=text");
        // open the session first so "nothing sent" is measured on a live socket
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");
        int before = inputEvents(sim).size();

        assertThat(failureOf(uri, "{\"type\":\"response.teleport\"}", Map.of()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("response.teleport");
        assertThat(failureOf(uri, "{\"type\": \"response.create\", ", Map.of()))
                .isInstanceOf(ProtocolException.class);
        assertThat(failureOf(uri, "{ not json }", Map.of())).isInstanceOf(ProtocolException.class);
        assertThat(failureOf(uri, "{\"no_type\": 1}", Map.of())).isInstanceOf(ProtocolException.class).hasMessageContaining("type");
        assertThat(failureOf(uri, 42, Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Integer");
        assertThat(failureOf(uri, null, Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no body");
        assertThat(failureOf(uri, new byte[] { 1, 2, 3 }, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 bytes");
        assertThat(failureOf(uri, compressedWav(), Map.of())).isInstanceOf(AudioFormatException.class).hasMessageContaining("MPEG");
        assertThat(failureOf(uri, "x".getBytes(StandardCharsets.US_ASCII), Map.of(FastRouterRealtimeConstants.EVENT_TYPE, "input_audio_buffer.append")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(failureOf(uri, "hello", Map.of(FastRouterRealtimeConstants.ACTION, "explode")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("explode");
        assertThat(failureOf(uri, "{\"type\":\"input_audio_buffer.append\",\"audio\":\"###\"}", Map.of()))
                .isInstanceOf(ProtocolException.class);
        char[] big = new char[16 * 1024 * 1024];
        Arrays.fill(big, 'A');
        assertThat(failureOf(uri, "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                                  + "\"content\":[{\"type\":\"input_text\",\"text\":\"" + new String(big) + "\"}]}}", Map.of()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("MiB");

        assertThat(inputEvents(sim)).hasSize(before);
        // the session is unaffected
        assertThat(template.requestBody(uri, "still there?", String.class)).isEqualTo("echo: still there?");
        assertThat(sim.connectionCount()).isEqualTo(1);
    }

    /** A WAV header declaring MPEG layer 3 (format tag 0x55). */
    static byte[] compressedWav() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(60).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(52).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 0x55).putShort((short) 1)
                .putInt(24000).putInt(4000).putShort((short) 1).putShort((short) 0);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        return b.array();
    }
}
