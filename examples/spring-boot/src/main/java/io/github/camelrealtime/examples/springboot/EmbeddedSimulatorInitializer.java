package io.github.camelrealtime.examples.springboot;

import java.util.Map;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Without {@code FASTROUTER_API_KEY} (property {@code voice.simulator=auto}, the default), or with
 * {@code voice.simulator=always}, starts the embedded Realtime simulator before the application context, points
 * {@code camel.component.fastrouter-realtime.base-url} and {@code api-key} at it (ahead of application.yaml), says
 * so on the console, and closes it after Camel has stopped. {@code voice.simulator=never} never starts it.
 * Registered in {@code META-INF/spring.factories}.
 */
public class EmbeddedSimulatorInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String API_KEY_ENV = "FASTROUTER_API_KEY";
    public static final String MODEL_ENV = "FASTROUTER_MODEL";
    static final String PREFIX = "camel.component.fastrouter-realtime.";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        String mode = env.getProperty("voice.simulator", "auto");
        String key = env.getProperty(API_KEY_ENV);
        boolean use = switch (mode) {
            case "always" -> true;
            case "never" -> false;
            default -> key == null || key.isBlank();
        };
        if (!use) {
            System.out.printf("%s is set: using %s, model %s.%n", API_KEY_ENV,
                    env.getProperty(PREFIX + "base-url"), env.getProperty(PREFIX + "model"));
            return;
        }
        RealtimeSimulator simulator = RealtimeSimulator.builder().build().start();
        env.getPropertySources().addFirst(new MapPropertySource("embedded-realtime-simulator", Map.of(
                PREFIX + "base-url", simulator.baseUrl().toString(),
                PREFIX + "api-key", simulator.apiKey())));
        context.getBeanFactory().registerSingleton("embeddedRealtimeSimulator", new SimulatorLifecycle(simulator));
        if ("always".equals(mode)) {
            System.out.printf("voice.simulator=always: using the embedded Realtime SIMULATOR at %s.%n", simulator.baseUrl());
        } else {
            System.out.printf("No %s set: using the embedded Realtime SIMULATOR at %s.%n", API_KEY_ENV, simulator.baseUrl());
        }
        System.out.println("  It echoes each question back as the reply, with a simulated transcript.");
        System.out.printf("  To ask FastRouter for real: export %s=sk-v1-... (optionally %s, default openai/gpt-realtime) and run again.%n",
                API_KEY_ENV, MODEL_ENV);
    }

    /** Holds the simulator for the application's lifetime; stops last (lowest phase), after Camel. */
    public static final class SimulatorLifecycle implements SmartLifecycle {

        private final RealtimeSimulator simulator;
        private volatile boolean running;

        SimulatorLifecycle(RealtimeSimulator simulator) {
            this.simulator = simulator;
        }

        public RealtimeSimulator simulator() {
            return simulator;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            simulator.close();
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return Integer.MIN_VALUE;
        }
    }
}
