package io.github.camelrealtime.fastrouter.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatorAudioTest {

    @Test
    void g711CodecsRoundTripWithinQuantisationError() {
        for (int sample = -32768; sample <= 32767; sample += 7) {
            int ulaw = SimulatorAudio.ulawToLinear(SimulatorAudio.linearToUlaw(sample));
            int alaw = SimulatorAudio.alawToLinear(SimulatorAudio.linearToAlaw(sample));
            int tolerance = Math.max(16, Math.abs(sample) / 16);
            assertThat(Math.abs(ulaw - Math.max(-32635, Math.min(32635, sample)))).as("ulaw %d", sample).isLessThanOrEqualTo(tolerance);
            assertThat(Math.abs(alaw - sample)).as("alaw %d", sample).isLessThanOrEqualTo(tolerance);
        }
        assertThat(SimulatorAudio.linearToUlaw(0)).isEqualTo((byte) 0xFF);
        assertThat(SimulatorAudio.linearToAlaw(0)).isEqualTo((byte) 0xD5);
    }

    @Test
    void conversionResamplesAndKeepsTheLevel() {
        byte[] pcm = SimulatorAudio.tone(SimulatorAudioFormat.PCM16, 500, 100, 0.5);
        byte[] ulaw = SimulatorAudio.convert(pcm, SimulatorAudioFormat.PCM16, SimulatorAudioFormat.G711_ULAW);
        byte[] alaw = SimulatorAudio.convert(ulaw, SimulatorAudioFormat.G711_ULAW, SimulatorAudioFormat.G711_ALAW);
        byte[] back = SimulatorAudio.convert(alaw, SimulatorAudioFormat.G711_ALAW, SimulatorAudioFormat.PCM16);
        assertThat(ulaw).hasSize(800);
        assertThat(alaw).hasSize(800);
        assertThat(back).hasSize(pcm.length);
        assertThat(SimulatorAudio.rms(back, SimulatorAudioFormat.PCM16)).isCloseTo(0.5 / Math.sqrt(2), org.assertj.core.data.Offset.offset(0.02));
        assertThat(SimulatorAudio.convert(pcm, SimulatorAudioFormat.PCM16, SimulatorAudioFormat.PCM16)).isEqualTo(pcm).isNotSameAs(pcm);
    }

    @Test
    void noiseHasTheRequestedLevel() {
        assertThat(20 * Math.log10(SimulatorAudio.rms(SimulatorAudio.noise(SimulatorAudioFormat.PCM16, 1000, -60, 1), SimulatorAudioFormat.PCM16)))
                .isBetween(-61.0, -59.0);
        assertThat(SimulatorAudio.rms(SimulatorAudio.silence(SimulatorAudioFormat.G711_ALAW, 100), SimulatorAudioFormat.G711_ALAW)).isLessThan(0.001);
    }

    @Test
    void base64DecoderMatchesTheJdk() {
        Random random = new Random(3);
        GrowableBytes target = new GrowableBytes(4);
        for (int length = 0; length < 300; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            target.clear();
            Base64Audio.decodeInto(Base64.getEncoder().encodeToString(data), target);
            assertThat(target.copy(0, target.length())).isEqualTo(data);
        }
        assertThatThrownBy(() -> Base64Audio.decodeInto("ab$d", target)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base64Audio.decodeInto("abcde", target)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void detectorMapsThresholdToRmsAndCountsFrames() {
        StringBuilder log = new StringBuilder();
        VoiceActivityDetector.Listener listener = new VoiceActivityDetector.Listener() {
            @Override
            public void speechStarted(long speechStartMs) {
                log.append("start ").append(speechStartMs).append(';');
            }

            @Override
            public void speechStopped(long speechEndMs, long detectedAtMs) {
                log.append("stop ").append(speechEndMs).append('@').append(detectedAtMs).append(';');
            }
        };
        VoiceActivityDetector detector = new VoiceActivityDetector(SimulatorAudioFormat.G711_ULAW, 0.5, 100, 0);
        // RMS 0.035 (sine amplitude 0.05) is below 0.5 * 0.1; RMS 0.071 (amplitude 0.1) is above
        byte[] belowThreshold = SimulatorAudio.tone(SimulatorAudioFormat.G711_ULAW, 400, 200, 0.05);
        byte[] aboveThreshold = SimulatorAudio.tone(SimulatorAudioFormat.G711_ULAW, 400, 20, 0.1);
        byte[] longerSpeech = SimulatorAudio.tone(SimulatorAudioFormat.G711_ULAW, 400, 30, 0.1);
        byte[] audio = SimulatorAudio.concat(belowThreshold, aboveThreshold, SimulatorAudio.silence(SimulatorAudioFormat.G711_ULAW, 50),
                longerSpeech, SimulatorAudio.silence(SimulatorAudioFormat.G711_ULAW, 150));
        for (int i = 0; i < audio.length; i += 33) {
            detector.feed(audio, i, Math.min(33, audio.length - i), listener);
        }
        assertThat(log).hasToString("start 270;stop 300@400;");
    }
}
