package io.github.camelrealtime.fastrouter.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Deterministic test audio for the benchmarks: a two-tone signal (so nothing compresses it into a special case) as
 * raw pcm16 24 kHz mono, and the same kind of signal as a 44.1 kHz stereo 16-bit WAV file, the usual shape of a
 * recording a route picks up from disk.
 */
public final class SyntheticAudio {

    private static final int PCM16_RATE = 24_000;
    private static final int WAV_HEADER_BYTES = 44;

    private SyntheticAudio() {
    }

    /** {@code millis} of pcm16 24 kHz mono, 16-bit little-endian. */
    public static byte[] pcm16(int millis) {
        int samples = PCM16_RATE / 1000 * millis;
        ByteBuffer out = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            out.putShort(sample(i, PCM16_RATE, 0));
        }
        return out.array();
    }

    /** A WAV file of {@code millis} of PCM 16-bit at {@code sampleRate} with {@code channels} interleaved channels. */
    public static byte[] wav(int millis, int sampleRate, int channels) {
        int frames = (int) ((long) sampleRate * millis / 1000);
        int dataBytes = frames * channels * 2;
        ByteBuffer out = ByteBuffer.allocate(WAV_HEADER_BYTES + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"));
        out.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        out.put(ascii("data")).putInt(dataBytes);
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                out.putShort(sample(i, sampleRate, c));
            }
        }
        return out.array();
    }

    /** 300 Hz and 1.1 kHz at about -12 dBFS together; each channel slightly phase-shifted. */
    private static short sample(int index, int sampleRate, int channel) {
        double t = (double) index / sampleRate;
        double phase = channel * 0.3;
        double v = 0.15 * Math.sin(2 * Math.PI * 300 * t + phase) + 0.1 * Math.sin(2 * Math.PI * 1100 * t + phase);
        return (short) Math.round(v * Short.MAX_VALUE);
    }

    private static byte[] ascii(String fourCc) {
        return fourCc.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
