package io.github.camelrealtime.fastrouter.audio;

import java.util.Objects;

/**
 * A piece of audio that knows its format: what a route holds between a phone line, a file and a session. Converts to
 * any session format and to WAV; the Camel type converters turn it into WAV bytes or a stream and back.
 *
 * @param data raw samples in {@code format} (not copied: treat as read-only)
 */
public record AudioClip(AudioFormat format, byte[] data) {

    public AudioClip {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(data, "data");
        if (data.length % format.bytesPerSample() != 0) {
            throw new IllegalArgumentException(format.wireName() + " audio must be whole samples, not " + data.length + " bytes");
        }
    }

    /** WAV of any supported kind, converted to {@code target} (G.711 WAV to a G.711 target stays as it is). */
    public static AudioClip fromWav(byte[] wav, AudioFormat target) throws AudioFormatException {
        if (!WavFiles.isWav(wav)) {
            throw new AudioFormatException("Not a WAV file: it does not start with a RIFF/WAVE header");
        }
        return new AudioClip(target, AudioConverter.toFormat(wav, null, target));
    }

    public AudioClip convertTo(AudioFormat target) {
        return target == format ? this : new AudioClip(target, AudioConverter.convert(data, format, target));
    }

    public byte[] toWav() {
        return WavFiles.toWav(data, format);
    }

    public long durationMillis() {
        return format.bytesToMillis(data.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioClip other && other.format == format && java.util.Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * format.hashCode() + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AudioClip[" + format.wireName() + ", " + durationMillis() + " ms]";
    }
}
