package io.github.camelrealtime.fastrouter.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AudioConverterTest {

    /** The speech sample at 24 kHz, band-limited to 3.4 kHz (telephone band), peaking at -6 dBFS. */
    private static final float[] TELEPHONE_BAND_SPEECH = Signals.normalise(Signals.lowPass(
            ResamplerTest.resampleWhole(Signals.speech("speech-16k-mono.wav"), 16_000, 24_000), 24_000, 3_300, 400), 16_000);

    private static float[] telephoneBandSpeech24k() {
        return TELEPHONE_BAND_SPEECH;
    }

    @ParameterizedTest(name = "pcm16 24 kHz -> {0} -> pcm16 24 kHz")
    @EnumSource(value = AudioFormat.class, names = {"G711_ULAW", "G711_ALAW"})
    void phonePathKeepsSnrOver30dBOnTelephoneBandSpeech(AudioFormat phone) {
        float[] reference = telephoneBandSpeech24k();
        byte[] pcm = Signals.pcm16(reference, 1);

        byte[] g711 = AudioConverter.convert(pcm, AudioFormat.PCM16, phone);
        byte[] back = AudioConverter.convert(g711, phone, AudioFormat.PCM16);

        assertThat(g711).hasSize(pcm.length / 2 / 3);
        assertThat(back).hasSize(pcm.length);
        float[] got = Signals.fromPcm16(back);
        assertThat(Signals.bestLag(reference, got, 10)).isZero(); // no resampler delay to compensate
        assertThat(Signals.snr(reference, got, 0, got.length)).isGreaterThanOrEqualTo(30.0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PCM16, G711_ULAW", "PCM16, G711_ALAW", "G711_ULAW, PCM16", "G711_ALAW, PCM16", "G711_ULAW, G711_ALAW",
        "PCM16, PCM16"})
    void deltasConvertedOneByOneEqualTheWholeConversion(AudioFormat from, AudioFormat to) {
        byte[] whole = from == AudioFormat.PCM16 ? Signals.pcm16(telephoneBandSpeech24k(), 1)
                : AudioConverter.convert(Signals.pcm16(telephoneBandSpeech24k(), 1), AudioFormat.PCM16, from);
        byte[] expected = AudioConverter.convert(whole, from, to);

        Random random = new Random(11);
        AudioStreamConverter converter = new AudioStreamConverter(from, to);
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < whole.length) {
            int len = Math.min(whole.length - pos, random.nextInt(3_000)); // odd sizes split pcm16 samples too
            pieces.writeBytes(converter.convert(whole, pos, len));
            pos += len;
        }
        pieces.writeBytes(converter.flush());
        assertThat(pieces.toByteArray()).containsExactly(expected);

        // and the converter is ready for the next response, via the allocation-free variant
        byte[] out = new byte[converter.maxOutputBytes(whole.length) + converter.maxFlushBytes()];
        int n = converter.convert(whole, 0, whole.length, out, 0);
        n += converter.flush(out, n);
        assertThat(Arrays.copyOf(out, n)).containsExactly(expected);
    }

    @Test
    void durationsAreExact() {
        byte[] second = new byte[48_000];
        assertThat(AudioConverter.convert(second, AudioFormat.PCM16, AudioFormat.G711_ULAW)).hasSize(8_000);
        assertThat(AudioConverter.convert(new byte[8_000], AudioFormat.G711_ALAW, AudioFormat.PCM16)).hasSize(48_000);
        assertThat(AudioConverter.convert(new byte[7], AudioFormat.G711_ALAW, AudioFormat.PCM16)).hasSize(42);
        assertThat(AudioConverter.convert(new byte[0], AudioFormat.PCM16, AudioFormat.G711_ULAW)).isEmpty();
    }

    @Test
    void silenceStaysSilence() {
        byte[] ulaw = AudioConverter.convert(new byte[4_800], AudioFormat.PCM16, AudioFormat.G711_ULAW);
        assertThat(ulaw).containsOnly((byte) 0xFF);
        byte[] alaw = AudioConverter.convert(ulaw, AudioFormat.G711_ULAW, AudioFormat.G711_ALAW);
        assertThat(alaw).containsOnly((byte) 0xD5);
    }

    @Test
    void sameFormatIsACopyOfWholeSamples() {
        byte[] raw = {1, 2, 3, 4, 5};
        byte[] copy = AudioConverter.convert(raw, AudioFormat.PCM16, AudioFormat.PCM16);
        assertThat(copy).containsExactly(1, 2, 3, 4).isNotSameAs(raw);
        assertThat(AudioConverter.convert(raw, 1, 3, AudioFormat.G711_ULAW, AudioFormat.G711_ULAW)).containsExactly(2, 3, 4);
    }

    @Test
    void loudPeaksClipInsteadOfWrapping() {
        float[] loud = Signals.sine(1000, 8_000, 0.1, 32_767);
        byte[] ulaw = new byte[loud.length];
        for (int i = 0; i < loud.length; i++) {
            ulaw[i] = G711.linearToUlaw(Math.round(loud[i]));
        }
        float[] back = Signals.fromPcm16(AudioConverter.convert(ulaw, AudioFormat.G711_ULAW, AudioFormat.PCM16));
        // the resampler overshoots a full-scale tone slightly; the result must clip at full scale, never wrap around
        for (int i = 1; i < back.length; i++) {
            assertThat(Math.abs(back[i] - back[i - 1])).isLessThan(20_000f);
        }
    }

    @Test
    void wavBytesConvertToTheTarget() throws AudioFormatException {
        byte[] pcm = Signals.pcm16(Signals.sine(500, 24_000, 0.2, 8_000), 1);
        byte[] wav = WavFiles.toWav(pcm, 0, pcm.length, AudioFormat.PCM16);

        assertThat(AudioConverter.toFormat(wav, null, AudioFormat.G711_ALAW))
                .containsExactly(AudioConverter.convert(pcm, AudioFormat.PCM16, AudioFormat.G711_ALAW));
        assertThat(AudioConverter.toFormat(pcm, AudioFormat.PCM16, AudioFormat.PCM16)).containsExactly(pcm);
    }
}
