package io.github.camelrealtime.fastrouter.protocol;

import java.nio.CharBuffer;
import java.util.Base64;
import java.util.Random;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audio delta read without the parser scanning its payload (a CharBuffer as the JDK hands it over) decodes exactly
 * what the ordinary path decodes, and falls back to it whenever the payload is not the message's last value.
 */
class DeltaFastPathTest {

    private final RealtimeCodec codec = new RealtimeCodec();

    private static String delta(String base64, String tail) {
        return "{\"type\":\"response.output_audio.delta\",\"event_id\":\"e1\",\"response_id\":\"r1\",\"item_id\":\"i1\","
               + "\"output_index\":0,\"content_index\":0,\"delta\":\"" + base64 + "\"" + tail;
    }

    /** The message inside a larger array, as the connection's reassembly buffer holds it. */
    private static CharBuffer inArray(String message) {
        char[] array = new char[message.length() + 20];
        java.util.Arrays.fill(array, 'x');
        message.getChars(0, message.length(), array, 7);
        return CharBuffer.wrap(array, 7, message.length());
    }

    @Test
    void theFastPathReadsTheSameEventsAsTheOrdinaryOne() throws Exception {
        Random random = new Random(11);
        for (int length : new int[] { 0, 1, 2, 3, 4800, 4801 }) {
            byte[] audio = new byte[length];
            random.nextBytes(audio);
            String base64 = Base64.getEncoder().encodeToString(audio);
            for (String tail : new String[] { "}", " } ", "\n}\n", "\t\r\n}", ",\"extra\":\"AAAA\"}", ",\"n\":1}" }) {
                String message = delta(base64, tail);
                RealtimeEvent ordinary = codec.decodeServer(message, Dialect.GA);
                RealtimeEvent fast = codec.decodeServer(inArray(message), Dialect.GA);
                assertThat(fast).as(tail).isEqualTo(ordinary);
                assertThat(fast.audioCopy()).isEqualTo(audio);
                assertThat(fast.fields().path("content_index").asInt(-1)).isZero();
            }
        }
    }

    @Test
    void theParsersTokenOffsetLeadsToTheOpeningQuote() throws Exception {
        byte[] audio = {1, 2, 3, 4, 5};
        String message = delta(Base64.getEncoder().encodeToString(audio), "}");
        CharBuffer buffer = inArray(message);
        int start = buffer.arrayOffset() + buffer.position();
        try (JsonParser parser = codec.mapper().getFactory().createParser(buffer.array(), start, buffer.remaining())) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.VALUE_STRING && "delta".equals(parser.currentName())) {
                    int tokenStart = start + (int) parser.currentTokenLocation().getCharOffset();
                    assertThat(Base64Payloads.readClosingValue(buffer.array(), start, tokenStart, start + buffer.remaining()))
                            .isEqualTo(audio);
                    return;
                }
            }
        }
        throw new AssertionError("no delta token");
    }

    @Test
    void escapesAndBadPayloadsGoTheOrdinaryWay() throws Exception {
        // an escaped character is valid JSON: the fast path must not take the backslash for payload
        RealtimeEvent escaped = codec.decodeServer(inArray(delta("\\u0041QID", "}")), Dialect.GA);
        assertThat(escaped.audioCopy()).isEqualTo(Base64.getDecoder().decode("AQID"));
        assertThatThrownBy(() -> codec.decodeServer(inArray(delta("AQ*D", "}")), Dialect.GA))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> codec.decodeServer(inArray(delta("AQID", "")), Dialect.GA))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> codec.decodeServer(inArray(delta("AQID", "}}")), Dialect.GA))
                .isInstanceOf(ProtocolException.class);
    }
}
