package io.github.camelrealtime.examples.springboot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The voice service as it runs, on a random port, against the embedded simulator: a WAV upload is answered with
 * the spoken reply and its transcript, health shows the session, a body that is not a WAV is refused; and the
 * {@code -Pdemo} run itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "voice.simulator=always")
class VoiceServiceApplicationTest {

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedSimulatorInitializer.SimulatorLifecycle simulator;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void answersAnUploadedQuestionWithTheSpokenReplyAndItsTranscript() throws Exception {
        byte[] question = VoiceServiceDemo.sample();

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri(VoiceRoutes.ASK_PATH))
                .header("Content-Type", "audio/wav").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(question)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("audio/wav"));
        assertThat(response.headers().firstValue(VoiceRoutes.TRANSCRIPT_HEADER)).hasValue("[simulated transcript of 2.00 s of audio]");
        assertThat(response.headers().firstValue(VoiceRoutes.STATUS_HEADER)).hasValue("completed");
        // none of the request's or Camel's headers leak into the response
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));
        AudioFileFormat reply = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(response.body()));
        assertThat(reply.getType()).isEqualTo(AudioFileFormat.Type.WAVE);
        assertThat(reply.getFormat().getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
        assertThat(reply.getFormat().getSampleRate()).isEqualTo(24_000f);
        assertThat(reply.getFrameLength()).isBetween(24_000 * 19 / 10, 24_000 * 21 / 10); // 2.00 s ± 0.1 s
        // application.yaml's settings reached the server: the model, and no server VAD
        assertThat(simulator.simulator().lastConnection().model()).isEqualTo("openai/gpt-realtime");
        assertThat(simulator.simulator().receivedCount("input_audio_buffer.commit")).isPositive();
    }

    @Test
    void healthShowsTheRealtimeSession() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode camel = new ObjectMapper().readTree(response.body()).path("components").path("camelHealth");
        assertThat(camel.path("status").asText()).isEqualTo("UP");
        assertThat(camel.path("details").path("consumer:session-events").asText()).isEqualTo("UP");
        JsonNode session = camel.path("details").path("consumer:session-events.data");
        assertThat(session.path("session.name").asText()).isEqualTo("voice");
        assertThat(session.path("session.state").asText()).isEqualTo("open");
        assertThat(session.path("session.id").asText()).startsWith("sess_");
    }

    @Test
    void refusesABodyThatIsNotAWav() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(VoiceRoutes.ASK_PATH))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Expected a WAV file");
    }

    @Test
    void theDemoAnswersTheSampleQuestionAndSavesTheReply(@TempDir Path work) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        VoiceServiceDemo.Result result = VoiceServiceDemo.run(work, out, "--voice.simulator=always");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.transcript()).isEqualTo("[simulated transcript of 2.00 s of audio]");
        assertThat(result.health()).startsWith("UP, consumer:session-events UP (session voice: state open");
        assertThat(AudioSystem.getAudioFileFormat(result.replyWav().toFile()).getType()).isEqualTo(AudioFileFormat.Type.WAVE);
        assertThat(Files.readString(result.replyText())).isEqualTo(result.transcript() + "\n");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("POST /voice/ask question.wav (2.00 s of audio) -> 200 audio/wav, 2.00 s of audio, status completed")
                .contains("Stopped the voice service.");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

}
