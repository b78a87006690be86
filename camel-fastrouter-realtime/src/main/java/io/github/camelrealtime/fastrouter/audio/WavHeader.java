package io.github.camelrealtime.fastrouter.audio;

/**
 * What the header of a WAV stream says about its audio, as read by {@link WavFiles#readHeader}: the sample encoding
 * (for {@code WAVE_FORMAT_EXTENSIBLE} the sub-format's tag), channels, rate, and how many bytes of audio follow.
 *
 * @param formatTag     1 PCM, 3 IEEE float, 6 A-law, 7 mu-law (the sub-format for extensible files)
 * @param extensible    whether the file used {@code WAVE_FORMAT_EXTENSIBLE} (0xFFFE)
 * @param bitsPerSample the container size of one sample in bits
 * @param blockAlign    bytes per frame (one sample of every channel)
 * @param dataLength    bytes of audio in the data chunk, or -1 when unknown (a stream: size 0 or 0xFFFFFFFF)
 */
public record WavHeader(int formatTag, boolean extensible, int channels, int sampleRate, int bitsPerSample,
                        int blockAlign, long dataLength) {

    static final int TAG_PCM = 0x0001;
    static final int TAG_FLOAT = 0x0003;
    static final int TAG_ALAW = 0x0006;
    static final int TAG_ULAW = 0x0007;
    static final int TAG_EXTENSIBLE = 0xFFFE;

    /** Whether the data chunk declares its length (otherwise the audio runs to the end of the stream). */
    public boolean dataLengthKnown() {
        return dataLength >= 0;
    }

    /** A human description, e.g. {@code "WAV PCM 16-bit 44100 Hz stereo"}. */
    public String describe() {
        String encoding = formatTag == TAG_PCM ? "PCM " + bitsPerSample + "-bit" : encoding().label;
        return "WAV " + encoding + " " + sampleRate + " Hz " + channelsName(channels);
    }

    SampleEncoding encoding() {
        return switch (formatTag) {
            case TAG_PCM -> switch ((bitsPerSample + 7) / 8) {
                case 1 -> SampleEncoding.PCM_U8;
                case 2 -> SampleEncoding.PCM_S16;
                case 3 -> SampleEncoding.PCM_S24;
                default -> SampleEncoding.PCM_S32;
            };
            case TAG_FLOAT -> bitsPerSample == 64 ? SampleEncoding.FLOAT64 : SampleEncoding.FLOAT32;
            case TAG_ALAW -> SampleEncoding.ALAW;
            case TAG_ULAW -> SampleEncoding.ULAW;
            default -> throw new IllegalStateException("unsupported tag " + formatTag);
        };
    }

    static String channelsName(int channels) {
        return switch (channels) {
            case 1 -> "mono";
            case 2 -> "stereo";
            default -> channels + " channels";
        };
    }
}
