package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.CAPTURES;
import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.MAPPER;
import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.expectedCanonical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Every line of the four real server captures decodes, with the right canonical type and every field kept. */
class CaptureDecodingTest {

    private final RealtimeCodec codec = new RealtimeCodec();

    static Stream<Arguments> captures() {
        return Stream.of(
                Arguments.of("beta-webrtc-session-jurgob-2025-01.jsonl", Dialect.BETA, 1344),
                Arguments.of("beta-webrtc-bargein-banyan-2025-05.jsonl", Dialect.BETA, 72),
                Arguments.of("beta-text-response-liusida-2025-08.jsonl", Dialect.BETA, 85),
                Arguments.of("ga-events-wqyjh-2025-08.jsonl", Dialect.GA, 6));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("captures")
    void everyLineDecodesWithItsCanonicalTypeAndAllFields(String file, Dialect dialect, int events) throws Exception {
        List<String> lines = lines(file);
        assertThat(lines).hasSize(events);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            JsonNode original = MAPPER.readTree(line);
            String wireType = original.get("type").textValue();

            RealtimeEvent event = codec.decodeServer(line, dialect);

            assertThat(event.type()).as("%s line %d", file, i + 1).isEqualTo(expectedCanonical(dialect, wireType));
            assertThat(event.wireType()).isEqualTo(wireType);
            assertThat(event.fields()).as("%s line %d", file, i + 1).isEqualTo(original);
            assertThat(event.eventId()).isEqualTo(original.get("event_id").textValue());
            assertThat(MAPPER.readTree(codec.encodeServer(event, dialect).toString())).isEqualTo(original);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("captures")
    void idsAreReadFromWhereEachEventKeepsThem(String file, Dialect dialect, int events) throws Exception {
        for (String line : lines(file)) {
            RealtimeEvent event = codec.decodeServer(line, dialect);
            switch (event.type()) {
                case EventTypes.RESPONSE_CREATED, EventTypes.RESPONSE_DONE -> {
                    assertThat(event.responseId()).startsWith("resp_");
                    assertThat(event.responseStatus()).isNotBlank();
                }
                case EventTypes.OUTPUT_TEXT_DELTA, EventTypes.OUTPUT_AUDIO_TRANSCRIPT_DELTA -> {
                    assertThat(event.responseId()).startsWith("resp_");
                    assertThat(event.itemId()).isNotBlank();
                    assertThat(event.outputIndex()).isNotNull();
                    assertThat(event.contentIndex()).isNotNull();
                    assertThat(event.delta()).isNotNull();
                }
                case EventTypes.CONVERSATION_ITEM_ADDED, EventTypes.OUTPUT_ITEM_ADDED, EventTypes.OUTPUT_ITEM_DONE ->
                        assertThat(event.itemId()).isNotBlank();
                case EventTypes.SESSION_CREATED, EventTypes.SESSION_UPDATED ->
                        assertThat(event.sessionId()).startsWith("sess_");
                default -> {
                    // other events carry no ids this test checks
                }
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("captures")
    void decodingFromABufferGivesTheSameEvents(String file, Dialect dialect, int events) throws Exception {
        for (String line : lines(file)) {
            assertThat(codec.decodeServer(CharBuffer.wrap(line.toCharArray()), dialect))
                    .isEqualTo(codec.decodeServer(line, dialect));
        }
    }

    @Test
    void betaCapturesUseTheRenamedTypes() throws Exception {
        assertThat(canonicalCounts("beta-text-response-liusida-2025-08.jsonl", Dialect.BETA)).contains(
                entry("response.output_text.delta", 77L), entry("response.output_text.done", 1L),
                entry("conversation.item.added", 1L));
        assertThat(canonicalCounts("beta-webrtc-session-jurgob-2025-01.jsonl", Dialect.BETA)).contains(
                entry("output_audio_buffer.started", 21L), entry("output_audio_buffer.stopped", 13L),
                entry("output_audio_buffer.cleared", 8L), entry("response.output_audio_transcript.delta", 808L),
                entry("response.output_audio.done", 21L), entry("conversation.item.added", 75L));
        assertThat(canonicalCounts("ga-events-wqyjh-2025-08.jsonl", Dialect.GA)).containsOnlyKeys(
                "session.created", "session.updated", "conversation.item.added",
                "conversation.item.input_audio_transcription.completed", "response.created", "response.done");
    }

    private Map<String, Long> canonicalCounts(String file, Dialect dialect) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : lines(file)) {
            counts.merge(codec.decodeServer(line, dialect).type(), 1L, Long::sum);
        }
        return counts;
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(CAPTURES.resolve(file), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .toList();
    }
}
