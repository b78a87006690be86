package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;

/**
 * Every setting of one Realtime session, independent of the dialect; null means "leave the server default".
 * {@link SessionUpdateEncoder} validates the settings and turns them into the dialect's {@code session.update}.
 * Names and values follow the endpoint options: {@code intent} {@code conversation|transcription};
 * audio formats {@code pcm16|g711_ulaw|g711_alaw} (GA names {@code audio/pcm|audio/pcmu|audio/pcma} accepted);
 * {@code turnDetection} {@code server_vad|semantic_vad|none}; {@code vadEagerness} {@code low|medium|high|auto};
 * {@code noiseReduction} {@code near_field|far_field}; {@code outputModalities} {@code audio} and/or {@code text};
 * {@code tools} a JSON array of function tools; {@code toolChoice} {@code auto|none|required} or a function name;
 * {@code sessionConfig} raw JSON deep-merged last into the session object. The JSON values are copied in and out.
 * <p>
 * Second-release settings (DESIGN.md §11): {@code maxOutputTokens} {@link #INF_OUTPUT_TOKENS} means {@code "inf"};
 * {@code voice} may be a JSON object text {@code {"id":"voice_…"}} (a custom voice); {@code vadIdleTimeoutMs};
 * {@code reasoningEffort} {@code minimal|low|medium|high|xhigh}; {@code parallelToolCalls}; {@code truncation},
 * {@code prompt} and {@code tracing} as a keyword/id or JSON object text; {@code include} a list;
 * {@code transcriptionPrompt}. {@code tools} may hold MCP tools ({@code type: "mcp"}) beside functions (GA only).
 */
public record SessionSettings(
        String intent,
        String instructions,
        String voice,
        List<String> outputModalities,
        String inputAudioFormat,
        String outputAudioFormat,
        String turnDetection,
        Double vadThreshold,
        Integer vadPrefixPaddingMs,
        Integer vadSilenceDurationMs,
        String vadEagerness,
        Boolean createResponse,
        Boolean interruptResponse,
        String transcriptionModel,
        String transcriptionLanguage,
        String noiseReduction,
        Double temperature,
        Integer maxOutputTokens,
        Double speed,
        JsonNode tools,
        String toolChoice,
        ObjectNode sessionConfig,
        Integer vadIdleTimeoutMs,
        String reasoningEffort,
        Boolean parallelToolCalls,
        String truncation,
        String prompt,
        String tracing,
        List<String> include,
        String transcriptionPrompt) {

    /** {@code maxOutputTokens} value that stands for {@code "inf"} (the model's maximum). */
    public static final int INF_OUTPUT_TOKENS = Integer.MAX_VALUE;

    public SessionSettings {
        outputModalities = outputModalities == null ? null : List.copyOf(outputModalities);
        include = include == null ? null : List.copyOf(include);
        tools = tools == null ? null : tools.deepCopy();
        sessionConfig = sessionConfig == null ? null : sessionConfig.deepCopy();
    }

    /** A copy of the tools JSON. */
    @Override
    public JsonNode tools() {
        return tools == null ? null : tools.deepCopy();
    }

    /** A copy of the raw session JSON. */
    @Override
    public ObjectNode sessionConfig() {
        return sessionConfig == null ? null : sessionConfig.deepCopy();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to derive changed settings. */
    public Builder toBuilder() {
        return new Builder()
                .intent(intent).instructions(instructions).voice(voice).outputModalities(outputModalities)
                .inputAudioFormat(inputAudioFormat).outputAudioFormat(outputAudioFormat).turnDetection(turnDetection)
                .vadThreshold(vadThreshold).vadPrefixPaddingMs(vadPrefixPaddingMs)
                .vadSilenceDurationMs(vadSilenceDurationMs).vadEagerness(vadEagerness).createResponse(createResponse)
                .interruptResponse(interruptResponse).transcriptionModel(transcriptionModel)
                .transcriptionLanguage(transcriptionLanguage).noiseReduction(noiseReduction).temperature(temperature)
                .maxOutputTokens(maxOutputTokens).speed(speed).tools(tools).toolChoice(toolChoice)
                .sessionConfig(sessionConfig).vadIdleTimeoutMs(vadIdleTimeoutMs).reasoningEffort(reasoningEffort)
                .parallelToolCalls(parallelToolCalls).truncation(truncation).prompt(prompt).tracing(tracing)
                .include(include).transcriptionPrompt(transcriptionPrompt);
    }

    /** Fluent builder; every setter accepts null (server default). */
    public static final class Builder {
        private String intent;
        private String instructions;
        private String voice;
        private List<String> outputModalities;
        private String inputAudioFormat;
        private String outputAudioFormat;
        private String turnDetection;
        private Double vadThreshold;
        private Integer vadPrefixPaddingMs;
        private Integer vadSilenceDurationMs;
        private String vadEagerness;
        private Boolean createResponse;
        private Boolean interruptResponse;
        private String transcriptionModel;
        private String transcriptionLanguage;
        private String noiseReduction;
        private Double temperature;
        private Integer maxOutputTokens;
        private Double speed;
        private JsonNode tools;
        private String toolChoice;
        private ObjectNode sessionConfig;
        private Integer vadIdleTimeoutMs;
        private String reasoningEffort;
        private Boolean parallelToolCalls;
        private String truncation;
        private String prompt;
        private String tracing;
        private List<String> include;
        private String transcriptionPrompt;

        private Builder() {
        }

        public Builder vadIdleTimeoutMs(Integer vadIdleTimeoutMs) {
            this.vadIdleTimeoutMs = vadIdleTimeoutMs;
            return this;
        }

        public Builder reasoningEffort(String reasoningEffort) {
            this.reasoningEffort = reasoningEffort;
            return this;
        }

        public Builder parallelToolCalls(Boolean parallelToolCalls) {
            this.parallelToolCalls = parallelToolCalls;
            return this;
        }

        /** {@code auto}, {@code disabled} or a JSON object text ({@code {"type":"retention_ratio",…}}). */
        public Builder truncation(String truncation) {
            this.truncation = truncation;
            return this;
        }

        /** A prompt id ({@code pmpt_…}) or a JSON object text with {@code id}, {@code version}, {@code variables}. */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /** {@code auto} or a JSON object text ({@code workflow_name}, {@code group_id}, {@code metadata}). */
        public Builder tracing(String tracing) {
            this.tracing = tracing;
            return this;
        }

        public Builder include(List<String> include) {
            this.include = include;
            return this;
        }

        public Builder transcriptionPrompt(String transcriptionPrompt) {
            this.transcriptionPrompt = transcriptionPrompt;
            return this;
        }

        /** An integer, or {@code inf} for the model's maximum ({@link #INF_OUTPUT_TOKENS}). */
        public Builder maxOutputTokens(String maxOutputTokens) {
            if (maxOutputTokens == null || maxOutputTokens.isBlank()) {
                this.maxOutputTokens = null;
            } else if (maxOutputTokens.trim().equalsIgnoreCase("inf")) {
                this.maxOutputTokens = INF_OUTPUT_TOKENS;
            } else {
                try {
                    this.maxOutputTokens = Integer.valueOf(maxOutputTokens.trim());
                } catch (NumberFormatException e) {
                    throw new SessionConfigurationException("maxOutputTokens",
                            "maxOutputTokens must be an integer or inf, not '" + maxOutputTokens + "'");
                }
            }
            return this;
        }

        public Builder intent(String intent) {
            this.intent = intent;
            return this;
        }

        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        public Builder voice(String voice) {
            this.voice = voice;
            return this;
        }

        public Builder outputModalities(List<String> outputModalities) {
            this.outputModalities = outputModalities;
            return this;
        }

        public Builder outputModalities(String... outputModalities) {
            this.outputModalities = outputModalities == null ? null : Arrays.asList(outputModalities);
            return this;
        }

        public Builder inputAudioFormat(String inputAudioFormat) {
            this.inputAudioFormat = inputAudioFormat;
            return this;
        }

        public Builder outputAudioFormat(String outputAudioFormat) {
            this.outputAudioFormat = outputAudioFormat;
            return this;
        }

        public Builder turnDetection(String turnDetection) {
            this.turnDetection = turnDetection;
            return this;
        }

        public Builder vadThreshold(Double vadThreshold) {
            this.vadThreshold = vadThreshold;
            return this;
        }

        public Builder vadPrefixPaddingMs(Integer vadPrefixPaddingMs) {
            this.vadPrefixPaddingMs = vadPrefixPaddingMs;
            return this;
        }

        public Builder vadSilenceDurationMs(Integer vadSilenceDurationMs) {
            this.vadSilenceDurationMs = vadSilenceDurationMs;
            return this;
        }

        public Builder vadEagerness(String vadEagerness) {
            this.vadEagerness = vadEagerness;
            return this;
        }

        public Builder createResponse(Boolean createResponse) {
            this.createResponse = createResponse;
            return this;
        }

        public Builder interruptResponse(Boolean interruptResponse) {
            this.interruptResponse = interruptResponse;
            return this;
        }

        public Builder transcriptionModel(String transcriptionModel) {
            this.transcriptionModel = transcriptionModel;
            return this;
        }

        public Builder transcriptionLanguage(String transcriptionLanguage) {
            this.transcriptionLanguage = transcriptionLanguage;
            return this;
        }

        public Builder noiseReduction(String noiseReduction) {
            this.noiseReduction = noiseReduction;
            return this;
        }

        public Builder temperature(Double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder maxOutputTokens(Integer maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        public Builder speed(Double speed) {
            this.speed = speed;
            return this;
        }

        public Builder tools(JsonNode tools) {
            this.tools = tools;
            return this;
        }

        public Builder toolChoice(String toolChoice) {
            this.toolChoice = toolChoice;
            return this;
        }

        public Builder sessionConfig(ObjectNode sessionConfig) {
            this.sessionConfig = sessionConfig;
            return this;
        }

        public SessionSettings build() {
            return new SessionSettings(intent, instructions, voice, outputModalities, inputAudioFormat,
                    outputAudioFormat, turnDetection, vadThreshold, vadPrefixPaddingMs, vadSilenceDurationMs,
                    vadEagerness, createResponse, interruptResponse, transcriptionModel, transcriptionLanguage,
                    noiseReduction, temperature, maxOutputTokens, speed, tools, toolChoice, sessionConfig, vadIdleTimeoutMs,
                    reasoningEffort, parallelToolCalls, truncation, prompt, tracing, include, transcriptionPrompt);
        }
    }
}
