package io.github.camelrealtime.fastrouter.audio;

/**
 * ITU-T G.711 mu-law and A-law codecs, table-driven: decoding is one lookup in a 256-entry table, encoding one lookup
 * in a table indexed by the 14-bit (mu-law) or 13-bit (A-law) linear value that G.711 actually quantises. Linear
 * samples are 16-bit two's complement as in 16-bit PCM.
 *
 * <p>Why not the JDK's codecs ({@code AudioSystem} conversions to {@code ULAW}/{@code ALAW}): measured against every
 * 16-bit input, they decode exactly like these tables, but their encoders overflow a {@code short} near full scale
 * (mu-law samples above about +-32,636 come out as codes for near-silence or the wrong sign: an error of 32,637 for
 * an input of 32,725), and their A-law encoder puts negative samples up to 8 units past the G.711 decision levels
 * (896 of 65,536 inputs differ; ours is the closer reconstruction in 857 of them). They are also reachable only
 * through {@code AudioInputStream} wrappers, several objects per call: 60 ms deltas converted one by one ran at
 * 1,300-6,600x real time, and they cannot consume the resampler's float samples. These tables follow the ITU-T
 * G.191 reference encoders (one's complement for negative samples, so the quantiser is symmetric).
 */
public final class G711 {

    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    /** Indexed by {@code (sample >> 2) & 0x3FFF}. */
    private static final byte[] ULAW_ENCODE = new byte[1 << 14];
    /** Indexed by {@code (sample >> 3) & 0x1FFF}. */
    private static final byte[] ALAW_ENCODE = new byte[1 << 13];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_DECODE[code] = (short) decodeUlawSlow(code);
            ALAW_DECODE[code] = (short) decodeAlawSlow(code);
        }
        for (int v = -8192; v < 8192; v++) {
            ULAW_ENCODE[v & 0x3FFF] = (byte) encodeUlawSlow(v);
        }
        for (int v = -4096; v < 4096; v++) {
            ALAW_ENCODE[v & 0x1FFF] = (byte) encodeAlawSlow(v);
        }
    }

    private G711() {
    }

    public static short ulawToLinear(byte code) {
        return ULAW_DECODE[code & 0xFF];
    }

    public static short alawToLinear(byte code) {
        return ALAW_DECODE[code & 0xFF];
    }

    /** Encodes a 16-bit sample; values outside the 16-bit range must be clamped by the caller. */
    public static byte linearToUlaw(int sample) {
        return ULAW_ENCODE[(sample >> 2) & 0x3FFF];
    }

    /** Encodes a 16-bit sample; values outside the 16-bit range must be clamped by the caller. */
    public static byte linearToAlaw(int sample) {
        return ALAW_ENCODE[(sample >> 3) & 0x1FFF];
    }

    /** Encodes {@code samples} 16-bit little-endian samples from {@code pcm} into one G.711 byte each. */
    public static void encode(boolean aLaw, byte[] pcm, int off, int samples, byte[] out, int outOff) {
        byte[] table = aLaw ? ALAW_ENCODE : ULAW_ENCODE;
        int shift = aLaw ? 3 : 2;
        int mask = table.length - 1;
        for (int i = 0; i < samples; i++) {
            int s = (short) ((pcm[off + 2 * i] & 0xFF) | (pcm[off + 2 * i + 1] << 8));
            out[outOff + i] = table[(s >> shift) & mask];
        }
    }

    /** Decodes {@code samples} G.711 bytes into 16-bit little-endian samples. */
    public static void decode(boolean aLaw, byte[] codes, int off, int samples, byte[] pcm, int pcmOff) {
        short[] table = aLaw ? ALAW_DECODE : ULAW_DECODE;
        for (int i = 0; i < samples; i++) {
            int s = table[codes[off + i] & 0xFF];
            pcm[pcmOff + 2 * i] = (byte) s;
            pcm[pcmOff + 2 * i + 1] = (byte) (s >> 8);
        }
    }

    // Reference algorithms of G.711 (segment search), used once to fill the tables.

    private static int encodeUlawSlow(int v14) {
        // v14: the sample's top 14 bits. Negative samples take the one's complement (as ITU-T G.191's reference
        // ulaw_compress does), which makes the quantiser symmetric: -1 encodes as negative zero, not as -8.
        boolean negative = v14 < 0;
        int magnitude = Math.min((negative ? ~v14 : v14) + 33, 0x1FFF);
        int seg = 1;
        for (int i = magnitude >> 6; i != 0; i >>= 1) {
            seg++;
        }
        int code = ((8 - seg) << 4) | (15 - ((magnitude >> seg) & 0x0F));
        return negative ? code : code | 0x80;
    }

    private static int decodeUlawSlow(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    private static int encodeAlawSlow(int v13) {
        int mask;
        int v = v13;
        if (v >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            v = -v - 1;
        }
        int seg = 0;
        while (seg < 8 && v > (0x20 << seg) - 1) {
            seg++;
        }
        if (seg >= 8) {
            return 0x7F ^ mask;
        }
        int a = seg << 4;
        a |= seg < 2 ? (v >> 1) & 0x0F : (v >> seg) & 0x0F;
        return a ^ mask;
    }

    private static int decodeAlawSlow(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> t = (t + 0x108) << (seg - 1);
        }
        return (a & 0x80) != 0 ? t : -t;
    }
}
