package io.github.camelrealtime.examples.quarkus;

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
import java.util.Locale;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the {@code -Pdemo} run does once the service is up: asks its readiness, posts the bundled question ("What is
 * the capital of France?") to {@code POST /voice/ask}, saves the spoken reply and its transcript under the work
 * folder, and prints what it did. The test runs it against the {@code @QuarkusTest} application too.
 */
public final class VoiceServiceDemo {

    static final String SAMPLE_QUESTION = "question.wav";

    /** What the demo did. */
    public record Result(int status, String transcript, String responseStatus, Path replyWav, Path replyText, String health) {
    }

    private VoiceServiceDemo() {
    }

    public static Result run(String base, Path workDir, PrintStream out) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        String health = health(http, base);
        out.printf("GET /q/health/ready: %s%n", health);

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
    }

    /** Overall readiness, and each Realtime session's readiness check with its details ({@link CamelReadiness}). */
    static String health(HttpClient http, String base) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode root = new ObjectMapper().readTree(response.body());
        StringBuilder s = new StringBuilder(root.path("status").asText("?"));
        for (JsonNode check : root.path("checks")) {
            JsonNode data = check.path("data");
            data.properties().forEach(e -> {
                String id = e.getKey();
                // the Realtime sessions' checks: the ones with session details
                if (id.indexOf('.') < 0 && data.has(id + ".session.name")) {
                    s.append(", ").append(id).append(' ').append(e.getValue().asText())
                     .append(" (session ").append(data.path(id + ".session.name").asText())
                     .append(": state ").append(data.path(id + ".session.state").asText("?"))
                     .append(", dialect ").append(data.path(id + ".session.dialect").asText("?"))
                     .append(", id ").append(data.path(id + ".session.id").asText("?")).append(')');
                }
            });
        }
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
