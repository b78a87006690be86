package io.github.camelrealtime.fastrouter.test;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link RealtimeSimulator} on its own until stopped (Ctrl+C), to try routes (Camel Main, {@code camel run},
 * an IDE) without a key. From the repository root:
 *
 * <pre>
 * mvn -q -pl camel-fastrouter-realtime-test package -DskipTests -Psimulator              (port 8765)
 * mvn -q -pl camel-fastrouter-realtime-test package -DskipTests -Psimulator -Dsimulator.port=9000
 * </pre>
 *
 * Arguments: {@code --port N} (default 8765; 0 picks a free one), {@code --key KEY} (default
 * {@value RealtimeSimulator#DEFAULT_API_KEY}), {@code --ga-only} (refuse the beta dialect as OpenAI does),
 * {@code --no-server-vad} (sessions start with turn detection off). It listens on 127.0.0.1 only and prints the base URL,
 * the key and the Camel properties that point the component at it.
 */
public final class StandaloneSimulator {

    public static final int DEFAULT_PORT = 8765;

    private StandaloneSimulator() {
    }

    public static void main(String[] args) throws InterruptedException {
        RealtimeSimulator simulator;
        try {
            simulator = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: StandaloneSimulator [--port N] [--key KEY] [--ga-only] [--no-server-vad]");
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            System.out.println("Realtime simulator stopped.");
            stopped.countDown();
        }, "realtime-simulator-shutdown"));
        stopped.await();
    }

    /** Parses the arguments, starts the simulator and prints how to use it; the caller stops it. */
    public static RealtimeSimulator start(String[] args, PrintStream out) {
        int port = DEFAULT_PORT;
        String key = RealtimeSimulator.DEFAULT_API_KEY;
        boolean gaOnly = false;
        boolean serverVad = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--key" -> key = value(args, ++i, "--key");
                case "--ga-only" -> gaOnly = true;
                case "--no-server-vad" -> serverVad = false;
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        RealtimeSimulator simulator = RealtimeSimulator.builder()
                .port(port)
                .apiKey(key)
                .gaOnly(gaOnly)
                .serverVadByDefault(serverVad)
                .recordAudioPayloads(false) // it runs for long: keep no audio in memory
                .build()
                .start();
        out.println("Realtime simulator listening on " + simulator.baseUrl() + (gaOnly ? " (GA dialect only)" : ""));
        out.println("  base URL: " + simulator.baseUrl());
        out.println("  API key:  " + key);
        out.println("Point the component at it with these properties (Camel Main application.properties, camel run --prop):");
        out.println("  camel.component.fastrouter-realtime.base-url=" + simulator.baseUrl());
        out.println("  camel.component.fastrouter-realtime.api-key=" + key);
        out.println("or on an endpoint: fastrouter-realtime:NAME?baseUrl=" + simulator.baseUrl() + "&apiKey=" + key);
        out.println("Stop with Ctrl+C.");
        out.flush();
        return simulator;
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }
}
