package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.session.RealtimeResponseTimeoutException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, findings 2 and 3: under server VAD, answers and transcripts go to the exchange whose audio they are about
 * (by item_id), also after a timeout and when one upload holds two utterances. The audio is tones of distinct lengths
 * with silence after them; the simulator's transcript names the length of the committed audio, so a reply shows whose
 * audio it answers. Server VAD (simulator defaults: silence 200 ms, prefix padding 300 ms) commits from up to 300 ms
 * before a tone to its end.
 */
class SessionCoreServerVadTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private static final Pattern TRANSCRIPT = Pattern.compile("\\[simulated transcript of (\\d+\\.\\d\\d) s of audio]");
    /** A committed turn is its tone plus at most the VAD's 300 ms prefix padding (and a frame of rounding). */
    private static final double PADDING = 0.35;

    /** A tone of {@code toneMs}, then {@code silenceMs} of digital silence (long enough for the VAD to end the turn). */
    static byte[] utterance(int toneMs, int silenceMs) {
        byte[] tone = AudioInOutTest.tone(toneMs);
        byte[] all = new byte[tone.length + AudioFormat.PCM16.bytesForMillis(silenceMs)];
        System.arraycopy(tone, 0, all, 0, tone.length);
        return all;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, off, p.length);
            off += p.length;
        }
        return all;
    }

    /** The audio lengths (s) named by the simulated transcripts in a text. */
    static List<Double> transcriptSeconds(String text) {
        List<Double> seconds = new ArrayList<>();
        Matcher m = TRANSCRIPT.matcher(text == null ? "" : text);
        while (m.find()) {
            seconds.add(Double.parseDouble(m.group(1)));
        }
        return seconds;
    }

    static void assertOwnAudio(String reply, int toneMs) {
        List<Double> seconds = transcriptSeconds(reply);
        assertThat(seconds).as("transcripts in %s", reply).hasSize(1);
        assertThat(seconds.get(0)).as("the audio length named by %s (own tone %d ms)", reply, toneMs)
                .isBetween(toneMs / 1000.0, toneMs / 1000.0 + PADDING);
    }

    // ------------------------------------------------------------------ finding 3: no off-by-one after a timeout

    @Test
    void finding3SlowAnswerTimesOutAndEveryLaterExchangeGetsTheAnswerToItsOwnAudio() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        Duration timeout = Duration.ofSeconds(2);
        String uri = bareUri(sim, "vad-slow", "dialect=ga&outputModalities=text&responseTimeout=" + timeout.toMillis());

        sim.setResponseDelay(Duration.ofMillis(400));
        Exchange first = template.request(uri, e -> e.getMessage().setBody(utterance(1500, 800)));
        assertThat(first.getException()).isInstanceOf(RealtimeResponseTimeoutException.class);
        sim.setResponseDelay(Duration.ZERO);

        String second = template.requestBody(uri, utterance(500, 800), String.class);
        assertOwnAudio(second, 500);
        String third = template.requestBody(uri, utterance(1000, 800), String.class);
        assertOwnAudio(third, 1000);
        assertThat(session("vad-slow").pendingTurns()).isZero();
        assertThat(sim.connectionCount()).isEqualTo(1);
    }

    @Test
    void finding3StalledServerTimesOutTheFirstAndItsLateCommitIsNotTakenByTheNext() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        Duration timeout = Duration.ofSeconds(2);
        String uri = bareUri(sim, "vad-stalled", "dialect=ga&outputModalities=text&responseTimeout=" + timeout.toMillis());
        assertOwnAudio(template.requestBody(uri, utterance(700, 800), String.class), 700);

        // the server reads nothing for a while: the first upload is handled (committed, answered) only after its
        // exchange timed out, while the second exchange's upload is under way
        sim.pauseReading(timeout.plusMillis(600));
        Exchange first = template.request(uri, e -> e.getMessage().setBody(utterance(1500, 800)));
        assertThat(first.getException()).isInstanceOf(RealtimeResponseTimeoutException.class);

        String second = template.requestBody(uri, utterance(500, 800), String.class);
        assertOwnAudio(second, 500);
        String third = template.requestBody(uri, utterance(1000, 800), String.class);
        assertOwnAudio(third, 1000);
        assertThat(session("vad-stalled").pendingTurns()).isZero();
    }

    // ------------------------------------------------------------------ finding 2: transcripts by item_id

    @Test
    void finding2OneUploadWithTwoUtterancesGetsBothTranscriptsAndTheNextOnlyItsOwn() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "scribe-two", "dialect=ga&intent=transcription&responseTimeout=5s");

        String both = template.requestBody(uri, concat(utterance(700, 800), utterance(1200, 800)), String.class);
        List<Double> seconds = transcriptSeconds(both);
        assertThat(seconds).as("transcripts in %s", both).hasSize(2);
        assertThat(seconds.get(0)).isCloseTo(0.70, Offset.offset(0.01));
        assertThat(seconds.get(1)).isBetween(1.20, 1.20 + PADDING);
        assertThat(both).isEqualTo(TRANSCRIPT.matcher(both).results().map(r -> r.group()).reduce((a, b) -> a + " " + b).orElseThrow());

        assertOwnAudio(template.requestBody(uri, utterance(400, 800), String.class), 400);
        assertThat(sim.sentEvents("conversation.item.input_audio_transcription.completed")).hasSize(3);
        assertThat(session("scribe-two").pendingTurns()).isZero();
    }

    @Test
    void finding2TimedOutTranscriptionDoesNotShiftLaterTranscripts() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        // a transcription turn under server VAD replies after the commit bound (silence 200 ms + 1 s): room for that
        Duration timeout = Duration.ofSeconds(3);
        String uri = bareUri(sim, "scribe-late", "dialect=ga&intent=transcription&responseTimeout=" + timeout.toMillis());
        assertOwnAudio(template.requestBody(uri, utterance(700, 800), String.class), 700);

        sim.pauseReading(timeout.plusMillis(600));
        Exchange first = template.request(uri, e -> e.getMessage().setBody(utterance(1500, 800)));
        assertThat(first.getException()).isInstanceOf(RealtimeResponseTimeoutException.class);

        assertOwnAudio(template.requestBody(uri, utterance(500, 800), String.class), 500);
        assertOwnAudio(template.requestBody(uri, utterance(1000, 800), String.class), 1000);
        assertThat(session("scribe-late").pendingTurns()).isZero();
    }
}
