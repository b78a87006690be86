package io.github.camelrealtime.fastrouter.audio;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One-shot conversions of complete audio held in memory, e.g. a reply in pcm16 24 kHz to mu-law 8 kHz for a phone
 * bridge. For a stream that arrives in pieces (response deltas) use {@link AudioStreamConverter}; for files and long
 * streams use {@link AudioInput}.
 */
public final class AudioConverter {

    private AudioConverter() {
    }

    /** Converts raw audio from one session format to another; returns a copy when the formats are the same. */
    public static byte[] convert(byte[] raw, AudioFormat from, AudioFormat to) {
        return convert(raw, 0, raw.length, from, to);
    }

    public static byte[] convert(byte[] raw, int off, int len, AudioFormat from, AudioFormat to) {
        Objects.checkFromIndexSize(off, len, raw.length);
        if (from == to) {
            return Arrays.copyOfRange(raw, off, off + len - len % from.bytesPerSample());
        }
        AudioStreamConverter converter = new AudioStreamConverter(from, to);
        byte[] out = new byte[converter.maxOutputBytes(len) + converter.maxFlushBytes()];
        int n = converter.convert(raw, off, len, out, 0);
        n += converter.flush(out, n);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * Converts WAV bytes (any supported WAV) or raw audio in {@code rawFormat} to {@code target}.
     *
     * @param rawFormat the format of non-WAV input; null when the data must be WAV
     */
    public static byte[] toFormat(byte[] wavOrRaw, AudioFormat rawFormat, AudioFormat target) throws AudioFormatException {
        try (AudioInput input = AudioInput.open(wavOrRaw, rawFormat, target)) {
            return input.readAll();
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array failed", e);
        }
    }
}
