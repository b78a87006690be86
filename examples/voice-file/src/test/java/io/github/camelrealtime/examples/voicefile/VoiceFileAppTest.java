package io.github.camelrealtime.examples.voicefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the demo application in-process against the simulator, with temporary folders, as a user would run it. */
class VoiceFileAppTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @AfterEach
    void stopRunner() {
        runner.shutdownNow();
    }

    @Test
    void answersADroppedQuestionWithASpokenReplyAndItsTranscript() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Path outbox = work.resolve("outbox");
        Path question = inbox.resolve("capital.wav");
        copySample(question);
        Duration questionLength = lengthOf(question);

        Future<VoiceFileRun> run = runner.submit(() -> VoiceFileApp.run(VoiceFileSettings.simulator(inbox, outbox), out));

        Path replyWav = outbox.resolve("capital-reply.wav");
        Path replyText = outbox.resolve("capital-reply.txt");
        awaitFile(replyWav);
        awaitFile(replyText);

        AudioFileFormat reply = AudioSystem.getAudioFileFormat(replyWav.toFile());
        assertThat(reply.getType()).isEqualTo(AudioFileFormat.Type.WAVE);
        assertThat(reply.getFormat().getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
        assertThat(reply.getFormat().getSampleRate()).isEqualTo(24_000f);
        assertThat(reply.getFormat().getChannels()).isEqualTo(1);
        assertThat(reply.getFormat().getSampleSizeInBits()).isEqualTo(16);
        assertThat(lengthOf(replyWav)).isBetween(questionLength.minusMillis(100), questionLength.plusMillis(100));
        assertThat(Files.readString(replyText, StandardCharsets.UTF_8)).isNotBlank();

        // the demo stops by itself once the questions present at start are answered
        VoiceFileRun result = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result.failures()).isEmpty();
        assertThat(result.replies()).singleElement().satisfies(r -> {
            assertThat(r.question()).isEqualTo("capital.wav");
            assertThat(r.status()).isEqualTo("completed");
            assertThat(r.transcript()).isEqualTo(Files.readString(replyText, StandardCharsets.UTF_8).strip());
            assertThat(r.totalTokens()).isPositive();
        });
        assertThat(inbox.resolve("done/capital.wav")).exists();
        assertThat(question).doesNotExist();
        assertThat(printed()).contains("SIMULATOR", "FASTROUTER_API_KEY", "capital.wav (2.00 s of audio) answered",
                "Done: 1 answered, 0 failed");
    }

    @Test
    void seedsAnEmptyInboxWithTheBundledQuestion() throws Exception {
        Path inbox = work.resolve("inbox");
        Path outbox = work.resolve("outbox");

        VoiceFileRun result = runner.submit(() -> VoiceFileApp.run(VoiceFileSettings.simulator(inbox, outbox), out))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.replies()).singleElement().satisfies(r -> {
            assertThat(r.question()).isEqualTo("question.wav");
            assertThat(r.replyWav()).isEqualTo(outbox.resolve("question-reply.wav")).exists();
            assertThat(r.transcriptFile()).isEqualTo(outbox.resolve("question-reply.txt")).exists();
        });
        assertThat(inbox.resolve("done/question.wav")).exists();
        assertThat(printed()).contains("The inbox was empty: copied the sample question");
    }

    @Test
    void movesAFileThatIsNotAWavToFailedAndStillStops() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Path outbox = work.resolve("outbox");
        Files.writeString(inbox.resolve("noise.wav"), "this is not audio");
        copySample(inbox.resolve("question.wav"));

        VoiceFileRun result = runner.submit(() -> VoiceFileApp.run(VoiceFileSettings.simulator(inbox, outbox), out))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.replies()).extracting(VoiceFileRun.Reply::question).containsExactly("question.wav");
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.question()).isEqualTo("noise.wav");
            assertThat(f.reason()).contains("not a readable WAV file");
        });
        assertThat(inbox.resolve("failed/noise.wav")).exists();
        assertThat(outbox.resolve("noise-reply.wav")).doesNotExist();
        assertThat(printed()).contains("noise.wav FAILED", "Done: 1 answered, 1 failed");
    }

    @Test
    void withAnApiKeyCallsTheConfiguredServerWithTheModel() throws Exception {
        String key = "sk-v1-voice-file-test-key";
        try (RealtimeSimulator server = RealtimeSimulator.builder().apiKey(key).build().start()) {
            Path inbox = Files.createDirectories(work.resolve("inbox"));
            Path outbox = work.resolve("outbox");
            copySample(inbox.resolve("question.wav"));
            VoiceFileSettings settings = new VoiceFileSettings(inbox, outbox, key, "openai/gpt-realtime", server.baseUrl().toString());

            VoiceFileRun result = runner.submit(() -> VoiceFileApp.run(settings, out)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(result.failures()).isEmpty();
            assertThat(result.replies()).hasSize(1);
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(server.lastConnection().model()).isEqualTo("openai/gpt-realtime");
            JsonNode update = server.receivedEvents("session.update").get(0);
            assertThat(update.path("session").path("instructions").asText()).isEqualTo(VoiceFileApp.INSTRUCTIONS);
            assertThat(printed()).contains("FASTROUTER_API_KEY is set", "model openai/gpt-realtime")
                    .doesNotContain("SIMULATOR")
                    .doesNotContain(key);
        }
    }

    @Test
    void settingsComeFromArgumentsThenSystemPropertiesThenTheEnvironment() {
        Properties system = new Properties();
        system.setProperty("voicefile.workDir", work.toString());
        system.setProperty("voicefile.outbox", work.resolve("replies").toString());

        VoiceFileSettings fromProperties = VoiceFileSettings.resolve(new String[0], system, Map.of());
        assertThat(fromProperties.inbox()).isEqualTo(work.resolve("inbox"));
        assertThat(fromProperties.outbox()).isEqualTo(work.resolve("replies"));
        assertThat(fromProperties.useSimulator()).isTrue();

        VoiceFileSettings fromArgs = VoiceFileSettings.resolve(new String[] { "--inbox=" + work.resolve("questions") }, system,
                Map.of("FASTROUTER_API_KEY", "sk-v1-secret", "FASTROUTER_MODEL", "openai/gpt-4o-realtime-preview"));
        assertThat(fromArgs.inbox()).isEqualTo(work.resolve("questions"));
        assertThat(fromArgs.useSimulator()).isFalse();
        assertThat(fromArgs.model()).isEqualTo("openai/gpt-4o-realtime-preview");
        assertThat(fromArgs.baseUrl()).isNull();
        assertThat(fromArgs.toString()).doesNotContain("sk-v1-secret");

        VoiceFileSettings defaults = VoiceFileSettings.resolve(new String[0], system, Map.of("FASTROUTER_API_KEY", "k"));
        assertThat(defaults.model()).isEqualTo(VoiceFileSettings.DEFAULT_MODEL);

        assertThatThrownBy(() -> VoiceFileSettings.resolve(new String[] { "--outbx=x" }, system,
                Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--outbx=x");
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static void copySample(Path target) throws Exception {
        try (InputStream in = VoiceFileApp.class.getResourceAsStream("/" + VoiceFileApp.SAMPLE_QUESTION)) {
            assertThat(in).as("bundled question.wav").isNotNull();
            Files.copy(in, target);
        }
    }

    private static Duration lengthOf(Path wav) throws Exception {
        AudioFileFormat format = AudioSystem.getAudioFileFormat(wav.toFile());
        return Duration.ofMillis(Math.round(format.getFrameLength() * 1000d / format.getFormat().getFrameRate()));
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(file).as("written within " + WAIT.toSeconds() + " s").exists();
    }
}
