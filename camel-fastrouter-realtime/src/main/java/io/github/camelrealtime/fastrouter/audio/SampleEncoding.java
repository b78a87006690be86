package io.github.camelrealtime.fastrouter.audio;

/**
 * How one sample is stored in a source: the encodings a WAV file or a raw stream may carry. Decoding yields mono
 * floats on the 16-bit scale (full scale is +-32768), channels averaged.
 */
enum SampleEncoding {
    PCM_U8(1, "PCM 8-bit"),
    PCM_S16(2, "PCM 16-bit"),
    PCM_S24(3, "PCM 24-bit"),
    PCM_S32(4, "PCM 32-bit"),
    FLOAT32(4, "IEEE float 32-bit"),
    FLOAT64(8, "IEEE float 64-bit"),
    ULAW(1, "G.711 mu-law"),
    ALAW(1, "G.711 A-law");

    final int bytes;
    final String label;

    SampleEncoding(int bytes, String label) {
        this.bytes = bytes;
        this.label = label;
    }

    /** The encoding of a session format's samples. */
    static SampleEncoding of(AudioFormat format) {
        return switch (format) {
            case PCM16 -> PCM_S16;
            case G711_ULAW -> ULAW;
            case G711_ALAW -> ALAW;
        };
    }

    /**
     * Decodes {@code frames} interleaved frames of {@code channels} samples from {@code src} into mono samples.
     */
    void decode(byte[] src, int off, int frames, int channels, float[] dst, int dstOff) {
        if (this == PCM_S16 && channels <= 2) {
            decode16(src, off, frames, channels, dst, dstOff);
            return;
        }
        float scale = 1f / channels;
        int p = off;
        for (int f = 0; f < frames; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(src, p);
                p += bytes;
            }
            dst[dstOff + f] = sum * scale;
        }
    }

    private static void decode16(byte[] src, int off, int frames, int channels, float[] dst, int dstOff) {
        if (channels == 1) {
            for (int f = 0; f < frames; f++) {
                int p = off + 2 * f;
                dst[dstOff + f] = (short) ((src[p] & 0xFF) | (src[p + 1] << 8));
            }
        } else {
            for (int f = 0; f < frames; f++) {
                int p = off + 4 * f;
                int l = (short) ((src[p] & 0xFF) | (src[p + 1] << 8));
                int r = (short) ((src[p + 2] & 0xFF) | (src[p + 3] << 8));
                dst[dstOff + f] = (l + r) * 0.5f;
            }
        }
    }

    private float sample(byte[] b, int p) {
        return switch (this) {
            case PCM_U8 -> ((b[p] & 0xFF) - 128) * 256f;
            case PCM_S16 -> (short) ((b[p] & 0xFF) | (b[p + 1] << 8));
            case PCM_S24 -> ((b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | (b[p + 2] << 16)) * (1f / 256);
            case PCM_S32 -> int32(b, p) * (1f / 65536);
            case FLOAT32 -> Float.intBitsToFloat(int32(b, p)) * 32768f;
            case FLOAT64 -> (float) (Double.longBitsToDouble((int32(b, p) & 0xFFFFFFFFL) | ((long) int32(b, p + 4) << 32)) * 32768);
            case ULAW -> G711.ulawToLinear(b[p]);
            case ALAW -> G711.alawToLinear(b[p]);
        };
    }

    private static int int32(byte[] b, int p) {
        return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | ((b[p + 2] & 0xFF) << 16) | (b[p + 3] << 24);
    }
}
