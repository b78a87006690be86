package io.github.camelrealtime.fastrouter.audio;

import java.util.Locale;

/**
 * The three audio formats a Realtime session speaks: 16-bit PCM at 24 kHz and G.711 mu-law or A-law at 8 kHz, all
 * mono. Knows both spellings of each name (beta {@code pcm16}, GA {@code audio/pcm}) and the exact arithmetic between
 * bytes, samples and time: pcm16 is 48 bytes per millisecond, G.711 is 8.
 */
public enum AudioFormat {

    /** 16-bit signed little-endian PCM, 24 kHz, mono. */
    PCM16("pcm16", "audio/pcm", 24_000, 2),
    /** G.711 mu-law, 8 kHz, mono, one byte per sample. */
    G711_ULAW("g711_ulaw", "audio/pcmu", 8_000, 1),
    /** G.711 A-law, 8 kHz, mono, one byte per sample. */
    G711_ALAW("g711_alaw", "audio/pcma", 8_000, 1);

    private final String wireName;
    private final String gaName;
    private final int sampleRate;
    private final int bytesPerSample;

    AudioFormat(String wireName, String gaName, int sampleRate, int bytesPerSample) {
        this.wireName = wireName;
        this.gaName = gaName;
        this.sampleRate = sampleRate;
        this.bytesPerSample = bytesPerSample;
    }

    /** The beta (and endpoint option) name: {@code pcm16}, {@code g711_ulaw}, {@code g711_alaw}. */
    public String wireName() {
        return wireName;
    }

    /** The GA media type: {@code audio/pcm}, {@code audio/pcmu}, {@code audio/pcma}. */
    public String gaName() {
        return gaName;
    }

    /**
     * The format named by a beta name, a GA media type or the enum constant's name, case-insensitive.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static AudioFormat fromName(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (AudioFormat f : values()) {
                if (n.equals(f.wireName) || n.equals(f.gaName) || n.equals(f.name().toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            AudioFormat alias = switch (n) { // plain names people write
                case "pcm", "pcm_s16le", "s16le" -> PCM16;
                case "ulaw", "mulaw", "mu-law", "pcmu" -> G711_ULAW;
                case "alaw", "a-law", "pcma" -> G711_ALAW;
                default -> null;
            };
            if (alias != null) {
                return alias;
            }
        }
        throw new IllegalArgumentException("Unknown audio format '" + name
                + "'; use pcm16 (audio/pcm), g711_ulaw (audio/pcmu) or g711_alaw (audio/pcma)");
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }

    public int bytesPerSecond() {
        return sampleRate * bytesPerSample;
    }

    /** Bytes per millisecond: 48 for pcm16, 8 for G.711 (always whole samples). */
    public int bytesPerMillisecond() {
        return bytesPerSecond() / 1000;
    }

    /** Whole milliseconds of audio in {@code bytes} (rounded down). */
    public long bytesToMillis(long bytes) {
        return bytes / bytesPerMillisecond();
    }

    /** Exact duration of {@code bytes} in milliseconds. */
    public double bytesToMillisExact(long bytes) {
        return bytes / (double) bytesPerMillisecond();
    }

    /** Exact duration of {@code bytes} in nanoseconds (rounded down to a nanosecond; no overflow for any long). */
    public long bytesToNanos(long bytes) {
        long bps = bytesPerSecond();
        return (bytes / bps) * 1_000_000_000L + (bytes % bps) * 1_000_000_000L / bps;
    }

    /** Bytes in {@code ms} milliseconds; always whole samples because every format has whole samples per millisecond. */
    public int bytesForMillis(int ms) {
        return Math.multiplyExact(ms, bytesPerMillisecond());
    }

    /** Number of whole samples in {@code bytes}. */
    public long samples(long bytes) {
        return bytes / bytesPerSample;
    }

    /** The {@code javax.sound.sampled} description of this format, for interoperating with the JDK sound API. */
    public javax.sound.sampled.AudioFormat toJavaSound() {
        return switch (this) {
            case PCM16 -> new javax.sound.sampled.AudioFormat(sampleRate, 16, 1, true, false);
            case G711_ULAW -> new javax.sound.sampled.AudioFormat(javax.sound.sampled.AudioFormat.Encoding.ULAW,
                    sampleRate, 8, 1, 1, sampleRate, false);
            case G711_ALAW -> new javax.sound.sampled.AudioFormat(javax.sound.sampled.AudioFormat.Encoding.ALAW,
                    sampleRate, 8, 1, 1, sampleRate, false);
        };
    }
}
