package io.github.camelrealtime.examples.quarkus;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged application ({@code target/quarkus-app/quarkus-run.jar}, JVM mode) the way a user does,
 * {@code java -jar}, with the embedded simulator when there is no {@code FASTROUTER_API_KEY}:
 * <ul>
 * <li>{@code demo} (the {@code -Pdemo} run): starts it on a free port, waits until it is ready, asks the bundled
 * question once ({@link VoiceServiceDemo}), stops it (SIGTERM: Quarkus and Camel shut down gracefully) and exits 0
 * when the question was answered;</li>
 * <li>{@code serve} ({@code -Pserve}): starts it on {@code PORT} (default 8080) and keeps it running until stopped.</li>
 * </ul>
 * System properties: {@code voice.app} (the jar), {@code voice.workDir} (where the reply is saved),
 * {@code voice.simulator} ({@code auto}, {@code always}, {@code never}). The simulator runs in this process and is
 * closed after the application stopped. The application itself needs none of this: it only reads
 * {@code application.properties}, environment variables and system properties.
 */
public final class VoiceServiceLauncher {

    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private VoiceServiceLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "demo";
        Path app = Path.of(System.getProperty("voice.app", "target/quarkus-app/quarkus-run.jar"));
        String simulatorMode = System.getProperty("voice.simulator", "auto");
        if ("serve".equals(mode)) {
            serve(app, simulatorMode);
            return;
        }
        Path workDir = Path.of(System.getProperty("voice.workDir", "work"));
        VoiceServiceDemo.Result result = demo(app, workDir, simulatorMode, System.out);
        System.exit(result.status() == 200 ? 0 : 1);
    }

    /** The {@code -Pdemo} run; the integration test calls it too. */
    public static VoiceServiceDemo.Result demo(Path app, Path workDir, String simulatorMode, PrintStream out) throws Exception {
        try (EmbeddedSimulator simulator = EmbeddedSimulator.startIfNeeded(simulatorMode, out)) {
            int port = freePort();
            Process process = start(app, port, simulator.configuration(), workDir.resolve("quarkus-app.log"));
            try {
                String base = "http://localhost:" + port;
                awaitReady(base, process, workDir.resolve("quarkus-app.log"));
                out.printf("Voice service started on %s (java -jar %s: %s)%n", base, app.getFileName(),
                        versions(Files.readString(workDir.resolve("quarkus-app.log"))));
                return VoiceServiceDemo.run(base, workDir, out);
            } finally {
                stop(process);
                out.println("Stopped the voice service.");
            }
        }
    }

    static void serve(Path app, String simulatorMode) throws Exception {
        try (EmbeddedSimulator simulator = EmbeddedSimulator.startIfNeeded(simulatorMode, System.out)) {
            String port = System.getenv().getOrDefault("PORT", "8080");
            List<String> command = command(app, Integer.parseInt(port), simulator.configuration());
            Process process = new ProcessBuilder(command).inheritIO().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process)));
            System.out.printf("Voice service on http://localhost:%s (Ctrl-C stops it)%n", port);
            process.waitFor();
        }
    }

    static Process start(Path app, int port, Map<String, String> configuration, Path log) throws IOException {
        if (!Files.isRegularFile(app)) {
            throw new IOException(app + " does not exist: build the example first (mvn -pl examples/quarkus -am package)");
        }
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command(app, port, configuration)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    static List<String> command(Path app, int port, Map<String, String> configuration) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.http.port=" + port);
        // system properties rank above application.properties in Quarkus's configuration
        configuration.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-jar");
        command.add(app.toAbsolutePath().toString());
        return command;
    }

    static void awaitReady(String base, Process process, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The application exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The application was not ready within " + STARTUP_TIMEOUT + ":\n" + Files.readString(log));
    }

    /** {@code Quarkus 3.33.2, Camel 4.18.2}, from the application's startup log. */
    static String versions(String log) {
        return "Quarkus " + after(log, "powered by Quarkus ") + ", Camel " + after(log, "Apache Camel ");
    }

    /** The version number that follows the first occurrence of {@code marker} that a digit follows. */
    private static String after(String text, String marker) {
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
            int start = at + marker.length();
            int end = start;
            while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
                end++;
            }
            if (end > start) {
                return text.substring(start, end);
            }
        }
        return "?";
    }

    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
