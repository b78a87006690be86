package io.github.camelrealtime.fastrouter.test;

import java.util.Locale;

/**
 * The three audio formats of the Realtime protocol, with their beta names ({@code pcm16}, {@code g711_ulaw},
 * {@code g711_alaw}) and GA format types ({@code audio/pcm} at 24 kHz, {@code audio/pcmu}, {@code audio/pcma}).
 */
public enum SimulatorAudioFormat {
    /** 16-bit signed little-endian mono PCM at 24 kHz. */
    PCM16("pcm16", "audio/pcm", 24000, 2),
    /** G.711 mu-law at 8 kHz. */
    G711_ULAW("g711_ulaw", "audio/pcmu", 8000, 1),
    /** G.711 A-law at 8 kHz. */
    G711_ALAW("g711_alaw", "audio/pcma", 8000, 1);

    private final String betaName;
    private final String gaType;
    private final int sampleRate;
    private final int bytesPerSample;

    SimulatorAudioFormat(String betaName, String gaType, int sampleRate, int bytesPerSample) {
        this.betaName = betaName;
        this.gaType = gaType;
        this.sampleRate = sampleRate;
        this.bytesPerSample = bytesPerSample;
    }

    public String betaName() {
        return betaName;
    }

    public String gaType() {
        return gaType;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** Bytes of one millisecond of audio: 48 for pcm16, 8 for G.711. */
    public int bytesPerMillisecond() {
        return sampleRate / 1000 * bytesPerSample;
    }

    /** Milliseconds of audio in {@code byteCount} bytes. */
    public double millis(long byteCount) {
        return byteCount / (double) bytesPerMillisecond();
    }

    /** The format for a beta name; null when unknown. */
    public static SimulatorAudioFormat fromBetaName(String name) {
        for (SimulatorAudioFormat f : values()) {
            if (f.betaName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The format for a GA format type ({@code audio/pcm}, {@code audio/pcmu}, {@code audio/pcma}); null when unknown. */
    public static SimulatorAudioFormat fromGaType(String type) {
        if (type == null) {
            return null;
        }
        for (SimulatorAudioFormat f : values()) {
            if (f.gaType.equals(type.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }
}
