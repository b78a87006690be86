package io.github.camelrealtime.examples.voicefile;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the demo reads questions and writes replies, and which server answers. Without an API key the embedded
 * Realtime simulator answers; with one, FastRouter does.
 *
 * <p>Resolved from, in order: the arguments {@code --inbox=DIR} and {@code --outbox=DIR}; the system properties
 * {@code voicefile.inbox}, {@code voicefile.outbox} and {@code voicefile.workDir} (folders {@code inbox} and
 * {@code outbox} under it, default {@code work}); the environment variables {@code FASTROUTER_API_KEY},
 * {@code FASTROUTER_MODEL} (default {@value #DEFAULT_MODEL}) and {@code FASTROUTER_BASE_URL} (default the
 * component's, {@code wss://api.fastrouter.ai/v1/realtime}).
 *
 * @param inbox  the folder the questions ({@code *.wav}) are read from; answered ones move to {@code inbox/done}
 * @param outbox the folder {@code <name>-reply.wav} and {@code <name>-reply.txt} are written to
 * @param apiKey the FastRouter API key, or null to use the embedded simulator
 * @param model   the FastRouter model id ({@code provider/model}); not sent to the simulator
 * @param baseUrl the Realtime server to use with the API key, or null for FastRouter's
 */
public record VoiceFileSettings(Path inbox, Path outbox, String apiKey, String model, String baseUrl) {

    public static final String API_KEY_ENV = "FASTROUTER_API_KEY";
    public static final String MODEL_ENV = "FASTROUTER_MODEL";
    public static final String BASE_URL_ENV = "FASTROUTER_BASE_URL";
    public static final String DEFAULT_MODEL = "openai/gpt-realtime";

    static final String USAGE = "usage: VoiceFileApp [--inbox=DIR] [--outbox=DIR]   "
                                + "(env " + API_KEY_ENV + ", " + MODEL_ENV + ", " + BASE_URL_ENV + "; system properties voicefile.workDir, "
                                + "voicefile.inbox, voicefile.outbox)";

    public VoiceFileSettings {
        inbox = inbox.toAbsolutePath().normalize();
        outbox = outbox.toAbsolutePath().normalize();
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        model = model == null || model.isBlank() ? DEFAULT_MODEL : model.trim();
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.trim();
    }

    /** Settings that always use the embedded simulator, whatever the environment says. */
    public static VoiceFileSettings simulator(Path inbox, Path outbox) {
        return new VoiceFileSettings(inbox, outbox, null, null, null);
    }

    /** Settings from the command line, the system properties and the environment (see the class comment). */
    public static VoiceFileSettings resolve(String[] args, Properties system, Map<String, String> env) {
        Path workDir = Path.of(system.getProperty("voicefile.workDir", "work"));
        Path inbox = Path.of(system.getProperty("voicefile.inbox", workDir.resolve("inbox").toString()));
        Path outbox = Path.of(system.getProperty("voicefile.outbox", workDir.resolve("outbox").toString()));
        for (String arg : args) {
            if (arg.startsWith("--inbox=")) {
                inbox = Path.of(arg.substring("--inbox=".length()));
            } else if (arg.startsWith("--outbox=")) {
                outbox = Path.of(arg.substring("--outbox=".length()));
            } else {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'; " + USAGE);
            }
        }
        return new VoiceFileSettings(inbox, outbox, env.get(API_KEY_ENV), env.get(MODEL_ENV), env.get(BASE_URL_ENV));
    }

    public boolean useSimulator() {
        return apiKey == null;
    }

    @Override
    public String toString() {
        return "VoiceFileSettings[inbox=" + inbox + ", outbox=" + outbox + ", server="
               + (useSimulator() ? "simulator" : (baseUrl == null ? "FastRouter" : baseUrl) + ", model " + model) + "]";
    }
}
