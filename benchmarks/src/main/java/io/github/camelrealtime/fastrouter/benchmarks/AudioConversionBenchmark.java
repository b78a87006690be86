package io.github.camelrealtime.fastrouter.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.AudioInput;
import io.github.camelrealtime.fastrouter.audio.AudioStreamConverter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Audio conversion throughput, one operation = {@value #AUDIO_MILLIS} ms of audio, on one thread:
 * <ul>
 * <li>{@code wavToPcm16}: a 44.1 kHz stereo 16-bit WAV read through {@link AudioInput} into 100 ms pcm16 24 kHz chunks,
 *     the path of a WAV body sent by the producer (header parsing, downmix, anti-aliased resampling, encoding);</li>
 * <li>{@code pcm16ToUlaw}: pcm16 24 kHz converted to G.711 mu-law 8 kHz by an {@link AudioStreamConverter} in 100 ms
 *     pieces, the path of reply deltas going to a phone line.</li>
 * </ul>
 * {@link CpuCounters} turns each into audio seconds per CPU second (the real-time factor per core).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AudioConversionBenchmark {

    /** Audio per benchmark operation. */
    public static final int AUDIO_MILLIS = 10_000;
    private static final int CHUNK_MILLIS = 100;

    private byte[] wav44kStereo;
    private byte[] pcm16;
    private byte[] chunk;
    private byte[] ulaw;
    private int pieceBytes;

    @Setup
    public void setUp() {
        wav44kStereo = SyntheticAudio.wav(AUDIO_MILLIS, 44_100, 2);
        pcm16 = SyntheticAudio.pcm16(AUDIO_MILLIS);
        chunk = new byte[AudioFormat.PCM16.bytesForMillis(CHUNK_MILLIS)];
        pieceBytes = AudioFormat.PCM16.bytesForMillis(CHUNK_MILLIS);
        AudioStreamConverter sizing = new AudioStreamConverter(AudioFormat.PCM16, AudioFormat.G711_ULAW);
        ulaw = new byte[Math.max(sizing.maxOutputBytes(pieceBytes), sizing.maxFlushBytes())];
    }

    @Benchmark
    public long wavToPcm16(CpuCounters counters) throws IOException {
        long start = counters.start();
        long bytes = 0;
        try (AudioInput input = AudioInput.open(wav44kStereo, null, AudioFormat.PCM16)) {
            int n;
            while ((n = input.readChunk(chunk, chunk.length)) > 0) {
                bytes += n;
            }
        }
        counters.stop(start, AUDIO_MILLIS);
        return bytes;
    }

    @Benchmark
    public long pcm16ToUlaw(CpuCounters counters) {
        long start = counters.start();
        AudioStreamConverter converter = new AudioStreamConverter(AudioFormat.PCM16, AudioFormat.G711_ULAW);
        long bytes = 0;
        for (int off = 0; off < pcm16.length; off += pieceBytes) {
            bytes += converter.convert(pcm16, off, Math.min(pieceBytes, pcm16.length - off), ulaw, 0);
        }
        bytes += converter.flush(ulaw, 0);
        counters.stop(start, AUDIO_MILLIS);
        return bytes;
    }
}
