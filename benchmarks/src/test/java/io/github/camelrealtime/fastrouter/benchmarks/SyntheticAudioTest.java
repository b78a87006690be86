package io.github.camelrealtime.fastrouter.benchmarks;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.AudioInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark inputs are what the benchmarks claim to measure. */
class SyntheticAudioTest {

    @Test
    void wavIsA44kStereoFileTheComponentReads() throws Exception {
        byte[] wav = SyntheticAudio.wav(1000, 44_100, 2);

        try (AudioInput input = AudioInput.open(wav, null, AudioFormat.PCM16)) {
            assertThat(input.sourceSampleRate()).isEqualTo(44_100);
            assertThat(input.sourceChannels()).isEqualTo(2);
            assertThat(input.describeSource()).contains("16-bit");
            // one second of 44.1 kHz becomes about one second of 24 kHz pcm16 (48,000 bytes)
            assertThat(input.readAll().length).isBetween(47_900, 48_100);
        }
    }

    @Test
    void pcm16IsTwentyFourKilohertzSixteenBitWithSignal() {
        byte[] pcm = SyntheticAudio.pcm16(100);

        assertThat(pcm).hasSize(AudioFormat.PCM16.bytesForMillis(100));
        int peak = 0;
        for (int i = 0; i < pcm.length; i += 2) {
            peak = Math.max(peak, Math.abs((short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8))));
        }
        assertThat(peak).isBetween(4_000, 12_000);
    }
}
