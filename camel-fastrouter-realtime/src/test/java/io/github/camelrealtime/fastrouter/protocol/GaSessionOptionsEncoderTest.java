package io.github.camelrealtime.fastrouter.protocol;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options of DESIGN.md §11 (and inf tokens, custom voices, MCP tools): the exact session.update per dialect. */
class GaSessionOptionsEncoderTest {

    private static final String FUNCTION_AND_MCP = """
            [{"name":"get_weather","parameters":{"type":"object"}},
             {"type":"mcp","server_label":"docs","server_url":"https://mcp.example.com/sse","require_approval":"always"}]""";

    @Test
    void gaSessionCarriesEverySecondReleaseOption() {
        SessionSettings settings = SessionSettings.builder()
                .voice("{\"id\":\"voice_1234\"}")
                .turnDetection("server_vad").vadIdleTimeoutMs(6000)
                .transcriptionModel("gpt-4o-transcribe").transcriptionPrompt("Camel, Kafka, FastRouter")
                .maxOutputTokens("inf")
                .tools(json(FUNCTION_AND_MCP))
                .reasoningEffort("Low")
                .parallelToolCalls(true)
                .truncation("{\"type\":\"retention_ratio\",\"retention_ratio\":0.8}")
                .prompt("pmpt_123")
                .tracing("auto")
                .include(List.of("item.input_audio_transcription.logprobs"))
                .build();

        assertGolden(SessionUpdateEncoder.sessionUpdate(settings, Dialect.GA), """
                {"type":"session.update","session":{
                  "type":"realtime",
                  "audio":{
                    "input":{"transcription":{"model":"gpt-4o-transcribe","prompt":"Camel, Kafka, FastRouter"},
                             "turn_detection":{"type":"server_vad","idle_timeout_ms":6000}},
                    "output":{"voice":{"id":"voice_1234"}}},
                  "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}},
                           {"type":"mcp","server_label":"docs","server_url":"https://mcp.example.com/sse","require_approval":"always"}],
                  "max_output_tokens":"inf",
                  "parallel_tool_calls":true,
                  "reasoning":{"effort":"low"},
                  "truncation":{"type":"retention_ratio","retention_ratio":0.8},
                  "prompt":{"id":"pmpt_123"},
                  "tracing":"auto",
                  "include":["item.input_audio_transcription.logprobs"]}}""");
    }

    @Test
    void keywordsAndObjectsOfTruncationPromptAndTracing() {
        JsonNode session = ga(b -> b.truncation("disabled")
                .prompt("{\"id\":\"pmpt_9\",\"version\":\"2\",\"variables\":{\"city\":\"Bern\"}}")
                .tracing("{\"workflow_name\":\"calls\"}"));

        assertThat(session.get("truncation").asText()).isEqualTo("disabled");
        assertThat(session.get("prompt").toString()).isEqualTo("{\"id\":\"pmpt_9\",\"version\":\"2\",\"variables\":{\"city\":\"Bern\"}}");
        assertThat(session.get("tracing").toString()).isEqualTo("{\"workflow_name\":\"calls\"}");
        assertThat(ga(b -> b.maxOutputTokens("512")).get("max_output_tokens").asInt()).isEqualTo(512);
    }

    @Test
    void betaCarriesWhatBetaHas() {
        SessionSettings settings = SessionSettings.builder()
                .maxOutputTokens("inf")
                .tracing("auto")
                .transcriptionModel("whisper-1").transcriptionPrompt("names")
                .build();

        assertGolden(SessionUpdateEncoder.sessionUpdate(settings, Dialect.BETA), """
                {"type":"session.update","session":{
                  "input_audio_transcription":{"model":"whisper-1","prompt":"names"},
                  "max_response_output_tokens":"inf",
                  "tracing":"auto"}}""");
        SessionSettings transcription = SessionSettings.builder().intent("transcription")
                .transcriptionModel("gpt-4o-transcribe").include(List.of("item.input_audio_transcription.logprobs")).build();
        assertGolden(SessionUpdateEncoder.sessionUpdate(transcription, Dialect.BETA), """
                {"type":"transcription_session.update","session":{
                  "input_audio_transcription":{"model":"gpt-4o-transcribe"},
                  "include":["item.input_audio_transcription.logprobs"]}}""");
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                invalid(Dialect.BETA, b -> b.turnDetection("server_vad").vadIdleTimeoutMs(5000), "vadIdleTimeoutMs",
                        "vadIdleTimeoutMs is not supported by the beta dialect (GA only); remove it or use dialect=ga"),
                invalid(Dialect.GA, b -> b.turnDetection("semantic_vad").vadIdleTimeoutMs(5000), "vadIdleTimeoutMs",
                        "vadIdleTimeoutMs applies to turnDetection=server_vad only"),
                invalid(Dialect.GA, b -> b.vadIdleTimeoutMs(5000), "vadIdleTimeoutMs",
                        "vadIdleTimeoutMs needs turnDetection server_vad or semantic_vad"),
                invalid(Dialect.GA, b -> b.turnDetection("server_vad").vadIdleTimeoutMs(0), "vadIdleTimeoutMs",
                        "vadIdleTimeoutMs must be at least 1"),
                invalid(Dialect.BETA, b -> b.reasoningEffort("low"), "reasoningEffort",
                        "reasoningEffort is not supported by the beta dialect (GA only)"),
                invalid(Dialect.GA, b -> b.reasoningEffort("maximal"), "reasoningEffort",
                        "reasoningEffort must be one of minimal, low, medium, high, xhigh, not 'maximal'"),
                invalid(Dialect.BETA, b -> b.parallelToolCalls(false), "parallelToolCalls",
                        "parallelToolCalls is not supported by the beta dialect (GA only)"),
                invalid(Dialect.BETA, b -> b.truncation("auto"), "truncation", "truncation is not supported by the beta dialect"),
                invalid(Dialect.GA, b -> b.truncation("sometimes"), "truncation",
                        "truncation must be auto, disabled or a JSON object, not 'sometimes'"),
                invalid(Dialect.GA, b -> b.truncation("{\"type\":"), "truncation", "truncation is not valid JSON"),
                invalid(Dialect.BETA, b -> b.prompt("pmpt_1"), "prompt", "prompt is not supported by the beta dialect"),
                invalid(Dialect.GA, b -> b.prompt("{\"version\":\"1\"}"), "prompt", "prompt as a JSON object needs an \"id\""),
                invalid(Dialect.GA, b -> b.tracing("always"), "tracing", "tracing must be auto or a JSON object, not 'always'"),
                invalid(Dialect.GA, b -> b.intent("transcription").tracing("auto"), "tracing",
                        "tracing does not apply to transcription sessions"),
                invalid(Dialect.BETA, b -> b.include(List.of("item.input_audio_transcription.logprobs")), "include",
                        "include is not supported by the beta dialect in conversation sessions"),
                invalid(Dialect.GA, b -> b.transcriptionPrompt("names"), "transcriptionPrompt",
                        "transcriptionPrompt needs transcriptionModel"),
                invalid(Dialect.GA, b -> b.maxOutputTokens("lots"), "maxOutputTokens",
                        "maxOutputTokens must be an integer or inf, not 'lots'"),
                invalid(Dialect.BETA, b -> b.voice("{\"id\":\"voice_1\"}"), "voice",
                        "a custom voice object is not supported by the beta dialect (GA only)"),
                invalid(Dialect.GA, b -> b.voice("{\"name\":\"x\"}"), "voice", "a custom voice must be a JSON object with an \"id\""),
                invalid(Dialect.BETA, b -> b.tools(json(FUNCTION_AND_MCP)), "tools",
                        "tools[1] is an mcp tool: MCP tools are not supported by the beta dialect (GA only)"),
                invalid(Dialect.GA, b -> b.tools(json("[{\"type\":\"mcp\",\"server_url\":\"https://x\"}]")), "tools",
                        "tools[0] (mcp) needs a \"server_label\""),
                invalid(Dialect.GA, b -> b.tools(json("[{\"type\":\"mcp\",\"server_label\":\"x\"}]")), "tools",
                        "tools[0] (mcp 'x') needs exactly one of server_url, connector_id or tunnel_id"),
                invalid(Dialect.GA, b -> b.tools(json("[{\"type\":\"mcp\",\"server_label\":\"x\",\"connector_id\":\"connector_gmail\","
                        + "\"require_approval\":\"sometimes\"}]")), "tools", "\"require_approval\" must be always, never or a filter"),
                invalid(Dialect.GA, b -> b.intent("transcription").reasoningEffort("low"), "reasoningEffort",
                        "reasoningEffort does not apply to transcription sessions"),
                invalid(Dialect.GA, b -> b.intent("transcription").turnDetection("server_vad").vadIdleTimeoutMs(100),
                        "vadIdleTimeoutMs", "vadIdleTimeoutMs does not apply to transcription sessions"));
    }

    @ParameterizedTest(name = "{0} {2}: {3}")
    @MethodSource("invalidSettings")
    void invalidOrMissingInTheDialectFailsNamingTheOption(Dialect dialect, UnaryOperator<SessionSettings.Builder> settings,
                                                          String option, String message) {
        assertThatThrownBy(() -> SessionUpdateEncoder.sessionUpdate(settings.apply(SessionSettings.builder()).build(), dialect))
                .isInstanceOfSatisfying(SessionConfigurationException.class, e -> assertThat(e.option()).isEqualTo(option))
                .hasMessageContaining(message);
    }

    private static JsonNode ga(UnaryOperator<SessionSettings.Builder> settings) {
        return SessionUpdateEncoder.sessionUpdate(settings.apply(SessionSettings.builder()).build(), Dialect.GA).fields().get("session");
    }

    private static Arguments invalid(Dialect dialect, UnaryOperator<SessionSettings.Builder> settings, String option, String message) {
        return Arguments.of(dialect, settings, option, message);
    }

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
