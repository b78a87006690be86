package io.github.camelrealtime.examples.twilio;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelrealtime.fastrouter.audio.AudioConverter;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.WavFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.camelrealtime.examples.twilio.ScriptedTwilioCall.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The browser page in a real headless Chromium whose fake microphone plays the spoken question (a WAV, looped): the
 * page captures it with its AudioWorklet, streams 24 kHz pcm16 frames over {@code /browser-stream}, plays the
 * replies, echoes the marks, and shows the transcript, which it reports back to the bridge ({@code status}).
 *
 * <p>Needs the Debian package {@code chromium} ({@code .ci/run} installs it). Without it the test is skipped with a
 * message, unless the environment variable {@code TWILIO_BROWSER_TEST_REQUIRED=true} (set by {@code .ci/run}) says
 * it must run.
 */
class TwilioBrowserPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void pageCapturesTheMicrophoneShowsTheTranscriptAndPlaysTheReply() throws Exception {
        Optional<String> chromium = chromium();
        boolean required = "true".equalsIgnoreCase(System.getenv("TWILIO_BROWSER_TEST_REQUIRED"));
        if (chromium.isEmpty() && required) {
            fail("chromium is not installed, but TWILIO_BROWSER_TEST_REQUIRED=true (install it: apt-get install -y chromium)");
        }
        assumeTrue(chromium.isPresent(), "Skipped: no chromium on PATH (apt-get install -y chromium; .ci/run does it)");

        Path wav = tmp.resolve("microphone.wav");
        Files.write(wav, microphoneWav());
        Path log = tmp.resolve("chromium.log");

        try (TwilioBridge bridge = TwilioBridge.start(TwilioBridgeSettings.simulator().withGreeting("Say: Hi"), System.out)) {
            List<String> command = new ArrayList<>(List.of(chromium.get(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + tmp.resolve("profile"), "--autoplay-policy=no-user-gesture-required",
                    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                    "--use-file-for-fake-audio-capture=" + wav, bridge.httpUri("/?autostart=1").toString()));
            Process browser = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                boolean done = await(() -> browserReport(bridge).map(TwilioBrowserPageTest::talked).orElse(false), Duration.ofSeconds(60));
                CallReport report = browserReport(bridge).orElse(null);
                if (!done) {
                    fail("The page did not talk through the bridge within 60 s. Bridge report: " + report + "; page status: "
                         + (report == null ? null : report.pageStatus()) + "; chromium log:\n" + tail(log));
                }
                JsonNode status = JSON.readTree(report.pageStatus());
                System.out.println("browser session: " + report + "\npage status: " + status);
                assertThat(report.framesIn()).as("microphone frames").isGreaterThan(50);
                assertThat(status.path("audioBytesReceived").asLong()).as("reply audio received").isGreaterThan(24_000);
                assertThat(status.path("shown").asText()).contains("[simulated transcript of");
                assertThat(report.marksAcknowledged()).as("marks echoed after playback").isPositive();
            } finally {
                browser.descendants().forEach(ProcessHandle::destroyForcibly);
                browser.destroyForcibly();
                browser.waitFor();
            }
        }
    }

    /** The caller's words were shown, and the page received (0.5 s and more) and played reply audio. */
    private static boolean talked(CallReport report) {
        String page = report.pageStatus();
        if (page == null || !page.contains("simulated transcript") || report.marksAcknowledged() == 0) {
            return false;
        }
        try {
            return JSON.readTree(page).path("audioBytesReceived").asLong() > 24_000;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<CallReport> browserReport(TwilioBridge bridge) {
        return bridge.calls().reports().values().stream().filter(r -> r.channel().equals("browser"))
                .max(Comparator.comparingLong(CallReport::framesIn));
    }

    /** The question (24 kHz pcm16) then 1.5 s of silence, so the looped file makes turns the VAD can end. */
    private static byte[] microphoneWav() throws IOException {
        byte[] pcm;
        try (InputStream in = TwilioBrowserPageTest.class.getClassLoader().getResourceAsStream(TwilioBridgeDemo.QUESTION)) {
            pcm = AudioConverter.toFormat(in.readAllBytes(), AudioFormat.PCM16, AudioFormat.PCM16);
        }
        byte[] withSilence = new byte[pcm.length + 48 * 1500];
        System.arraycopy(pcm, 0, withSilence, 0, pcm.length);
        return WavFiles.toWav(withSilence, AudioFormat.PCM16);
    }

    static Optional<String> chromium() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return Optional.of(f.getAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }

    private static String tail(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
