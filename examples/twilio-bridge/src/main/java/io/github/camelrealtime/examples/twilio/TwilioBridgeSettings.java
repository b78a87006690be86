package io.github.camelrealtime.examples.twilio;

import java.util.Map;

/**
 * The bridge's settings, from the environment.
 *
 * @param port               HTTP port (env {@code PORT}, default 8080; 0 picks a free one)
 * @param publicHost         the host Twilio reaches ({@code PUBLIC_HOST}, e.g. {@code abc.ngrok.app}); unset: the
 *                           Host header of the {@code /incoming-call} request
 * @param apiKey             {@code FASTROUTER_API_KEY}; unset: the embedded simulator answers
 * @param model              {@code FASTROUTER_MODEL}, default {@value #DEFAULT_MODEL}
 * @param baseUrl            {@code FASTROUTER_BASE_URL}, default the component's
 * @param greeting           {@code GREETING}: the agent speaks first; {@code none} turns it off
 * @param instructions       {@code INSTRUCTIONS}: the agent's system instructions
 * @param voice              {@code VOICE}, server default when unset
 * @param transcriptionModel {@code TRANSCRIPTION_MODEL} for caller transcripts, default {@value #DEFAULT_TRANSCRIPTION}
 */
public record TwilioBridgeSettings(int port, String publicHost, String apiKey, String model, String baseUrl, String greeting,
                                   String instructions, String voice, String transcriptionModel) {

    public static final String DEFAULT_MODEL = "openai/gpt-realtime";
    public static final String DEFAULT_TRANSCRIPTION = "whisper-1";
    public static final String DEFAULT_GREETING = "Say: Hello! How can I help you?";
    public static final String DEFAULT_INSTRUCTIONS = "You are a friendly phone assistant. Answer in one or two short spoken sentences.";

    public TwilioBridgeSettings {
        publicHost = blankToNull(publicHost);
        apiKey = blankToNull(apiKey);
        model = blankToNull(model) == null ? DEFAULT_MODEL : model.trim();
        baseUrl = blankToNull(baseUrl);
        greeting = blankToNull(greeting) == null ? DEFAULT_GREETING : "none".equalsIgnoreCase(greeting.trim()) ? null : greeting.trim();
        instructions = blankToNull(instructions) == null ? DEFAULT_INSTRUCTIONS : instructions.trim();
        voice = blankToNull(voice);
        transcriptionModel = blankToNull(transcriptionModel) == null ? DEFAULT_TRANSCRIPTION : transcriptionModel.trim();
    }

    public static TwilioBridgeSettings fromEnvironment(Map<String, String> env) {
        String port = env.get("PORT");
        return new TwilioBridgeSettings(port == null || port.isBlank() ? 8080 : Integer.parseInt(port.trim()), env.get("PUBLIC_HOST"),
                env.get("FASTROUTER_API_KEY"), env.get("FASTROUTER_MODEL"), env.get("FASTROUTER_BASE_URL"), env.get("GREETING"),
                env.get("INSTRUCTIONS"), env.get("VOICE"), env.get("TRANSCRIPTION_MODEL"));
    }

    /** Simulator settings on a free port (tests, the demo). */
    public static TwilioBridgeSettings simulator() {
        return new TwilioBridgeSettings(0, null, null, null, null, null, null, null, null);
    }

    public TwilioBridgeSettings withPort(int p) {
        return new TwilioBridgeSettings(p, publicHost, apiKey, model, baseUrl, greeting, instructions, voice, transcriptionModel);
    }

    public TwilioBridgeSettings withGreeting(String g) {
        return new TwilioBridgeSettings(port, publicHost, apiKey, model, baseUrl, g == null ? "none" : g, instructions, voice, transcriptionModel);
    }

    public boolean useSimulator() {
        return apiKey == null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
