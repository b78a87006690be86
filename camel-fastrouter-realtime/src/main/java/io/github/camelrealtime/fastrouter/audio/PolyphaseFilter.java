package io.github.camelrealtime.fastrouter.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The immutable coefficient bank of a rational-ratio polyphase resampler from one sample rate to another: a
 * Kaiser-windowed sinc low-pass, cut off at half the lower of the two rates, split into one row of taps per output
 * phase. Banks are built once per pair of rates and shared by every {@link Resampler}, so creating a resampler per
 * response costs no table building.
 *
 * <p>Design: passband to 0.43 and stopband from 0.57 of the lower rate, 90 dB stopband. This is the telephone
 * trade-off of ITU-T G.712 (flat to 3.4 kHz, rejection from 4.6 kHz at 8 kHz): energy can only alias into the
 * transition band above 3.44 kHz (10.3 kHz at 24 kHz), never into the speech band, and the filter stays short
 * (about 41 taps at the lower rate) so conversion runs far faster than real time.
 */
final class PolyphaseFilter {

    static final double PASSBAND_EDGE = 0.43;
    static final double STOPBAND_EDGE = 0.57;
    static final double STOPBAND_ATTENUATION_DB = 90;
    /** Ratios needing more phases than this interpolate linearly between this many rows instead of storing them all. */
    static final int MAX_EXACT_PHASES = 1024;
    private static final int INTERPOLATED_ROWS = 512;
    private static final int MAX_CACHED_BANKS = 64;
    private static final Map<Long, PolyphaseFilter> CACHE = new ConcurrentHashMap<>();

    final int fromRate;
    final int toRate;
    /** Output step in input samples is {@code down / up} (the reduced ratio fromRate / toRate). */
    final int up;
    final int down;
    /** Taps per row, a multiple of 4; row r, tap k weighs input sample {@code i0 - taps/2 + 1 + k}. */
    final int taps;
    /** Rows of coefficients: {@code up} when exact, else {@link #INTERPOLATED_ROWS} (plus one extra row). */
    final int rows;
    final boolean interpolated;
    final float[] coefficients;

    private PolyphaseFilter(int fromRate, int toRate) {
        this.fromRate = fromRate;
        this.toRate = toRate;
        int g = gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;
        this.interpolated = up > MAX_EXACT_PHASES;
        this.rows = interpolated ? INTERPOLATED_ROWS : up;

        double lowRate = Math.min(fromRate, toRate);
        double cutoff = 0.5 * lowRate / fromRate; // cycles per input sample
        double lowRateTaps = (STOPBAND_ATTENUATION_DB - 7.95) / (14.36 * (STOPBAND_EDGE - PASSBAND_EDGE));
        double halfWidth = lowRateTaps / 2 * fromRate / lowRate; // in input samples
        int k = 2 * (int) Math.ceil(halfWidth);
        this.taps = (k + 3) & ~3;
        double beta = 0.1102 * (STOPBAND_ATTENUATION_DB - 8.7);
        double window = taps / 2.0;
        double i0Beta = besselI0(beta);

        int storedRows = interpolated ? rows + 1 : rows;
        this.coefficients = new float[storedRows * taps];
        double[] row = new double[taps];
        for (int r = 0; r < storedRows; r++) {
            double frac = (double) r / rows;
            double sum = 0;
            for (int t = 0; t < taps; t++) {
                double x = t - (taps / 2 - 1) - frac;
                double u = x / window;
                double w = Math.abs(u) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - u * u)) / i0Beta;
                double arg = 2 * cutoff * x;
                double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
                row[t] = 2 * cutoff * sinc * w;
                sum += row[t];
            }
            for (int t = 0; t < taps; t++) {
                coefficients[r * taps + t] = (float) (row[t] / sum); // unity gain at DC in every phase
            }
        }
    }

    static PolyphaseFilter forRates(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("Sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        Long key = ((long) fromRate << 32) | toRate;
        PolyphaseFilter bank = CACHE.get(key);
        if (bank == null) {
            bank = new PolyphaseFilter(fromRate, toRate);
            if (CACHE.size() < MAX_CACHED_BANKS) {
                CACHE.putIfAbsent(key, bank);
            }
        }
        return bank;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 100; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
