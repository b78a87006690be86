package io.github.camelrealtime.fastrouter.audio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads audio of any supported kind and yields it in a target session format, chunk by chunk, never loading a long
 * stream whole. A source starting with a RIFF/WAVE header is read as WAV (PCM 8/16/24/32-bit, float 32/64-bit, G.711;
 * any rate; any channel count, downmixed to mono); anything else is raw audio in the given raw format. Conversion
 * streams through fixed buffers (about 16 KiB of input at a time), so a ten-hour stream needs no more memory than a
 * ten-second one.
 *
 * <p>Not thread-safe. {@link #close()} closes the underlying stream.
 */
public final class AudioInput implements Closeable {

    private static final int READ_BYTES = 16 * 1024;

    private final InputStream in;
    private final String source;
    private final AudioFormat target;
    private final int sourceSampleRate;
    private final int sourceChannels;
    private final ConversionPipeline pipeline;
    private final byte[] readBuffer = new byte[READ_BYTES];
    private final byte[] converted;
    private long remainingInput;
    private int convertedPos;
    private int convertedLimit;
    private boolean inputDone;
    private boolean flushed;

    private AudioInput(InputStream in, String source, SampleEncoding encoding, int channels, int sampleRate,
                       long inputLength, AudioFormat target) {
        this.in = in;
        this.source = source;
        this.target = target;
        this.sourceSampleRate = sampleRate;
        this.sourceChannels = channels;
        this.pipeline = new ConversionPipeline(encoding, channels, sampleRate, target);
        this.converted = new byte[Math.max(pipeline.maxOutputBytes(READ_BYTES + pipeline.frameBytes()),
                pipeline.maxFlushBytes())];
        this.remainingInput = inputLength < 0 ? Long.MAX_VALUE : inputLength;
    }

    /**
     * Opens a stream: WAV when it starts with a RIFF/WAVE header, else raw audio in {@code rawFormat}. Reads the WAV
     * header now; audio is read as chunks are asked for. On failure the stream is left open for the caller to close.
     *
     * @param rawFormat the format of non-WAV input; null when only WAV is acceptable
     * @throws AudioFormatException for WAV that cannot be decoded, a known non-WAV container (Ogg, FLAC, MP3, AIFF...),
     *                              or non-WAV input without a raw format
     */
    public static AudioInput open(InputStream in, AudioFormat rawFormat, AudioFormat target) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(target, "target");
        byte[] head = new byte[12];
        int n = in.readNBytes(head, 0, head.length);
        if (WavFiles.isWav(head, n) || WavFiles.startsWithRiff(head, n) && n < head.length) {
            WavHeader wav = WavFiles.readHeader(head, n, in);
            return new AudioInput(in, wav.describe(), wav.encoding(), wav.channels(), wav.sampleRate(), wav.dataLength(),
                    target);
        }
        String container = WavFiles.identifyContainer(head, n);
        if (container != null) {
            throw new AudioFormatException("Unsupported audio: found " + container + "; give WAV (" + WavFiles.SUPPORTED
                    + ") or raw " + (rawFormat == null ? "session audio" : rawFormat.wireName()));
        }
        if (rawFormat == null) {
            throw new AudioFormatException("Not a WAV file: starts with " + WavFiles.describeBytes(head, n)
                    + ", and no raw audio format was given");
        }
        InputStream all = new SequenceInputStream(new ByteArrayInputStream(head, 0, n), in);
        return new AudioInput(all, "raw " + rawFormat.wireName() + " " + rawFormat.sampleRate() + " Hz mono",
                SampleEncoding.of(rawFormat), 1, rawFormat.sampleRate(), -1, target);
    }

    /** Opens audio held in memory: WAV bytes, or raw audio in {@code rawFormat}. */
    public static AudioInput open(byte[] data, AudioFormat rawFormat, AudioFormat target) throws AudioFormatException {
        try {
            return open(new ByteArrayInputStream(data), rawFormat, target);
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array failed", e);
        }
    }

    /** Opens a file: WAV, or raw audio in {@code rawFormat}. The file stays open until {@link #close()}. */
    public static AudioInput open(Path path, AudioFormat rawFormat, AudioFormat target) throws IOException {
        InputStream in = Files.newInputStream(path);
        try {
            return open(in, rawFormat, target);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Fills {@code buf} with up to {@code chunkBytes} bytes of converted audio (rounded down to whole target samples),
     * blocking until that much is available or the source ends: every chunk but the last is full.
     *
     * @return the number of bytes written to {@code buf}, or -1 at the end
     */
    public int readChunk(byte[] buf, int chunkBytes) throws IOException {
        int want = Math.min(chunkBytes, buf.length);
        want -= want % target.bytesPerSample();
        if (want <= 0) {
            throw new IllegalArgumentException("chunkBytes " + chunkBytes + " (buffer " + buf.length
                    + ") holds no whole " + target.wireName() + " sample");
        }
        int n = 0;
        while (n < want) {
            if (convertedPos == convertedLimit && !refill()) {
                break;
            }
            int k = Math.min(want - n, convertedLimit - convertedPos);
            System.arraycopy(converted, convertedPos, buf, n, k);
            convertedPos += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }

    /** Reads all remaining audio into one array; for inputs known to be small. */
    public byte[] readAll() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[converted.length];
        int n;
        while ((n = readChunk(buf, buf.length)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** What is being read, e.g. {@code "WAV PCM 16-bit 44100 Hz stereo"} or {@code "raw g711_ulaw 8000 Hz mono"}. */
    public String describeSource() {
        return source;
    }

    public AudioFormat target() {
        return target;
    }

    public int sourceSampleRate() {
        return sourceSampleRate;
    }

    public int sourceChannels() {
        return sourceChannels;
    }

    /** Capacity of the internal buffers in bytes (they never grow). */
    int bufferedCapacity() {
        return readBuffer.length + converted.length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Converts the next piece of input into {@code converted}; false when nothing more will come. */
    private boolean refill() throws IOException {
        convertedPos = 0;
        convertedLimit = 0;
        if (flushed) {
            return false;
        }
        if (inputDone) {
            convertedLimit = pipeline.flush(converted, 0);
            flushed = true;
            return true;
        }
        int r = in.read(readBuffer, 0, (int) Math.min(READ_BYTES, remainingInput));
        if (r < 0) {
            inputDone = true; // a data chunk shorter than declared ends here too
            return true;
        }
        remainingInput -= r;
        if (remainingInput == 0) {
            inputDone = true;
        }
        convertedLimit = pipeline.convert(readBuffer, 0, r, converted, 0);
        return true;
    }
}
