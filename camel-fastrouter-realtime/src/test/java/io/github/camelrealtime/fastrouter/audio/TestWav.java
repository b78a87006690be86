package io.github.camelrealtime.fastrouter.audio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds WAV files of any shape for tests, including the odd and broken ones real files come as. */
final class TestWav {

    static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00,
        0x38, (byte) 0x9B, 0x71};

    int tag = 1;
    int channels = 1;
    int rate = 24_000;
    int bits = 16;
    int blockAlign = -1;
    boolean extensible;
    int subTag = 1;
    boolean standardGuid = true;
    String riff = "RIFF";
    long dataSizeField = -1;
    byte[] data = new byte[0];
    final ByteArrayOutputStream beforeFmt = new ByteArrayOutputStream();
    final ByteArrayOutputStream beforeData = new ByteArrayOutputStream();
    final ByteArrayOutputStream afterData = new ByteArrayOutputStream();

    static TestWav pcm(int channels, int rate, int bits, byte[] data) {
        TestWav w = new TestWav();
        w.channels = channels;
        w.rate = rate;
        w.bits = bits;
        w.data = data;
        return w;
    }

    TestWav tag(int formatTag) {
        this.tag = formatTag;
        return this;
    }

    TestWav extensible(int subFormatTag) {
        this.extensible = true;
        this.subTag = subFormatTag;
        return this;
    }

    /** Adds a chunk (with its pad byte when odd) to {@code where}. */
    static void chunk(ByteArrayOutputStream where, String id, byte[] body) {
        where.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        where.writeBytes(le32(body.length));
        where.writeBytes(body);
        if ((body.length & 1) != 0) {
            where.write(0);
        }
    }

    byte[] build() {
        ByteArrayOutputStream fmt = new ByteArrayOutputStream();
        int align = blockAlign >= 0 ? blockAlign : channels * ((bits + 7) / 8);
        fmt.writeBytes(le16(extensible ? 0xFFFE : tag));
        fmt.writeBytes(le16(channels));
        fmt.writeBytes(le32(rate));
        fmt.writeBytes(le32((long) rate * align));
        fmt.writeBytes(le16(align));
        fmt.writeBytes(le16(bits));
        if (extensible) {
            fmt.writeBytes(le16(22));
            fmt.writeBytes(le16(bits));
            fmt.writeBytes(le32(channels == 2 ? 3 : 4));
            fmt.writeBytes(le16(subTag));
            byte[] tail = GUID_TAIL.clone();
            if (!standardGuid) {
                tail[13] ^= 0x5A;
            }
            fmt.writeBytes(tail);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(beforeFmt.toByteArray());
        chunk(body, "fmt ", fmt.toByteArray());
        body.writeBytes(beforeData.toByteArray());
        body.writeBytes("data".getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(le32(dataSizeField >= 0 ? dataSizeField : data.length));
        body.writeBytes(data);
        if ((data.length & 1) != 0) {
            body.write(0);
        }
        body.writeBytes(afterData.toByteArray());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(riff.getBytes(StandardCharsets.ISO_8859_1));
        file.writeBytes(le32(dataSizeField == 0xFFFFFFFFL ? 0xFFFFFFFFL : body.size()));
        file.writeBytes(body.toByteArray());
        return file.toByteArray();
    }

    static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    /** Encodes mono samples (16-bit scale) as {@code channels} identical channels in the given encoding. */
    static byte[] encode(float[] x, SampleEncoding encoding, int channels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (float v : x) {
            for (int c = 0; c < channels; c++) {
                switch (encoding) {
                    case PCM_U8 -> out.write(Math.round(v / 256f) + 128);
                    case PCM_S16 -> out.writeBytes(le16(Math.round(v)));
                    case PCM_S24 -> out.writeBytes(java.util.Arrays.copyOf(le32(Math.round(v * 256f)), 3));
                    case PCM_S32 -> out.writeBytes(le32(Math.round(v * 65536.0)));
                    case FLOAT32 -> out.writeBytes(le32(Float.floatToIntBits(v / 32768f)));
                    case FLOAT64 -> {
                        long bits = Double.doubleToLongBits(v / 32768.0);
                        out.writeBytes(le32(bits));
                        out.writeBytes(le32(bits >>> 32));
                    }
                    case ULAW -> out.write(G711.linearToUlaw(Math.round(v)));
                    case ALAW -> out.write(G711.linearToAlaw(Math.round(v)));
                    default -> throw new IllegalArgumentException(encoding.name());
                }
            }
        }
        return out.toByteArray();
    }
}
