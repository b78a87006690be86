package io.github.camelrealtime.examples.quarkus;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;

/**
 * Without {@code FASTROUTER_API_KEY} (mode {@code auto}, the default), or in mode {@code always}, starts the embedded
 * Realtime simulator and says so on the console; {@link #configuration()} is then what points the application's
 * {@code camel.component.fastrouter-realtime.base-url} and {@code api-key} at it. Mode {@code never} never starts it.
 */
final class EmbeddedSimulator implements AutoCloseable {

    static final String API_KEY_ENV = "FASTROUTER_API_KEY";
    static final String MODEL_ENV = "FASTROUTER_MODEL";
    static final String PREFIX = "camel.component.fastrouter-realtime.";

    private final RealtimeSimulator simulator;

    private EmbeddedSimulator(RealtimeSimulator simulator) {
        this.simulator = simulator;
    }

    /** {@code mode}: {@code auto}, {@code always} or {@code never}. */
    static EmbeddedSimulator startIfNeeded(String mode, PrintStream out) {
        String key = System.getenv(API_KEY_ENV);
        boolean use = switch (mode) {
            case "always" -> true;
            case "never" -> false;
            default -> key == null || key.isBlank();
        };
        if (!use) {
            out.printf("%s is set: using %s, model %s.%n", API_KEY_ENV,
                    envOr("FASTROUTER_BASE_URL", "wss://api.fastrouter.ai/v1/realtime"), envOr(MODEL_ENV, "openai/gpt-realtime"));
            return new EmbeddedSimulator(null);
        }
        RealtimeSimulator simulator = RealtimeSimulator.builder().build().start();
        if ("always".equals(mode)) {
            out.printf("voice.simulator=always: using the embedded Realtime SIMULATOR at %s.%n", simulator.baseUrl());
        } else {
            out.printf("No %s set: using the embedded Realtime SIMULATOR at %s.%n", API_KEY_ENV, simulator.baseUrl());
        }
        out.println("  It echoes each question back as the reply, with a simulated transcript.");
        out.printf("  To ask FastRouter for real: export %s=sk-v1-... (optionally %s, default openai/gpt-realtime) and run again.%n",
                API_KEY_ENV, MODEL_ENV);
        return new EmbeddedSimulator(simulator);
    }

    /** The component properties that point the application at the simulator; empty when none was started. */
    Map<String, String> configuration() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (simulator != null) {
            properties.put(PREFIX + "base-url", simulator.baseUrl().toString());
            properties.put(PREFIX + "api-key", simulator.apiKey());
        }
        return properties;
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
