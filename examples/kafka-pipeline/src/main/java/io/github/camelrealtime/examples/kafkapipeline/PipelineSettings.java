package io.github.camelrealtime.examples.kafkapipeline;

import java.util.Map;

/**
 * Which broker and which Realtime server the pipeline uses. Without {@code KAFKA_BOOTSTRAP_SERVERS} an in-process
 * KRaft broker is started ({@link EmbeddedKafka}); without {@code FASTROUTER_API_KEY} the embedded Realtime simulator
 * answers.
 *
 * @param bootstrapServers the Kafka brokers, or null for the in-process broker
 * @param apiKey           the FastRouter API key, or null for the simulator
 * @param model            the FastRouter model id
 * @param baseUrl          another Realtime server to use with the key, or null for FastRouter's
 */
public record PipelineSettings(String bootstrapServers, String apiKey, String model, String baseUrl) {

    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String API_KEY_ENV = "FASTROUTER_API_KEY";
    public static final String MODEL_ENV = "FASTROUTER_MODEL";
    public static final String BASE_URL_ENV = "FASTROUTER_BASE_URL";
    public static final String DEFAULT_MODEL = "openai/gpt-realtime";

    public PipelineSettings {
        bootstrapServers = blankToNull(bootstrapServers);
        apiKey = blankToNull(apiKey);
        model = model == null || model.isBlank() ? DEFAULT_MODEL : model.trim();
        baseUrl = blankToNull(baseUrl);
    }

    public static PipelineSettings fromEnvironment(Map<String, String> env) {
        return new PipelineSettings(env.get(BOOTSTRAP_ENV), env.get(API_KEY_ENV), env.get(MODEL_ENV), env.get(BASE_URL_ENV));
    }

    /** Embedded broker and simulator, whatever the environment says (tests). */
    public static PipelineSettings embedded() {
        return new PipelineSettings(null, null, null, null);
    }

    public boolean embeddedBroker() {
        return bootstrapServers == null;
    }

    public boolean useSimulator() {
        return apiKey == null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "PipelineSettings[broker=" + (embeddedBroker() ? "in-process" : bootstrapServers) + ", server="
               + (useSimulator() ? "simulator" : (baseUrl == null ? "FastRouter" : baseUrl) + ", model " + model) + "]";
    }
}
