package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionUpdateEncoderTest {

    private static final String WEATHER_TOOL = """
            [{"name":"get_weather","description":"Current weather",
              "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]""";

    private static SessionSettings.Builder conversation() {
        return SessionSettings.builder()
                .instructions("Be brief.")
                .voice("marin")
                .outputModalities("audio")
                .inputAudioFormat("pcm16")
                .outputAudioFormat("g711_ulaw")
                .turnDetection("server_vad").vadThreshold(0.6).vadPrefixPaddingMs(300).vadSilenceDurationMs(500)
                .createResponse(true).interruptResponse(false)
                .transcriptionModel("gpt-4o-transcribe").transcriptionLanguage("de")
                .noiseReduction("far_field")
                .maxOutputTokens(512)
                .speed(1.1)
                .tools(json(WEATHER_TOOL))
                .toolChoice("get_weather");
    }

    @Test
    void betaConversationGolden() {
        RealtimeEvent update = SessionUpdateEncoder.sessionUpdate(conversation().temperature(0.8).build(), Dialect.BETA);

        assertThat(update.type()).isEqualTo("session.update");
        assertThat(update.wireType()).isEqualTo("session.update");
        assertGolden(update, """
                {"type":"session.update","session":{
                  "modalities":["audio","text"],
                  "instructions":"Be brief.",
                  "voice":"marin",
                  "input_audio_format":"pcm16",
                  "output_audio_format":"g711_ulaw",
                  "input_audio_transcription":{"model":"gpt-4o-transcribe","language":"de"},
                  "input_audio_noise_reduction":{"type":"far_field"},
                  "turn_detection":{"type":"server_vad","threshold":0.6,"prefix_padding_ms":300,
                                    "silence_duration_ms":500,"create_response":true,"interrupt_response":false},
                  "tools":[{"type":"function","name":"get_weather","description":"Current weather",
                            "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
                  "tool_choice":{"type":"function","name":"get_weather"},
                  "temperature":0.8,
                  "max_response_output_tokens":512,
                  "speed":1.1}}""");
    }

    @Test
    void gaConversationGolden() {
        RealtimeEvent update = SessionUpdateEncoder.sessionUpdate(conversation().build(), Dialect.GA);

        assertThat(update.wireType()).isEqualTo("session.update");
        assertGolden(update, """
                {"type":"session.update","session":{
                  "type":"realtime",
                  "output_modalities":["audio"],
                  "instructions":"Be brief.",
                  "audio":{
                    "input":{"format":{"type":"audio/pcm","rate":24000},
                             "transcription":{"model":"gpt-4o-transcribe","language":"de"},
                             "noise_reduction":{"type":"far_field"},
                             "turn_detection":{"type":"server_vad","threshold":0.6,"prefix_padding_ms":300,
                                               "silence_duration_ms":500,"create_response":true,
                                               "interrupt_response":false}},
                    "output":{"format":{"type":"audio/pcmu"},"voice":"marin","speed":1.1}},
                  "tools":[{"type":"function","name":"get_weather","description":"Current weather",
                            "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
                  "tool_choice":{"type":"function","name":"get_weather"},
                  "max_output_tokens":512}}""");
    }

    private static SessionSettings.Builder transcription() {
        return SessionSettings.builder()
                .intent("transcription")
                .inputAudioFormat("audio/pcma")
                .transcriptionModel("whisper-1").transcriptionLanguage("en")
                .turnDetection("semantic_vad").vadEagerness("high")
                .noiseReduction("near_field");
    }

    @Test
    void betaTranscriptionGolden() {
        RealtimeEvent update = SessionUpdateEncoder.sessionUpdate(transcription().build(), Dialect.BETA);

        assertThat(update.type()).isEqualTo("session.update");
        assertThat(update.wireType()).isEqualTo("transcription_session.update");
        assertGolden(update, """
                {"type":"transcription_session.update","session":{
                  "input_audio_format":"g711_alaw",
                  "input_audio_transcription":{"model":"whisper-1","language":"en"},
                  "input_audio_noise_reduction":{"type":"near_field"},
                  "turn_detection":{"type":"semantic_vad","eagerness":"high"}}}""");
    }

    @Test
    void gaTranscriptionGolden() {
        RealtimeEvent update = SessionUpdateEncoder.sessionUpdate(transcription().build(), Dialect.GA);

        assertGolden(update, """
                {"type":"session.update","session":{
                  "type":"transcription",
                  "audio":{"input":{"format":{"type":"audio/pcma"},
                                    "transcription":{"model":"whisper-1","language":"en"},
                                    "noise_reduction":{"type":"near_field"},
                                    "turn_detection":{"type":"semantic_vad","eagerness":"high"}}}}}""");
    }

    @Test
    void turnDetectionNoneIsAnExplicitNull() {
        SessionSettings settings = SessionSettings.builder().turnDetection("none").build();

        assertGolden(SessionUpdateEncoder.sessionUpdate(settings, Dialect.BETA),
                "{\"type\":\"session.update\",\"session\":{\"turn_detection\":null}}");
        assertGolden(SessionUpdateEncoder.sessionUpdate(settings, Dialect.GA),
                "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\","
                        + "\"audio\":{\"input\":{\"turn_detection\":null}}}}");
    }

    @Test
    void noSettingsLeaveEverythingToTheServer() {
        SessionSettings none = SessionSettings.builder().build();

        assertGolden(SessionUpdateEncoder.sessionUpdate(none, Dialect.BETA),
                "{\"type\":\"session.update\",\"session\":{}}");
        assertGolden(SessionUpdateEncoder.sessionUpdate(none, Dialect.GA),
                "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\"}}");
        assertThat(SessionUpdateEncoder.sessionUpdate(none, Dialect.GA).eventId()).isNull();
    }

    @Test
    void outputModalitiesFollowEachDialectsRules() {
        assertThat(modalities(Dialect.BETA, "audio")).isEqualTo(json("[\"audio\",\"text\"]"));
        assertThat(modalities(Dialect.BETA, "text")).isEqualTo(json("[\"text\"]"));
        assertThat(modalities(Dialect.BETA, "TEXT", "audio")).isEqualTo(json("[\"audio\",\"text\"]"));
        assertThat(modalities(Dialect.GA, "audio")).isEqualTo(json("[\"audio\"]"));
        assertThat(modalities(Dialect.GA, "text")).isEqualTo(json("[\"text\"]"));
    }

    @Test
    void gaFormatNamesAreAcceptedForBetaAndBetaNamesForGa() {
        SessionSettings settings = SessionSettings.builder().inputAudioFormat("audio/pcmu").outputAudioFormat("pcm16")
                .build();

        JsonNode beta = SessionUpdateEncoder.sessionUpdate(settings, Dialect.BETA).fields().get("session");
        JsonNode ga = SessionUpdateEncoder.sessionUpdate(settings, Dialect.GA).fields().get("session");

        assertThat(beta.get("input_audio_format").textValue()).isEqualTo("g711_ulaw");
        assertThat(beta.get("output_audio_format").textValue()).isEqualTo("pcm16");
        assertThat(ga.at("/audio/input/format")).isEqualTo(json("{\"type\":\"audio/pcmu\"}"));
        assertThat(ga.at("/audio/output/format")).isEqualTo(json("{\"type\":\"audio/pcm\",\"rate\":24000}"));
    }

    @Test
    void sessionConfigIsDeepMergedLast() {
        SessionSettings settings = SessionSettings.builder()
                .voice("marin").outputAudioFormat("pcm16").instructions("Be brief.")
                .sessionConfig((ObjectNode) json("""
                        {"audio":{"output":{"voice":"cedar"}},"truncation":"auto","instructions":null,
                         "tools":[{"type":"mcp","server_label":"docs","server_url":"https://example.com/mcp"}]}"""))
                .build();

        assertGolden(SessionUpdateEncoder.sessionUpdate(settings, Dialect.GA), """
                {"type":"session.update","session":{"type":"realtime","instructions":null,
                  "audio":{"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"cedar"}},
                  "truncation":"auto",
                  "tools":[{"type":"mcp","server_label":"docs","server_url":"https://example.com/mcp"}]}}""");
    }

    @Test
    void betaSessionConfigMergesIntoTheFlatSession() {
        SessionSettings settings = SessionSettings.builder().turnDetection("server_vad").vadThreshold(0.5)
                .sessionConfig((ObjectNode) json("{\"turn_detection\":{\"silence_duration_ms\":700},\"tracing\":\"auto\"}"))
                .build();

        assertGolden(SessionUpdateEncoder.sessionUpdate(settings, Dialect.BETA), """
                {"type":"session.update","session":{
                  "turn_detection":{"type":"server_vad","threshold":0.5,"silence_duration_ms":700},
                  "tracing":"auto"}}""");
    }

    @Test
    void toolsGetTheFunctionTypeAndToolChoiceKeywordsStayStrings() {
        SessionSettings settings = SessionSettings.builder()
                .tools(json("[{\"type\":\"function\",\"name\":\"a\"},{\"name\":\"b\",\"parameters\":{}}]"))
                .toolChoice("Required")
                .build();

        JsonNode session = SessionUpdateEncoder.sessionUpdate(settings, Dialect.GA).fields().get("session");

        assertThat(session.get("tools"))
                .isEqualTo(json("[{\"type\":\"function\",\"name\":\"a\"},{\"type\":\"function\",\"name\":\"b\",\"parameters\":{}}]"));
        assertThat(session.get("tool_choice")).isEqualTo(json("\"required\""));
    }

    @Test
    void toolChoiceMayNameAFunctionDeclaredInSessionConfig() {
        SessionSettings settings = SessionSettings.builder().toolChoice("lookup")
                .sessionConfig((ObjectNode) json("{\"tools\":[{\"type\":\"function\",\"name\":\"lookup\"}]}"))
                .build();

        JsonNode session = SessionUpdateEncoder.sessionUpdate(settings, Dialect.BETA).fields().get("session");

        assertThat(session.get("tool_choice")).isEqualTo(json("{\"type\":\"function\",\"name\":\"lookup\"}"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theUpdateIsAValidClientEventOfTheDialect(Dialect dialect) throws Exception {
        RealtimeCodec codec = new RealtimeCodec();
        for (SessionSettings settings : List.of(conversation().build(), transcription().build())) {
            RealtimeEvent update = SessionUpdateEncoder.sessionUpdate(settings, dialect).withEventId("evt_1");

            RealtimeEvent decoded = codec.decodeClient(codec.encode(update, dialect));

            assertThat(decoded).isEqualTo(update);
        }
    }

    @Test
    void settingsCopyTheirJson() {
        ObjectNode config = (ObjectNode) json("{\"a\":1}");
        SessionSettings settings = SessionSettings.builder().sessionConfig(config).build();
        config.put("a", 2);
        settings.sessionConfig().put("a", 3);

        assertThat(settings.sessionConfig()).isEqualTo(json("{\"a\":1}"));
        assertThat(settings.toBuilder().voice("x").build().sessionConfig()).isEqualTo(json("{\"a\":1}"));
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                invalid(Dialect.GA, b -> b.temperature(0.8), "temperature",
                        "temperature is not supported by the ga dialect"),
                invalid(Dialect.BETA, b -> b.temperature(1.5), "temperature",
                        "temperature must be between 0.6 and 1.2 (beta dialect), not 1.5"),
                invalid(Dialect.GA, b -> b.outputModalities("audio", "text"), "outputModalities",
                        "GA accepts one output modality: audio or text"),
                invalid(Dialect.BETA, b -> b.outputModalities("video"), "outputModalities",
                        "outputModalities may contain audio and text, not 'video'"),
                invalid(Dialect.GA, b -> b.outputModalities(List.of()), "outputModalities",
                        "outputModalities must name audio or text"),
                invalid(Dialect.GA, b -> b.speed(2.0), "speed", "speed must be between 0.25 and 1.5, not 2.0"),
                invalid(Dialect.BETA, b -> b.speed(0.1), "speed", "speed must be between 0.25 and 1.5, not 0.1"),
                invalid(Dialect.GA, b -> b.turnDetection("server_vad").vadThreshold(1.5), "vadThreshold",
                        "vadThreshold must be between 0.0 and 1.0, not 1.5"),
                invalid(Dialect.GA, b -> b.vadThreshold(0.5), "vadThreshold",
                        "vadThreshold needs turnDetection server_vad or semantic_vad (turnDetection is not set)"),
                invalid(Dialect.BETA, b -> b.turnDetection("none").createResponse(true), "createResponse",
                        "createResponse has no effect with turnDetection=none"),
                invalid(Dialect.GA, b -> b.turnDetection("none").vadSilenceDurationMs(300), "vadSilenceDurationMs",
                        "vadSilenceDurationMs has no effect with turnDetection=none"),
                invalid(Dialect.GA, b -> b.turnDetection("server_vad").vadEagerness("low"), "vadEagerness",
                        "vadEagerness applies to turnDetection=semantic_vad only, not server_vad"),
                invalid(Dialect.BETA, b -> b.turnDetection("semantic_vad").vadSilenceDurationMs(300),
                        "vadSilenceDurationMs", "vadSilenceDurationMs applies to turnDetection=server_vad only"),
                invalid(Dialect.GA, b -> b.turnDetection("semantic_vad").vadThreshold(0.5), "vadThreshold",
                        "vadThreshold applies to turnDetection=server_vad only, not semantic_vad"),
                invalid(Dialect.GA, b -> b.turnDetection("semantic_vad").vadEagerness("eager"), "vadEagerness",
                        "vadEagerness must be low, medium, high or auto, not 'eager'"),
                invalid(Dialect.GA, b -> b.turnDetection("server_vad").vadPrefixPaddingMs(-1), "vadPrefixPaddingMs",
                        "vadPrefixPaddingMs must not be negative"),
                invalid(Dialect.GA, b -> b.turnDetection("push_to_talk"), "turnDetection",
                        "turnDetection must be server_vad, semantic_vad or none, not 'push_to_talk'"),
                invalid(Dialect.BETA, b -> b.inputAudioFormat("mp3"), "inputAudioFormat",
                        "inputAudioFormat must be one of pcm16, g711_ulaw, g711_alaw (or the GA names audio/pcm, "
                                + "audio/pcmu, audio/pcma), not 'mp3'"),
                invalid(Dialect.GA, b -> b.outputAudioFormat("wav"), "outputAudioFormat",
                        "outputAudioFormat must be one of"),
                invalid(Dialect.GA, b -> b.maxOutputTokens(0), "maxOutputTokens",
                        "maxOutputTokens must be at least 1 (leave it unset for the server default), not 0"),
                invalid(Dialect.GA, b -> b.tools(json("{\"name\":\"a\"}")), "tools",
                        "tools must be a JSON array of function tools, not an object"),
                invalid(Dialect.GA, b -> b.tools(json("[\"get_weather\"]")), "tools",
                        "tools[0] must be a JSON object, not the string \"get_weather\""),
                invalid(Dialect.GA, b -> b.tools(json("[{\"type\":\"code_interpreter\"}]")), "tools",
                        "tools[0] has type the string \"code_interpreter\": tools are function or mcp tools"),
                invalid(Dialect.BETA, b -> b.tools(json("[{\"name\":\"a\"},{\"description\":\"no name\"}]")), "tools",
                        "tools[1] needs a \"name\" (the function name)"),
                invalid(Dialect.GA, b -> b.tools(json("[{\"name\":\"a\"},{\"name\":\"a\"}]")), "tools",
                        "tools declare the function 'a' twice"),
                invalid(Dialect.GA, b -> b.tools(json("[{\"name\":\"a\",\"parameters\":\"{}\"}]")), "tools",
                        "tools[0] \"parameters\" must be a JSON Schema object"),
                invalid(Dialect.GA, b -> b.tools(json(WEATHER_TOOL)).toolChoice("get_time"), "toolChoice",
                        "toolChoice 'get_time' is neither auto, none, required nor the name of a declared function"
                                + " tool (declared: [get_weather])"),
                invalid(Dialect.BETA, b -> b.toolChoice("get_time"), "toolChoice", "(no tools are declared)"),
                invalid(Dialect.GA, b -> b.intent("chat"), "intent",
                        "intent must be conversation or transcription, not 'chat'"),
                invalid(Dialect.GA, b -> b.intent("transcription").voice("marin"), "voice",
                        "voice does not apply to transcription sessions (intent=transcription)"),
                invalid(Dialect.BETA, b -> b.intent("transcription").turnDetection("server_vad").createResponse(true),
                        "createResponse", "createResponse does not apply to transcription sessions"),
                invalid(Dialect.BETA, b -> b.intent("transcription").outputModalities("text"), "outputModalities",
                        "outputModalities does not apply to transcription sessions"),
                invalid(Dialect.GA, b -> b.transcriptionLanguage("de"), "transcriptionLanguage",
                        "transcriptionLanguage needs transcriptionModel"),
                invalid(Dialect.GA, b -> b.noiseReduction("studio"), "noiseReduction",
                        "noiseReduction must be near_field or far_field, not 'studio'"),
                invalid(Dialect.BETA, b -> b.voice("  "), "voice", "voice must not be blank"));
    }

    @ParameterizedTest(name = "{0} {2}: {3}")
    @MethodSource("invalidSettings")
    void invalidSettingsFailNamingTheOption(Dialect dialect, UnaryOperator<SessionSettings.Builder> settings,
                                            String option, String message) {
        SessionSettings invalid = settings.apply(SessionSettings.builder()).build();

        assertThatThrownBy(() -> SessionUpdateEncoder.sessionUpdate(invalid, dialect))
                .isInstanceOfSatisfying(SessionConfigurationException.class,
                        e -> assertThat(e.option()).isEqualTo(option))
                .hasMessageContaining(message);
    }

    private static Arguments invalid(Dialect dialect, UnaryOperator<SessionSettings.Builder> settings, String option,
                                     String message) {
        return Arguments.of(dialect, settings, option, message);
    }

    private static JsonNode modalities(Dialect dialect, String... modalities) {
        SessionSettings settings = SessionSettings.builder().outputModalities(modalities).build();
        JsonNode session = SessionUpdateEncoder.sessionUpdate(settings, dialect).fields().get("session");
        return session.get(dialect == Dialect.BETA ? "modalities" : "output_modalities");
    }

    /** Compares the exact JSON text, so the field order is part of the golden. */
    private static void assertGolden(RealtimeEvent update, String expected) {
        try {
            assertThat(update.toJson()).isEqualTo(MAPPER.writeValueAsString(MAPPER.readTree(expected)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
