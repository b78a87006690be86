package io.github.camelrealtime.examples.voicefile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Reads the length of WAV audio from its header, for the demo's report. */
final class WavDurations {

    private WavDurations() {
    }

    /** The length of a WAV file, or null when it is not a WAV the JDK can read. */
    static Duration of(Path wav) {
        try {
            return length(AudioSystem.getAudioFileFormat(wav.toFile()));
        } catch (UnsupportedAudioFileException | IOException e) {
            return null;
        }
    }

    /** The length of WAV bytes, or null when they are not a WAV the JDK can read. */
    static Duration of(byte[] wav) {
        try {
            return length(AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav)));
        } catch (UnsupportedAudioFileException | IOException e) {
            return null;
        }
    }

    private static Duration length(AudioFileFormat format) {
        long frames = format.getFrameLength();
        float rate = format.getFormat().getFrameRate();
        if (frames == AudioSystem.NOT_SPECIFIED || rate <= 0) {
            return null;
        }
        return Duration.ofNanos(Math.round(frames * 1_000_000_000d / rate));
    }

    /** {@code 2.00 s}, or {@code ? s} when unknown. */
    static String format(Duration length) {
        return length == null ? "? s" : String.format(java.util.Locale.ROOT, "%.2f s", length.toMillis() / 1000d);
    }
}
