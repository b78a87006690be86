package io.github.camelrealtime.examples.quarkus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The voice service as Quarkus runs it (JVM mode, random port), configured from application.properties and pointed
 * at a simulator by {@link RealtimeSimulatorResource}: a WAV upload is answered with the spoken reply and its
 * transcript, readiness shows the session, a body that is not a WAV is refused, and the demo's client part works.
 */
@QuarkusTest
@QuarkusTestResource(RealtimeSimulatorResource.class)
class VoiceServiceTest {

    @TestHTTPResource("/")
    URL root;
    @Inject
    CamelContext camel;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void runsOnCamelQuarkusWithCamel418() {
        assertThat(camel.getVersion()).startsWith("4.18.");
    }

    @Test
    void answersAnUploadedQuestionWithTheSpokenReplyAndItsTranscript() throws Exception {
        RealtimeSimulator simulator = RealtimeSimulatorResource.simulator;
        byte[] question = VoiceServiceDemo.sample();
        long appendsBefore = simulator.receivedCount("input_audio_buffer.append");

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri(VoiceRoutes.ASK_PATH))
                .header("Content-Type", "audio/wav").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(question)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).as("%s", new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("audio/wav"));
        assertThat(response.headers().firstValue(VoiceRoutes.TRANSCRIPT_HEADER)).hasValue("[simulated transcript of 2.00 s of audio]");
        assertThat(response.headers().firstValue(VoiceRoutes.STATUS_HEADER)).hasValue("completed");
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));
        AudioFileFormat reply = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(response.body()));
        assertThat(reply.getType()).isEqualTo(AudioFileFormat.Type.WAVE);
        assertThat(reply.getFormat().getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
        assertThat(reply.getFormat().getSampleRate()).isEqualTo(24_000f);
        assertThat(reply.getFrameLength()).isBetween(24_000 * 19 / 10, 24_000 * 21 / 10); // 2.00 s ± 0.1 s

        // application.properties reached the server: the model, the instructions, no server VAD (the route commits)
        assertThat(simulator.lastConnection().model()).isEqualTo("openai/gpt-realtime");
        assertThat(simulator.receivedEvents("session.update").toString()).contains("You answer spoken questions.");
        assertThat(simulator.receivedCount("input_audio_buffer.commit")).isPositive();
        // the test's properties in the other forms: camelCase chunkMillis=50 (2 s in 40 appends, 41 with the
        // resampler's tail; the default 100 ms would give 20), the headers[Name] map
        assertThat(simulator.receivedCount("input_audio_buffer.append") - appendsBefore).isBetween(40L, 41L);
        assertThat(simulator.lastConnection().header(RealtimeSimulatorResource.EXTRA_HEADER)).isEqualTo("camel-quarkus-example");
    }

    @Test
    void readinessShowsTheRealtimeSession() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/q/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode root = new ObjectMapper().readTree(response.body());
        assertThat(root.path("status").asText()).isEqualTo("UP");
        JsonNode data = null;
        for (JsonNode check : root.path("checks")) {
            if ("camel-readiness-checks".equals(check.path("name").asText())) {
                data = check.path("data");
            }
        }
        assertThat(data).as("camel-readiness-checks in %s", response.body()).isNotNull();
        assertThat(data.path("consumer:session-events").asText()).isEqualTo("UP");
        assertThat(data.path("consumer:session-events.session.name").asText()).isEqualTo("voice");
        assertThat(data.path("consumer:session-events.session.state").asText()).isEqualTo("open");
        assertThat(data.path("consumer:session-events.session.id").asText()).startsWith("sess_");
    }

    @Test
    void refusesABodyThatIsNotAWav() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(VoiceRoutes.ASK_PATH))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("Expected a WAV file");
    }

    @Test
    void theDemoClientAsksTheSampleQuestionAndSavesTheReply(@TempDir Path work) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        VoiceServiceDemo.Result result = VoiceServiceDemo.run(base(), work, out);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.transcript()).isEqualTo("[simulated transcript of 2.00 s of audio]");
        assertThat(result.health()).startsWith("UP, consumer:session-events UP (session voice: state open");
        assertThat(Files.readString(result.replyText())).isEqualTo(result.transcript() + "\n");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("POST /voice/ask question.wav (2.00 s of audio) -> 200 audio/wav, 2.00 s of audio, status completed");
    }

    private String base() {
        String text = root.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private URI uri(String path) {
        return URI.create(base() + path);
    }
}
