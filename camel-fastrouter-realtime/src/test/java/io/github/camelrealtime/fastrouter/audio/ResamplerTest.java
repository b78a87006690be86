package io.github.camelrealtime.fastrouter.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    static float[] resampleWhole(float[] x, int from, int to) {
        Resampler r = Resampler.create(from, to);
        float[] out = new float[r.maxOutput(x.length) + r.maxFlushOutput()];
        int n = r.process(x, 0, x.length, out, 0);
        n += r.flush(out, n);
        return Arrays.copyOf(out, n);
    }

    /** Ideal sine at the output rate, same amplitude and phase as the input (the resampler has no delay). */
    private static float[] ideal(double hz, int rate, int n, double amplitude) {
        return Arrays.copyOf(Signals.sine(hz, rate, (double) n / rate + 1, amplitude), n);
    }

    @Test
    void sine1kHzFrom44k1To24kKeepsFrequencyAndSnrOver40dB() {
        float[] in = Signals.sine(1000, 44_100, 1.0, 16_000);
        float[] out = resampleWhole(in, 44_100, 24_000);

        assertThat(out).hasSize(24_000);
        assertThat(Signals.peakFrequency(out, 0, out.length, 24_000, 900, 1100, 1)).isEqualTo(1000.0);
        float[] reference = ideal(1000, 24_000, out.length, 16_000);
        int edge = 100; // the first and last few ms see the zeros outside the signal
        double snr = Signals.snr(reference, out, edge, out.length - edge);
        assertThat(snr).isGreaterThanOrEqualTo(40.0);
        assertThat(snr).as("measured SNR").isGreaterThan(80.0);
    }

    @Test
    void tone10kHzFrom48kTo8kIsAttenuatedBy40dBOrMore() {
        float[] in = Signals.sine(10_000, 48_000, 1.0, 16_000);
        float[] out = resampleWhole(in, 48_000, 8_000);

        assertThat(out).hasSize(8_000);
        int edge = 200;
        double attenuation = 20 * Math.log10(Signals.rms(in, 0, in.length) / Signals.rms(out, edge, out.length - edge));
        assertThat(attenuation).isGreaterThanOrEqualTo(40.0);
        assertThat(attenuation).as("measured attenuation").isGreaterThan(80.0);
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz, {2} Hz tone")
    @CsvSource({
        "44100, 24000, 1000", "44100, 24000, 9000", "48000, 24000, 10000", "16000, 24000, 3000", "8000, 24000, 3400",
        "24000, 8000, 3400", "48000, 8000, 3000", "22050, 8000, 440", "11025, 24000, 2000", "44101, 24000, 1000",
        "7999, 8000, 3000", "96000, 24000, 5000"
    })
    void passbandTonesComeThroughCleanAndInTime(int from, int to, int hz) {
        float[] in = Signals.sine(hz, from, 0.5, 16_000);
        float[] out = resampleWhole(in, from, to);

        assertThat(out.length).isEqualTo((int) Math.ceil((double) in.length * to / from));
        int edge = to / 50;
        double snr = Signals.snr(ideal(hz, to, out.length, 16_000), out, edge, out.length - edge);
        assertThat(snr).isGreaterThan(60.0);
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz, {2} Hz tone")
    @CsvSource({"24000, 8000, 6000", "44100, 24000, 16000", "48000, 8000, 20000", "16000, 8000, 5000", "44101, 8000, 7000"})
    void stopbandTonesDoNotAlias(int from, int to, int hz) {
        float[] in = Signals.sine(hz, from, 0.5, 16_000);
        float[] out = resampleWhole(in, from, to);

        int edge = to / 50;
        double attenuation = 20 * Math.log10(Signals.rms(in, 0, in.length) / Signals.rms(out, edge, out.length - edge));
        assertThat(attenuation).isGreaterThan(70.0);
    }

    @Test
    void streamingInRandomPiecesEqualsWholeConversion() {
        Random random = new Random(42);
        float[] in = new float[30_000];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (random.nextGaussian() * 3000);
        }
        for (int[] rates : new int[][] {{44_100, 24_000}, {8_000, 24_000}, {24_000, 8_000}, {44_101, 24_000}}) {
            float[] whole = resampleWhole(in, rates[0], rates[1]);
            Resampler r = Resampler.create(rates[0], rates[1]);
            float[] pieces = new float[whole.length + 16];
            int n = 0;
            int pos = 0;
            while (pos < in.length) {
                int len = Math.min(in.length - pos, random.nextInt(5000));
                float[] out = new float[r.maxOutput(len)];
                int k = r.process(in, pos, len, out, 0);
                System.arraycopy(out, 0, pieces, n, k);
                n += k;
                pos += len;
            }
            float[] tail = new float[r.maxFlushOutput()];
            int k = r.flush(tail, 0);
            System.arraycopy(tail, 0, pieces, n, k);
            n += k;
            assertThat(Arrays.copyOf(pieces, n)).as("%d -> %d", rates[0], rates[1]).containsExactly(whole);
        }
    }

    @Test
    void outputIsTimeAlignedWithInput() {
        float[] speech = Signals.speech("speech-16k-mono.wav");
        float[] at24k = resampleWhole(speech, 16_000, 24_000);
        float[] back = resampleWhole(at24k, 24_000, 16_000);

        assertThat(back).hasSize(speech.length);
        assertThat(Signals.bestLag(speech, back, 20)).isZero();
    }

    @Test
    void reusableAfterFlushAndFilterBanksAreShared() {
        float[] in = Signals.sine(1000, 44_100, 0.2, 10_000);
        Resampler r = Resampler.create(44_100, 24_000);
        float[] first = new float[r.maxOutput(in.length) + r.maxFlushOutput()];
        int n1 = r.process(in, 0, in.length, first, 0);
        n1 += r.flush(first, n1);
        float[] second = new float[first.length];
        int n2 = r.process(in, 0, in.length, second, 0);
        n2 += r.flush(second, n2);

        assertThat(Arrays.copyOf(second, n2)).containsExactly(Arrays.copyOf(first, n1));
        assertThat(PolyphaseFilter.forRates(44_100, 24_000)).isSameAs(PolyphaseFilter.forRates(44_100, 24_000));
        assertThat(r.lookaheadSamples()).isEqualTo(r.taps() / 2);
    }

    @Test
    void emptyStreamGivesNothing() {
        Resampler r = Resampler.create(44_100, 24_000);
        assertThat(r.flush(new float[r.maxFlushOutput()], 0)).isZero();
    }
}
