package io.github.camelrealtime.examples.springboot;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code -Pdemo} run: starts the voice service on a free port, checks its health, posts the bundled question
 * ("What is the capital of France?") to {@code POST /voice/ask}, saves the spoken reply and its transcript under
 * {@code voice.workDir} (default {@code work}), prints what it did, stops the service. Exits 1 when the question was
 * not answered.
 */
public final class VoiceServiceDemo {

    static final String SAMPLE_QUESTION = "question.wav";

    /** What the demo did. */
    public record Result(int status, String transcript, String responseStatus, Path replyWav, Path replyText, String health) {
    }

    private VoiceServiceDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of(System.getProperty("voice.workDir", "work"));
        Result result = run(workDir, System.out, args);
        if (result.status() != 200) {
            System.exit(1);
        }
    }

    /** Runs the demo; extra arguments go to the application (e.g. {@code --voice.simulator=always}). */
    public static Result run(Path workDir, PrintStream out, String... args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0", "--spring.main.banner-mode=off",
                // the demo prints its own report: only errors from the frameworks, warnings from its routes
                "--logging.level.root=ERROR", "--logging.level.ask=WARN", "--logging.level.session-events=WARN"));
        arguments.addAll(List.of(args));
        SpringApplication application = new SpringApplication(VoiceServiceApplication.class);
        try (ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new))) {
            String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
            out.printf("Voice service started on %s (Spring Boot %s, Camel %s)%n", base,
                    SpringApplication.class.getPackage().getImplementationVersion(),
                    context.getBean(org.apache.camel.CamelContext.class).getVersion());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            String health = health(http, base);
            out.printf("GET /actuator/health: %s%n", health);

            byte[] question = sample();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + VoiceRoutes.ASK_PATH))
                    .header("Content-Type", "audio/wav")
                    .timeout(Duration.ofSeconds(90))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(question)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                out.printf("POST %s %s (%s of audio) -> %d: %s%n", VoiceRoutes.ASK_PATH, SAMPLE_QUESTION, length(question),
                        response.statusCode(), new String(response.body(), StandardCharsets.UTF_8).strip());
                return new Result(response.statusCode(), null, null, null, null, health);
            }
            String transcript = URLDecoder.decode(response.headers().firstValue(VoiceRoutes.TRANSCRIPT_HEADER).orElse("")
                    .replace("+", "%2B"), StandardCharsets.UTF_8);
            String status = response.headers().firstValue(VoiceRoutes.STATUS_HEADER).orElse("?");
            out.printf("POST %s %s (%s of audio) -> %d %s, %s of audio, status %s, %s tokens%n", VoiceRoutes.ASK_PATH,
                    SAMPLE_QUESTION, length(question), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("?"), length(response.body()), status,
                    response.headers().firstValue(VoiceRoutes.TOKENS_HEADER).orElse("?"));
            out.printf("  transcript (%s): \"%s\"%n", VoiceRoutes.TRANSCRIPT_HEADER, transcript);

            Files.createDirectories(workDir);
            Path replyWav = workDir.resolve("question-reply.wav").toAbsolutePath().normalize();
            Path replyText = workDir.resolve("question-reply.txt").toAbsolutePath().normalize();
            Files.write(replyWav, response.body());
            Files.writeString(replyText, transcript + "\n", StandardCharsets.UTF_8);
            out.printf("Saved the reply to %s and its transcript to %s%n", replyWav, replyText);
            return new Result(200, transcript, status, replyWav, replyText, health);
        } finally {
            out.println("Stopped the voice service.");
        }
    }

    /** Overall status, and each Realtime session's readiness check with its details, from the actuator. */
    static String health(HttpClient http, String base) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode root = new ObjectMapper().readTree(response.body());
        JsonNode camel = root.path("components").path("camelHealth").path("details");
        StringBuilder s = new StringBuilder(root.path("status").asText("?"));
        camel.properties().forEach(e -> {
            JsonNode data = camel.path(e.getKey() + ".data");
            if (e.getKey().startsWith("consumer:") && data.has("session.name")) {
                s.append(", ").append(e.getKey()).append(' ').append(e.getValue().asText())
                 .append(" (session ").append(data.path("session.name").asText())
                 .append(": state ").append(data.path("session.state").asText("?"))
                 .append(", dialect ").append(data.path("session.dialect").asText("?"))
                 .append(", id ").append(data.path("session.id").asText("?")).append(')');
            }
        });
        return s.toString();
    }

    static byte[] sample() throws IOException {
        try (InputStream in = VoiceServiceDemo.class.getResourceAsStream("/" + SAMPLE_QUESTION)) {
            if (in == null) {
                throw new IOException("The bundled " + SAMPLE_QUESTION + " is missing from the classpath");
            }
            return in.readAllBytes();
        }
    }

    /** {@code 2.00 s}, or {@code ? s} when the bytes are not a WAV the JDK reads. */
    static String length(byte[] wav) {
        try {
            AudioFileFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav));
            double seconds = format.getFrameLength() / (double) format.getFormat().getFrameRate();
            return String.format(Locale.ROOT, "%.2f s", seconds);
        } catch (UnsupportedAudioFileException | IOException e) {
            return "? s";
        }
    }
}
