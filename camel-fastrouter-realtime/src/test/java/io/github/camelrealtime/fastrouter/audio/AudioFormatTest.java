package io.github.camelrealtime.fastrouter.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioFormatTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"pcm16, PCM16", "audio/pcm, PCM16", "PCM16, PCM16", "' Audio/PCM ', PCM16", "g711_ulaw, G711_ULAW",
        "audio/pcmu, G711_ULAW", "G711_ULAW, G711_ULAW", "g711_alaw, G711_ALAW", "audio/pcma, G711_ALAW", "ulaw, G711_ULAW",
        "alaw, G711_ALAW"})
    void acceptsBetaAndGaNames(String name, AudioFormat expected) {
        assertThat(AudioFormat.fromName(name)).isEqualTo(expected);
    }

    @Test
    void namesBothSpellings() {
        assertThat(AudioFormat.PCM16.wireName()).isEqualTo("pcm16");
        assertThat(AudioFormat.G711_ULAW.wireName()).isEqualTo("g711_ulaw");
        assertThat(AudioFormat.G711_ALAW.gaName()).isEqualTo("audio/pcma");
    }

    @Test
    void unknownNamesFailClearly() {
        assertThatThrownBy(() -> AudioFormat.fromName("mp3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown audio format 'mp3'; use pcm16 (audio/pcm), g711_ulaw (audio/pcmu) or g711_alaw (audio/pcma)");
        assertThatThrownBy(() -> AudioFormat.fromName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byteAndTimeArithmeticIsExact() {
        assertThat(AudioFormat.PCM16.bytesPerSecond()).isEqualTo(48_000);
        assertThat(AudioFormat.PCM16.bytesPerMillisecond()).isEqualTo(48);
        assertThat(AudioFormat.G711_ULAW.bytesPerMillisecond()).isEqualTo(8);
        assertThat(AudioFormat.PCM16.bytesForMillis(100)).isEqualTo(4_800);
        assertThat(AudioFormat.G711_ALAW.bytesForMillis(100)).isEqualTo(800);
        assertThat(AudioFormat.PCM16.bytesToMillis(4_847)).isEqualTo(100);
        assertThat(AudioFormat.PCM16.bytesToMillisExact(4_824)).isEqualTo(100.5);
        assertThat(AudioFormat.G711_ULAW.bytesToMillisExact(1)).isEqualTo(0.125);
        assertThat(AudioFormat.G711_ULAW.bytesToNanos(1)).isEqualTo(125_000);
        assertThat(AudioFormat.PCM16.bytesToNanos(2)).isEqualTo(41_666);
        assertThat(AudioFormat.PCM16.bytesToNanos(48_000L * 86_400 * 365)).isEqualTo(86_400L * 365 * 1_000_000_000L);
        assertThat(AudioFormat.PCM16.samples(4_801)).isEqualTo(2_400);
    }

    @Test
    void describesItselfToJavaSound() {
        javax.sound.sampled.AudioFormat pcm = AudioFormat.PCM16.toJavaSound();
        assertThat(pcm.getSampleRate()).isEqualTo(24_000f);
        assertThat(pcm.isBigEndian()).isFalse();
        assertThat(pcm.getFrameSize()).isEqualTo(2);
        assertThat(AudioFormat.G711_ALAW.toJavaSound().getEncoding()).isEqualTo(javax.sound.sampled.AudioFormat.Encoding.ALAW);
    }
}
