package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.CharBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RealtimeCodecTest {

    private static final int TWO_MIB = 2 * 1024 * 1024;

    private final RealtimeCodec codec = new RealtimeCodec();

    // --- audio payloads -------------------------------------------------------------------------------------------

    static Stream<Arguments> messageForms() {
        return Stream.of(
                Arguments.of("String", (Function<String, CharSequence>) text -> text),
                Arguments.of("CharBuffer over a larger array", (Function<String, CharSequence>) text -> {
                    char[] array = new char[text.length() + 20];
                    text.getChars(0, text.length(), array, 7);
                    return CharBuffer.wrap(array, 7, text.length());
                }),
                Arguments.of("sliced CharBuffer", (Function<String, CharSequence>) text -> {
                    char[] array = new char[text.length() + 20];
                    text.getChars(0, text.length(), array, 11);
                    return CharBuffer.wrap(array).position(11).slice().limit(text.length());
                }),
                Arguments.of("read-only CharBuffer", (Function<String, CharSequence>) text ->
                        CharBuffer.wrap(text.toCharArray()).asReadOnlyBuffer()),
                Arguments.of("StringBuilder", (Function<String, CharSequence>) StringBuilder::new),
                Arguments.of("other CharSequence", (Function<String, CharSequence>) PlainCharSequence::new));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("messageForms")
    void decodesATwoMebibyteAudioDeltaExactlyFromEveryKindOfCharSequence(String form,
            Function<String, CharSequence> toMessage) throws Exception {
        byte[] audio = randomBytes(TWO_MIB, 1);
        String message = "{\"type\":\"response.audio.delta\",\"event_id\":\"event_1\",\"response_id\":\"resp_1\","
                + "\"item_id\":\"item_1\",\"output_index\":0,\"content_index\":0,\"delta\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"}";

        RealtimeEvent event = codec.decodeServer(toMessage.apply(message), Dialect.BETA);

        assertThat(event.type()).isEqualTo(EventTypes.OUTPUT_AUDIO_DELTA);
        assertThat(event.wireType()).isEqualTo("response.audio.delta");
        assertThat(event.audioLength()).isEqualTo(TWO_MIB);
        assertThat(event.audioCopy()).isEqualTo(audio);
        assertThat(event.fields().has("delta")).isFalse();
        assertThat(event.delta()).isNull();
        assertThat(event.itemId()).isEqualTo("item_1");
        assertThat(event.fields().size()).isEqualTo(6);
    }

    @Test
    void encodesTwoMebibytesOfOutputAudioAndDecodesThemBack() throws Exception {
        byte[] audio = randomBytes(TWO_MIB, 2);
        ObjectNode fields = MAPPER.createObjectNode().put("event_id", "e1").put("item_id", "item_1");
        RealtimeEvent event = RealtimeEvent.outputAudioDelta(fields, audio);

        CharSequence encoded = codec.encodeServer(event, Dialect.GA);

        assertThat(encoded).isInstanceOf(CharBuffer.class);
        assertThat(Base64.getDecoder().decode(MAPPER.readTree(encoded.toString()).get("delta").textValue()))
                .isEqualTo(audio);
        assertThat(codec.decodeServer(encoded, Dialect.GA)).isEqualTo(event);
    }

    @Test
    void appendEncodesExactlyItsSliceOfTheBuffer() throws Exception {
        byte[] buffer = randomBytes(100, 3);
        RealtimeEvent append = RealtimeEvent.audioAppend(buffer, 10, 30, "evt_1");

        String encoded = codec.encode(append, Dialect.GA).toString();

        byte[] slice = Arrays.copyOfRange(buffer, 10, 40);
        assertThat(encoded).isEqualTo("{\"type\":\"input_audio_buffer.append\",\"event_id\":\"evt_1\",\"audio\":\""
                + Base64.getEncoder().encodeToString(slice) + "\"}");
        RealtimeEvent decoded = codec.decodeClient(encoded);
        assertThat(decoded.audioCopy()).isEqualTo(slice);
        assertThat(decoded).isEqualTo(append);
    }

    @Test
    void everyEncodeReturnsItsOwnBuffer() throws Exception {
        RealtimeEvent first = RealtimeEvent.audioAppend(new byte[] {1, 2, 3}, 0, 3, "a");
        RealtimeEvent second = RealtimeEvent.audioAppend(new byte[] {4, 5, 6}, 0, 3, "b");

        CharSequence one = codec.encode(first, Dialect.BETA);
        CharSequence two = codec.encode(second, Dialect.BETA);

        // Strings: immutable, so a queued event can never change under the socket
        assertThat(one).isInstanceOf(String.class).isNotSameAs(two);
        assertThat(one.toString()).contains("\"a\"").contains("AQID");
        assertThat(two.toString()).contains("\"b\"").contains("BAUG");
    }

    @Test
    void audioThatArrivesBeforeTheTypeIsStillDecoded() throws Exception {
        RealtimeEvent event = codec.decodeServer("{\"delta\":\"AAEC\",\"type\":\"response.output_audio.delta\"}",
                Dialect.GA);

        assertThat(event.audioCopy()).containsExactly(0, 1, 2);
        assertThat(event.fields().has("delta")).isFalse();
    }

    @Test
    void aBetaAudioNameOnAGaSocketIsJustAnUnknownEventWithATextField() throws Exception {
        RealtimeEvent event = codec.decodeServer("{\"type\":\"response.audio.delta\",\"delta\":\"AAEC\"}", Dialect.GA);

        assertThat(event.type()).isEqualTo("response.audio.delta");
        assertThat(event.hasAudio()).isFalse();
        assertThat(event.delta()).isEqualTo("AAEC");
    }

    @Test
    void invalidBase64InAServerAudioDeltaNamesTheField() {
        assertThatThrownBy(() -> codec.decodeServer(
                "{\"type\":\"response.output_audio.delta\",\"delta\":\"not*base64\"}", Dialect.GA))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("response.output_audio.delta")
                .hasMessageContaining("field \"delta\" is not valid base64");
    }

    // --- unknown events and fields ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aNewTypeWithUnknownFieldsRoundTripsIntact(Dialect dialect) throws Exception {
        String message = "{\"type\":\"conversation.item.reticulated\",\"event_id\":\"event_9\","
                + "\"spline\":{\"count\":3,\"ratio\":0.75,\"tags\":[\"a\",null,true,{\"x\":[]}],"
                + "\"huge\":123456789012345678901234567890,\"text\":\"é ☃ \\\"quoted\\\" \\n\"},\"empty\":{}}";

        RealtimeEvent event = codec.decodeServer(message, dialect);
        String encoded = codec.encodeServer(event, dialect).toString();

        assertThat(event.type()).isEqualTo("conversation.item.reticulated");
        assertThat(event.wireType()).isEqualTo("conversation.item.reticulated");
        assertThat(MAPPER.readTree(encoded)).isEqualTo(MAPPER.readTree(message));
        assertThat(encoded).isEqualTo(message);
    }

    @Test
    void unknownFieldsOfKnownTypesAreKept() throws Exception {
        RealtimeEvent event = codec.decodeServer("{\"type\":\"response.output_text.delta\",\"event_id\":\"e\","
                + "\"delta\":\"Hi\",\"obfuscation\":\"Xy12\",\"future\":{\"a\":1}}", Dialect.GA);

        assertThat(event.delta()).isEqualTo("Hi");
        assertThat(event.text("obfuscation")).isEqualTo("Xy12");
        assertThat(event.fields().get("future")).isEqualTo(MAPPER.readTree("{\"a\":1}"));
    }

    // --- bad server messages -----------------------------------------------------------------------------------------

    static Stream<Arguments> badServerMessages() {
        return Stream.of(
                Arguments.of("", "Server message is empty"),
                Arguments.of("   ", "Server message is empty"),
                Arguments.of("[1,2]", "Server message is not a JSON object but an array: [1,2]"),
                Arguments.of("\"session.created\"", "is not a JSON object but a string"),
                Arguments.of("42", "is not a JSON object but a number"),
                Arguments.of("{\"type\":\"session.created\"", "Server message is not valid JSON"),
                Arguments.of("{type:1}", "Server message is not valid JSON"),
                Arguments.of("{\"event_id\":\"e\"}", "Server message has no \"type\" field"),
                Arguments.of("{\"type\":null}", "field \"type\" must be a string, not null"),
                Arguments.of("{\"type\":{\"a\":1}}", "field \"type\" must be a string, not an object"),
                Arguments.of("{\"type\":\"error\",\"type\":\"error\"}", "has more than one \"type\" field"),
                Arguments.of("{\"type\":\"error\"} {}", "has more content after its JSON object"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badServerMessages")
    void badServerMessagesFailWithAClearMessage(String message, String expected) {
        assertThatThrownBy(() -> codec.decodeServer(message, Dialect.GA))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void invalidJsonMessagesSayWhereAndShowOnlyTheStart() {
        String longMessage = "{\"type\":\"x\",\"a\":\"" + "1".repeat(5000) + "\",}";
        assertThatThrownBy(() -> codec.decodeServer(longMessage, Dialect.BETA))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("column")
                .hasMessageNotContaining("1".repeat(100));
    }

    // --- client events -------------------------------------------------------------------------------------------

    static Stream<Arguments> badClientEvents() {
        return Stream.of(
                Arguments.of("{\"type\":\"input_audio_buffer.append\"", "Client event is not valid JSON"),
                Arguments.of("send this please", "Client event is not valid JSON"),
                Arguments.of("", "Client event is empty"),
                Arguments.of("[{\"type\":\"response.create\"}]", "Client event is not a JSON object but an array"),
                Arguments.of("\"response.create\"", "Client event is not a JSON object but a string"),
                Arguments.of("{\"event_id\":\"e1\"}", "Client event has no \"type\" field"),
                Arguments.of("{\"type\":42}", "field \"type\" must be a string, not the number 42"),
                Arguments.of("{\"type\":\"response.make\"}",
                        "Unknown client event type \"response.make\"; client event types are: conversation.item.create"),
                Arguments.of("{\"type\":\"response.done\"}", "\"response.done\" is a server event type"),
                Arguments.of("{\"type\":\"input_audio_buffer.append\"}",
                        "input_audio_buffer.append needs the field \"audio\" (base64-encoded audio)"),
                Arguments.of("{\"type\":\"input_audio_buffer.append\",\"audio\":5}",
                        "input_audio_buffer.append field \"audio\" must be a base64 string, not the number 5"),
                Arguments.of("{\"type\":\"input_audio_buffer.append\",\"audio\":\"%%%not-base64%%%\"}",
                        "field \"audio\" is not valid base64"),
                Arguments.of("{\"type\":\"input_audio_buffer.append\",\"audio\":\"\"}",
                        "input_audio_buffer.append field \"audio\" is empty"),
                Arguments.of("{\"type\":\"conversation.item.truncate\",\"content_index\":0,\"audio_end_ms\":10}",
                        "conversation.item.truncate needs the field \"item_id\""),
                Arguments.of("{\"type\":\"conversation.item.truncate\",\"item_id\":\"i\",\"content_index\":0}",
                        "conversation.item.truncate needs the field \"audio_end_ms\""),
                Arguments.of("{\"type\":\"conversation.item.truncate\",\"item_id\":\"i\",\"content_index\":0,"
                        + "\"audio_end_ms\":-1}", "field \"audio_end_ms\" must be a non-negative integer, not the number -1"),
                Arguments.of("{\"type\":\"conversation.item.truncate\",\"item_id\":\"i\",\"audio_end_ms\":5}",
                        "needs the field \"content_index\""),
                Arguments.of("{\"type\":\"conversation.item.delete\",\"item_id\":3}",
                        "conversation.item.delete field \"item_id\" must be a non-empty string, not the number 3"),
                Arguments.of("{\"type\":\"conversation.item.retrieve\"}", "needs the field \"item_id\""),
                Arguments.of("{\"type\":\"conversation.item.create\"}",
                        "conversation.item.create needs the field \"item\" (a JSON object)"),
                Arguments.of("{\"type\":\"session.update\",\"session\":\"fast\"}",
                        "session.update field \"session\" must be a JSON object, not the string \"fast\""),
                Arguments.of("{\"type\":\"transcription_session.update\"}",
                        "transcription_session.update needs the field \"session\""),
                Arguments.of("{\"type\":\"response.create\",\"response\":[]}",
                        "response.create field \"response\" must be a JSON object, not an array"),
                Arguments.of("{\"type\":\"response.cancel\",\"event_id\":7}",
                        "response.cancel field \"event_id\" must be a string"),
                Arguments.of("{\"type\":\"response.create\"}{\"type\":\"response.create\"}",
                        "has more content after its JSON object"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badClientEvents")
    void badClientEventsFailWithAMessageNamingTheProblem(String json, String expected) {
        assertThatThrownBy(() -> codec.decodeClient(json))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(expected);
    }

    static Stream<Arguments> badClientTrees() {
        return Stream.of(
                Arguments.of("[]", "Client event must be a JSON object, not an array"),
                Arguments.of("\"response.create\"", "Client event must be a JSON object, not the string \"response.create\""),
                Arguments.of("{\"event_id\":\"e1\"}", "Client event has no \"type\" field"),
                Arguments.of("{\"type\":true}", "Client event field \"type\" must be a string, not the boolean true"),
                Arguments.of("{\"type\":\"response.make\"}", "Unknown client event type \"response.make\""),
                Arguments.of("{\"type\":\"input_audio_buffer.append\"}", "needs the field \"audio\""),
                Arguments.of("{\"type\":\"input_audio_buffer.append\",\"audio\":\"%%%\"}",
                        "input_audio_buffer.append: field \"audio\" is not valid base64"),
                Arguments.of("{\"type\":\"conversation.item.truncate\",\"item_id\":\"i\",\"content_index\":0,"
                        + "\"audio_end_ms\":1.5}", "field \"audio_end_ms\" must be a non-negative integer, not the number 1.5"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badClientTrees")
    void badClientEventsGivenAsJsonTreesFailWithAMessageNamingTheProblem(String json, String expected)
            throws Exception {
        JsonNode tree = MAPPER.readTree(json);

        assertThatThrownBy(() -> codec.decodeClient(tree))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void aMissingClientTreeIsRefused() {
        assertThatThrownBy(() -> codec.decodeClient((JsonNode) null))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("Client event must be a JSON object, not null");
    }

    @Test
    void clientEventsAreCanonicalisedAndKeepTheirName() throws Exception {
        RealtimeEvent beta = codec.decodeClient("{\"type\":\"transcription_session.update\",\"session\":{}}");
        RealtimeEvent ga = codec.decodeClient(MAPPER.readTree("{\"type\":\"session.close\",\"event_id\":\"e\"}"));

        assertThat(beta.type()).isEqualTo("session.update");
        assertThat(beta.wireType()).isEqualTo("transcription_session.update");
        assertThat(ga.type()).isEqualTo("session.close");
        assertThat(ga.eventId()).isEqualTo("e");
    }

    @Test
    void appendAudioIsDecodedFromTextAndFromTreesWithOrWithoutPadding() throws Exception {
        RealtimeEvent fromText = codec.decodeClient("{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAEC/w\"}");
        RealtimeEvent fromTree = codec.decodeClient(
                MAPPER.readTree("{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAEC/w==\"}"));
        RealtimeEvent fromBinary = codec.decodeClient(MAPPER.createObjectNode()
                .put("type", "input_audio_buffer.append").put("audio", new byte[] {0, 1, 2, -1}));

        for (RealtimeEvent event : List.of(fromText, fromTree, fromBinary)) {
            assertThat(event.audioCopy()).containsExactly(0, 1, 2, -1);
            assertThat(event.fields().has("audio")).isFalse();
        }
    }

    @Test
    void aClientEventTextOverTheLimitIsRejectedBeforeParsing() {
        CharSequence huge = new RepeatedCharSequence(' ', RealtimeCodec.MAX_CLIENT_EVENT_CHARS + 1);

        assertThatThrownBy(() -> codec.decodeClient(huge))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("15728641 characters")
                .hasMessageContaining("limit for one client event is 15728640 (15 MiB)");
    }

    @Test
    void anAppendWhoseAudioAloneIsOverTheLimitFailsBeforeEncoding() {
        RealtimeEvent append = RealtimeEvent.audioAppend(new byte[12 * 1024 * 1024], 0, 12 * 1024 * 1024, "e1");

        assertThatThrownBy(() -> codec.encode(append, Dialect.GA))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("input_audio_buffer.append would be at least 16777216 characters long")
                .hasMessageContaining("limit for one client event is 15728640 (15 MiB)");
    }

    @Test
    void theLimitCountsTheWholeEncodedEvent() throws Exception {
        int exactlyTheLimitAsBase64 = RealtimeCodec.MAX_CLIENT_EVENT_CHARS / 4 * 3;
        byte[] audio = new byte[exactlyTheLimitAsBase64];

        RealtimeEvent over = RealtimeEvent.audioAppend(audio, 0, audio.length, "e1");
        RealtimeEvent under = RealtimeEvent.audioAppend(audio, 0, audio.length - 300, "e1");

        assertThatThrownBy(() -> codec.encode(over, Dialect.BETA))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("would be 15728703 characters long");
        assertThat(codec.encode(under, Dialect.BETA).length()).isLessThanOrEqualTo(RealtimeCodec.MAX_CLIENT_EVENT_CHARS);
    }

    // --- dialect translation on encode -----------------------------------------------------------------------------

    @Test
    void aClientEventTheDialectLacksIsRefused() {
        RealtimeEvent close = RealtimeEvent.of("session.close", null);

        assertThatThrownBy(() -> codec.encode(close, Dialect.BETA))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("session.close does not exist in the beta dialect");
    }

    @Test
    void anUnknownClientEventIsRefused() {
        RealtimeEvent event = RealtimeEvent.of("response.make", null);

        assertThatThrownBy(() -> codec.encode(event, Dialect.GA))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("response.make does not exist in the ga dialect");
    }

    @Test
    void aBetaTranscriptionSessionUpdateBecomesAGaTranscriptionSessionUpdate() throws Exception {
        RealtimeEvent beta = codec.decodeClient("""
                {"type":"transcription_session.update","event_id":"e1","session":{
                  "input_audio_format":"g711_ulaw",
                  "input_audio_transcription":{"model":"whisper-1","language":"de"},
                  "turn_detection":{"type":"server_vad","threshold":0.4},
                  "input_audio_noise_reduction":{"type":"near_field"},
                  "include":["item.input_audio_transcription.logprobs"]}}""");

        String ga = codec.encode(beta, Dialect.GA).toString();
        String unchanged = codec.encode(beta, Dialect.BETA).toString();

        assertThat(MAPPER.readTree(ga)).isEqualTo(MAPPER.readTree("""
                {"type":"session.update","event_id":"e1","session":{"type":"transcription",
                  "audio":{"input":{"format":{"type":"audio/pcmu"},
                                    "transcription":{"model":"whisper-1","language":"de"},
                                    "turn_detection":{"type":"server_vad","threshold":0.4},
                                    "noise_reduction":{"type":"near_field"}}},
                  "include":["item.input_audio_transcription.logprobs"]}}"""));
        assertThat(MAPPER.readTree(unchanged)).isEqualTo(beta.fields());
    }

    @Test
    void aBetaTranscriptionSessionUpdateWithoutAGaPlaceForAFieldFailsClearly() throws Exception {
        RealtimeEvent beta = codec.decodeClient(
                "{\"type\":\"transcription_session.update\",\"session\":{\"modalities\":[\"text\"]}}");

        assertThatThrownBy(() -> codec.encode(beta, Dialect.GA))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("field \"session.modalities\" has no GA equivalent")
                .hasMessageContaining("session.type \"transcription\"");
    }

    @Test
    void serverEventsTakeTheDialectsNameWhenEncoded() throws Exception {
        RealtimeEvent textDelta = codec.decodeServer(
                "{\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}", Dialect.GA);
        RealtimeEvent transcriptionUpdated = codec.decodeServer(
                "{\"type\":\"transcription_session.updated\",\"session\":{}}", Dialect.BETA);

        assertThat(MAPPER.readTree(codec.encodeServer(textDelta, Dialect.BETA).toString()).get("type").textValue())
                .isEqualTo("response.text.delta");
        assertThat(transcriptionUpdated.type()).isEqualTo("session.updated");
        assertThat(MAPPER.readTree(codec.encodeServer(transcriptionUpdated, Dialect.BETA).toString())
                .get("type").textValue()).isEqualTo("transcription_session.updated");
        assertThat(MAPPER.readTree(codec.encodeServer(transcriptionUpdated, Dialect.GA).toString())
                .get("type").textValue()).isEqualTo("session.updated");
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A CharSequence that is neither String, StringBuilder nor CharBuffer. */
    private record PlainCharSequence(String text) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new PlainCharSequence(text.substring(start, end));
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A long CharSequence that costs no memory. */
    private record RepeatedCharSequence(char c, int length) implements CharSequence {
        @Override
        public char charAt(int index) {
            return c;
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new RepeatedCharSequence(c, end - start);
        }

        @Override
        public String toString() {
            return String.valueOf(c).repeat(length);
        }
    }
}
