package io.github.camelrealtime.fastrouter.audio;

import java.util.Arrays;

/**
 * A streaming sample-rate converter for mono float samples: rational-ratio polyphase FIR with a Kaiser-windowed sinc
 * (see {@link PolyphaseFilter} for the filter design). State is carried across calls, so a stream converted in pieces
 * of any size gives exactly the samples of converting it whole, and memory stays bounded whatever the stream length.
 *
 * <p>The filter is applied centred on each output instant, so output sample {@code n} is the input signal at time
 * {@code n / toRate}: no group delay, the output is time-aligned with the input. The price is a look-ahead of half the
 * filter ({@link #lookaheadSamples()} input samples, 2.6 ms for 24 kHz to 8 kHz) that {@link #flush} releases at the
 * end of a stream. A stream of {@code N} input samples yields exactly {@code ceil(N * toRate / fromRate)} outputs.
 *
 * <p>Why not the JDK: {@code AudioSystem} converts between rates with linear interpolation and no low-pass at all
 * (a 10 kHz tone through 48 kHz to 8 kHz came out at 0 dB, fully aliased to 2 kHz). Its undocumented
 * {@code "interpolation"="sinc"} format property does filter, but measured 35-40x real time (the target is 500x), a
 * 6.8 dB droop at 3 kHz for 48 kHz to 8 kHz, 28.7 dB SNR for 8 kHz to 24 kHz, extra samples at the end, and it works
 * only on whole {@code AudioInputStream}s, not on per-delta pieces of one stream.
 *
 * <p>Not thread-safe; one instance per stream.
 */
public final class Resampler {

    /** Input samples taken into the history buffer per step; bounds the buffer at {@code taps + BLOCK}. */
    private static final int BLOCK = 2048;

    private final PolyphaseFilter filter;
    private final float[] coefficients;
    private final int taps;
    private final int stepWhole;
    private final int stepFraction;
    private final float[] history;
    private int fill;
    /** Index in {@code history} of the first input sample under the filter for the next output. */
    private int start;
    /** Phase of the next output, in units of 1/up input samples, 0 <= phase < up. */
    private int phase;

    private Resampler(PolyphaseFilter filter) {
        this.filter = filter;
        this.coefficients = filter.coefficients;
        this.taps = filter.taps;
        this.stepWhole = filter.down / filter.up;
        this.stepFraction = filter.down % filter.up;
        this.history = new float[taps + BLOCK];
        reset();
    }

    /** A resampler from {@code fromRate} to {@code toRate} Hz; the filter bank is shared and built only once per pair. */
    public static Resampler create(int fromRate, int toRate) {
        return new Resampler(PolyphaseFilter.forRates(fromRate, toRate));
    }

    public int fromRate() {
        return filter.fromRate;
    }

    public int toRate() {
        return filter.toRate;
    }

    /** Taps per output sample (the cost of one output in multiply-adds, twice that for ratios over 1024 phases). */
    public int taps() {
        return taps;
    }

    /** Input samples held back until more input or {@link #flush} arrives. */
    public int lookaheadSamples() {
        return taps / 2;
    }

    /** The most output samples one {@link #process} call with {@code inputSamples} samples can produce. */
    public int maxOutput(int inputSamples) {
        return (int) ((long) inputSamples * filter.up / filter.down) + 2;
    }

    /** The most output samples {@link #flush} can produce. */
    public int maxFlushOutput() {
        return maxOutput(taps / 2);
    }

    /** Forgets the stream: the next sample is time zero of a new stream. */
    public void reset() {
        Arrays.fill(history, 0f);
        fill = taps / 2 - 1; // the zeros "before" time zero that the first outputs' filters reach back to
        start = 0;
        phase = 0;
    }

    /**
     * Resamples {@code len} samples of {@code in} and writes the outputs now complete into {@code out}
     * (room for {@link #maxOutput}{@code (len)} needed).
     *
     * @return the number of samples written
     */
    public int process(float[] in, int off, int len, float[] out, int outOff) {
        int written = 0;
        int done = 0;
        while (done < len) {
            int n = Math.min(len - done, history.length - fill);
            System.arraycopy(in, off + done, history, fill, n);
            fill += n;
            done += n;
            written += drain(out, outOff + written);
        }
        return written;
    }

    /**
     * Ends the stream: releases the held-back outputs (room for {@link #maxFlushOutput()} needed) and resets, so the
     * instance can convert another stream.
     *
     * @return the number of samples written
     */
    public int flush(float[] out, int outOff) {
        int written = 0;
        int zeros = taps / 2;
        while (zeros > 0) {
            int n = Math.min(zeros, history.length - fill);
            Arrays.fill(history, fill, fill + n, 0f);
            fill += n;
            zeros -= n;
            written += drain(out, outOff + written);
        }
        reset();
        return written;
    }

    /** Computes every output whose filter window is inside the history, then moves the still-needed tail to the front. */
    private int drain(float[] out, int outOff) {
        float[] h = history;
        float[] c = coefficients;
        int k = taps;
        int up = filter.up;
        int written = 0;
        int s = start;
        int p = phase;
        if (!filter.interpolated) {
            while (s + k <= fill) {
                out[outOff + written++] = dot(h, s, c, p * k, k);
                s += stepWhole;
                p += stepFraction;
                if (p >= up) {
                    p -= up;
                    s++;
                }
            }
        } else {
            int rows = filter.rows;
            while (s + k <= fill) {
                long scaled = (long) p * rows;
                int row = (int) (scaled / up);
                float frac = (float) (scaled - (long) row * up) / up;
                float a = dot(h, s, c, row * k, k);
                float b = dot(h, s, c, (row + 1) * k, k);
                out[outOff + written++] = a + (b - a) * frac;
                s += stepWhole;
                p += stepFraction;
                if (p >= up) {
                    p -= up;
                    s++;
                }
            }
        }
        int keep = fill - s;
        System.arraycopy(h, s, h, 0, keep);
        fill = keep;
        start = 0;
        phase = p;
        return written;
    }

    private static float dot(float[] x, int xOff, float[] c, int cOff, int n) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        for (int i = 0; i < n; i += 4) {
            a0 += x[xOff + i] * c[cOff + i];
            a1 += x[xOff + i + 1] * c[cOff + i + 1];
            a2 += x[xOff + i + 2] * c[cOff + i + 2];
            a3 += x[xOff + i + 3] * c[cOff + i + 3];
        }
        return (a0 + a1) + (a2 + a3);
    }
}
