package io.github.camelrealtime.examples.quarkus;

import java.util.Map;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a {@link RealtimeSimulator} before the application and hands its URL and key to it as configuration (ahead
 * of {@code application.properties}); Quarkus stops it after the application stopped.
 */
public class RealtimeSimulatorResource implements QuarkusTestResourceLifecycleManager {

    static final String PREFIX = "camel.component.fastrouter-realtime.";
    /** An extra handshake header, set through the map form {@code headers[Name]} to show that form binds. */
    static final String EXTRA_HEADER = "X-Example-Client";

    static volatile RealtimeSimulator simulator;

    @Override
    public Map<String, String> start() {
        simulator = RealtimeSimulator.builder().build().start();
        return Map.of(
                PREFIX + "base-url", simulator.baseUrl().toString(),
                PREFIX + "api-key", simulator.apiKey(),
                // the camelCase form works as well as kebab case: 50 ms appends instead of the default 100 ms
                PREFIX + "chunkMillis", "50",
                PREFIX + "headers[" + EXTRA_HEADER + "]", "camel-quarkus-example");
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
