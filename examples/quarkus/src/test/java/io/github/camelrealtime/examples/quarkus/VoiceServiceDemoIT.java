package io.github.camelrealtime.examples.quarkus;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code -Pdemo} run itself, after {@code package}: the packaged application ({@code quarkus-run.jar}) started
 * with {@code java -jar} against the embedded simulator, asked the bundled question, stopped.
 */
class VoiceServiceDemoIT {

    @Test
    void theDemoRunsThePackagedApplicationAndAnswersTheSampleQuestion(@TempDir Path work) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        VoiceServiceDemo.Result result = VoiceServiceLauncher.demo(Path.of(System.getProperty("voice.app")), work, "always", out);

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(result.status()).as(text).isEqualTo(200);
        assertThat(result.transcript()).isEqualTo("[simulated transcript of 2.00 s of audio]");
        assertThat(result.health()).startsWith("UP, consumer:session-events UP (session voice: state open");
        assertThat(AudioSystem.getAudioFileFormat(result.replyWav().toFile()).getType()).isEqualTo(AudioFileFormat.Type.WAVE);
        assertThat(Files.readString(result.replyText())).isEqualTo(result.transcript() + "\n");
        assertThat(text).contains("using the embedded Realtime SIMULATOR")
                .containsPattern("Voice service started on http://localhost:\\d+ \\(java -jar quarkus-run.jar: Quarkus 3\\.33\\.\\d+, Camel 4\\.18\\.\\d+\\)")
                .contains("POST /voice/ask question.wav (2.00 s of audio) -> 200 audio/wav, 2.00 s of audio, status completed")
                .contains("Stopped the voice service.");
        // Quarkus ran Camel 4.18 and shut down cleanly
        String log = Files.readString(work.resolve("quarkus-app.log"));
        assertThat(log).contains("Apache Camel 4.18.");
    }
}
