package io.github.camelrealtime.fastrouter.audio;

/**
 * The streaming core shared by {@link AudioInput} and {@link AudioStreamConverter}: source bytes (any
 * {@link SampleEncoding}, any channel count and rate) to bytes of a session {@link AudioFormat}. Decodes to mono
 * floats, resamples when the rates differ, encodes with rounding and clipping. Works slice by slice with buffers
 * allocated once, keeps a partial frame across calls, and copies bytes unchanged when source and target already
 * agree (bit-exact pass-through).
 */
final class ConversionPipeline {

    static final int SLICE_FRAMES = 4096;

    private final SampleEncoding encoding;
    private final int channels;
    private final int frameBytes;
    private final AudioFormat target;
    private final boolean passThrough;
    private final Resampler resampler;
    private final float[] decoded;
    private final float[] resampled;
    private final byte[] partial;
    private int partialLength;

    ConversionPipeline(SampleEncoding encoding, int channels, int sampleRate, AudioFormat target) {
        this.encoding = encoding;
        this.channels = channels;
        this.frameBytes = encoding.bytes * channels;
        this.target = target;
        this.passThrough = channels == 1 && sampleRate == target.sampleRate() && encoding == SampleEncoding.of(target);
        this.resampler = passThrough || sampleRate == target.sampleRate() ? null : Resampler.create(sampleRate, target.sampleRate());
        this.decoded = passThrough ? null : new float[SLICE_FRAMES];
        this.resampled = resampler == null ? null
                : new float[Math.max(resampler.maxOutput(SLICE_FRAMES), resampler.maxFlushOutput())];
        this.partial = new byte[frameBytes];
    }

    int frameBytes() {
        return frameBytes;
    }

    /** An upper bound of the bytes one {@link #convert} call with {@code inputBytes} bytes writes. */
    int maxOutputBytes(int inputBytes) {
        int frames = (int) (((long) inputBytes + partialLength) / frameBytes);
        int samples = resampler == null ? frames : resampler.maxOutput(frames);
        return samples * target.bytesPerSample();
    }

    /** An upper bound of the bytes {@link #flush} writes. */
    int maxFlushBytes() {
        return resampler == null ? 0 : resampler.maxFlushOutput() * target.bytesPerSample();
    }

    /** Converts {@code len} bytes (need not be whole frames) and returns the number of bytes written to {@code out}. */
    int convert(byte[] in, int off, int len, byte[] out, int outOff) {
        int written = 0;
        int pos = off;
        int end = off + len;
        if (partialLength > 0) {
            int n = Math.min(frameBytes - partialLength, len);
            System.arraycopy(in, pos, partial, partialLength, n);
            partialLength += n;
            pos += n;
            if (partialLength < frameBytes) {
                return 0;
            }
            partialLength = 0;
            written += convertFrames(partial, 0, 1, out, outOff);
        }
        int frames = (end - pos) / frameBytes;
        while (frames > 0) {
            int n = Math.min(frames, SLICE_FRAMES);
            written += convertFrames(in, pos, n, out, outOff + written);
            pos += n * frameBytes;
            frames -= n;
        }
        partialLength = end - pos;
        System.arraycopy(in, pos, partial, 0, partialLength);
        return written;
    }

    /** Ends the stream: writes what the resampler held back; a trailing partial frame is dropped. Resets for reuse. */
    int flush(byte[] out, int outOff) {
        partialLength = 0;
        if (resampler == null) {
            return 0;
        }
        int n = resampler.flush(resampled, 0);
        return encode(resampled, n, out, outOff);
    }

    private int convertFrames(byte[] in, int off, int frames, byte[] out, int outOff) {
        if (passThrough) {
            int bytes = frames * frameBytes;
            System.arraycopy(in, off, out, outOff, bytes);
            return bytes;
        }
        encoding.decode(in, off, frames, channels, decoded, 0);
        if (resampler == null) {
            return encode(decoded, frames, out, outOff);
        }
        int n = resampler.process(decoded, 0, frames, resampled, 0);
        return encode(resampled, n, out, outOff);
    }

    private int encode(float[] samples, int n, byte[] out, int outOff) {
        switch (target) {
            case PCM16 -> {
                for (int i = 0; i < n; i++) {
                    int v = clamp(Math.round(samples[i]));
                    out[outOff + 2 * i] = (byte) v;
                    out[outOff + 2 * i + 1] = (byte) (v >> 8);
                }
                return 2 * n;
            }
            case G711_ULAW -> {
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = G711.linearToUlaw(clamp(Math.round(samples[i])));
                }
                return n;
            }
            case G711_ALAW -> {
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = G711.linearToAlaw(clamp(Math.round(samples[i])));
                }
                return n;
            }
            default -> throw new IllegalStateException(target.name());
        }
    }

    private static int clamp(int v) {
        return v > Short.MAX_VALUE ? Short.MAX_VALUE : v < Short.MIN_VALUE ? Short.MIN_VALUE : v;
    }
}
