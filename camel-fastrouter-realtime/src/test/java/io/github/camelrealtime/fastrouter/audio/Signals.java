package io.github.camelrealtime.fastrouter.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test signals and measurements: sines, the speech samples, Goertzel power, SNR, alignment lag, a reference low-pass. */
final class Signals {

    private Signals() {
    }

    static float[] sine(double hz, int rate, double seconds, double amplitude) {
        int n = (int) Math.round(rate * seconds);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** 16-bit little-endian PCM of {@code x} (rounded, clipped), with {@code channels} identical channels. */
    static byte[] pcm16(float[] x, int channels) {
        byte[] b = new byte[x.length * 2 * channels];
        for (int i = 0; i < x.length; i++) {
            int v = Math.max(-32768, Math.min(32767, Math.round(x[i])));
            for (int c = 0; c < channels; c++) {
                b[(i * channels + c) * 2] = (byte) v;
                b[(i * channels + c) * 2 + 1] = (byte) (v >> 8);
            }
        }
        return b;
    }

    static float[] fromPcm16(byte[] b) {
        float[] x = new float[b.length / 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) ((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8));
        }
        return x;
    }

    /** Mono 16-bit samples of a test resource WAV (read with the JDK, independent of the code under test). */
    static float[] speech(String resource) {
        try (InputStream in = Signals.class.getResourceAsStream("/audio/" + resource)) {
            javax.sound.sampled.AudioInputStream ais = javax.sound.sampled.AudioSystem.getAudioInputStream(
                    new java.io.BufferedInputStream(in));
            int channels = ais.getFormat().getChannels();
            float[] interleaved = fromPcm16(ais.readAllBytes());
            float[] mono = new float[interleaved.length / channels];
            for (int i = 0; i < mono.length; i++) {
                mono[i] = interleaved[i * channels];
            }
            return mono;
        } catch (IOException | javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /** Power of {@code x} at {@code hz} (Goertzel); only compared between frequencies or signals. */
    static double goertzel(float[] x, int from, int to, double hz, int rate) {
        double w = 2 * Math.PI * hz / rate;
        double c = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s = x[i] + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }

    /** The frequency with the most power between lowHz and highHz in steps of stepHz. */
    static double peakFrequency(float[] x, int from, int to, int rate, double lowHz, double highHz, double stepHz) {
        double best = lowHz;
        double bestPower = -1;
        for (double f = lowHz; f <= highHz; f += stepHz) {
            double p = goertzel(x, from, to, f, rate);
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        return best;
    }

    static double rms(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /** SNR in dB of {@code actual} against {@code reference} over [from, to), both at the same rate, same timing. */
    static double snr(float[] reference, float[] actual, int from, int to) {
        double signal = 0;
        double noise = 0;
        for (int i = from; i < to; i++) {
            double d = actual[i] - reference[i];
            signal += (double) reference[i] * reference[i];
            noise += d * d;
        }
        return 10 * Math.log10(signal / noise);
    }

    /** The lag (actual shifted by lag matches reference) in [-maxLag, maxLag] with the highest cross-correlation. */
    static int bestLag(float[] reference, float[] actual, int maxLag) {
        int best = 0;
        double bestCorrelation = Double.NEGATIVE_INFINITY;
        for (int lag = -maxLag; lag <= maxLag; lag++) {
            double sum = 0;
            for (int i = maxLag; i < reference.length - maxLag && i + lag < actual.length; i++) {
                sum += (double) reference[i] * actual[i + lag];
            }
            if (sum > bestCorrelation) {
                bestCorrelation = sum;
                best = lag;
            }
        }
        return best;
    }

    /** A linear-phase (zero-delay) Blackman-windowed sinc low-pass, for band-limiting test signals. */
    static float[] lowPass(float[] x, int rate, double cutoffHz, int halfTaps) {
        double fc = cutoffHz / rate;
        double[] h = new double[2 * halfTaps + 1];
        double sum = 0;
        for (int k = -halfTaps; k <= halfTaps; k++) {
            double sinc = k == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * k) / (Math.PI * k);
            double n = (double) (k + halfTaps) / (2 * halfTaps);
            double w = 0.42 - 0.5 * Math.cos(2 * Math.PI * n) + 0.08 * Math.cos(4 * Math.PI * n);
            h[k + halfTaps] = sinc * w;
            sum += h[k + halfTaps];
        }
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double acc = 0;
            for (int k = -halfTaps; k <= halfTaps; k++) {
                int j = i - k;
                if (j >= 0 && j < x.length) {
                    acc += h[k + halfTaps] / sum * x[j];
                }
            }
            y[i] = (float) acc;
        }
        return y;
    }

    /** Scales {@code x} so its peak is {@code peak}. */
    static float[] normalise(float[] x, double peak) {
        double max = 0;
        for (float v : x) {
            max = Math.max(max, Math.abs(v));
        }
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] * peak / max);
        }
        return y;
    }
}
