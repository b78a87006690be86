package io.github.camelrealtime.fastrouter.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Converts one stream of session audio piece by piece, e.g. the {@code response.output_audio.delta}s of one response
 * from pcm16 24 kHz to mu-law 8 kHz for a phone bridge. Resampler state and a partial sample carry over from one
 * piece to the next, so the concatenated outputs equal converting the whole stream at once; {@link #flush()} at the end
 * of the stream releases the last few milliseconds the resampler holds back (under 3 ms between 24 kHz and 8 kHz).
 *
 * <p>Use one instance per stream (per response); it is not thread-safe. Creating one is cheap: filter tables are
 * shared. The {@code (in, off, len, out, outOff)} variants allocate nothing.
 */
public final class AudioStreamConverter {

    private final AudioFormat from;
    private final AudioFormat to;
    private final ConversionPipeline pipeline;

    public AudioStreamConverter(AudioFormat from, AudioFormat to) {
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.pipeline = new ConversionPipeline(SampleEncoding.of(from), 1, from.sampleRate(), to);
    }

    public AudioFormat from() {
        return from;
    }

    public AudioFormat to() {
        return to;
    }

    /** Converts the next piece of the stream; the result may be empty while a partial sample or look-ahead is pending. */
    public byte[] convert(byte[] in, int off, int len) {
        Objects.checkFromIndexSize(off, len, in.length);
        byte[] out = new byte[pipeline.maxOutputBytes(len)];
        int n = pipeline.convert(in, off, len, out, 0);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    public byte[] convert(byte[] in) {
        return convert(in, 0, in.length);
    }

    /**
     * Converts the next piece into {@code out} at {@code outOff}, which needs room for
     * {@link #maxOutputBytes}{@code (len)} bytes.
     *
     * @return the number of bytes written
     */
    public int convert(byte[] in, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, pipeline.maxOutputBytes(len), out.length);
        return pipeline.convert(in, off, len, out, outOff);
    }

    /** Room {@link #convert(byte[], int, int, byte[], int)} needs for {@code inputBytes} input bytes. */
    public int maxOutputBytes(int inputBytes) {
        return pipeline.maxOutputBytes(inputBytes);
    }

    /** Ends the stream and returns its last bytes; the converter is then ready for a new stream. */
    public byte[] flush() {
        byte[] out = new byte[pipeline.maxFlushBytes()];
        int n = pipeline.flush(out, 0);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Ends the stream, writing its last bytes into {@code out} (room for {@link #maxFlushBytes()} needed). */
    public int flush(byte[] out, int outOff) {
        Objects.checkFromIndexSize(outOff, pipeline.maxFlushBytes(), out.length);
        return pipeline.flush(out, outOff);
    }

    public int maxFlushBytes() {
        return pipeline.maxFlushBytes();
    }
}
