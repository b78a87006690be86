package io.github.camelrealtime.fastrouter.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioInputTest {

    private static List<Integer> chunkLengths(AudioInput in, int chunkBytes, ByteArrayOutputStream all) throws IOException {
        List<Integer> lengths = new ArrayList<>();
        byte[] buf = new byte[chunkBytes];
        int n;
        while ((n = in.readChunk(buf, chunkBytes)) > 0) {
            lengths.add(n);
            all.write(buf, 0, n);
        }
        return lengths;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = AudioInputTest.class.getResourceAsStream("/audio/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0} in {1} ms chunks")
    @CsvSource({"PCM16, 100, 100000", "PCM16, 20, 4801", "PCM16, 7, 3", "G711_ULAW, 20, 12345", "G711_ALAW, 100, 800"})
    void rawSameFormatPassesThroughInExactChunksWithAShorterLast(AudioFormat format, int chunkMillis, int length)
            throws IOException {
        byte[] raw = new byte[length];
        new Random(7).nextBytes(raw);
        int chunkBytes = AudioChunker.chunkBytes(format, chunkMillis);

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<Integer> lengths;
        try (AudioInput in = AudioInput.open(raw, format, format)) {
            lengths = chunkLengths(in, chunkBytes, all);
            assertThat(in.describeSource()).isEqualTo("raw " + format.wireName() + " " + format.sampleRate() + " Hz mono");
        }

        int whole = length - length % format.bytesPerSample(); // a dangling half sample is dropped
        assertThat(all.toByteArray()).containsExactly(java.util.Arrays.copyOf(raw, whole));
        assertThat(lengths).hasSize((int) AudioChunker.chunkCount(whole, chunkBytes));
        for (int i = 0; i < lengths.size() - 1; i++) {
            assertThat(lengths.get(i)).isEqualTo(chunkBytes);
        }
        int last = lengths.get(lengths.size() - 1);
        assertThat(last).isPositive().isLessThanOrEqualTo(chunkBytes);
        assertThat(last % format.bytesPerSample()).isZero();
    }

    @Test
    void convertedChunksAreExactToo() throws IOException {
        byte[] wav = resource("speech-44k1-stereo.wav");
        int chunkBytes = AudioChunker.chunkBytes(AudioFormat.G711_ULAW, 30);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<Integer> lengths;
        try (AudioInput in = AudioInput.open(wav, AudioFormat.PCM16, AudioFormat.G711_ULAW)) {
            lengths = chunkLengths(in, chunkBytes, all);
        }
        assertThat(lengths.subList(0, lengths.size() - 1)).allMatch(n -> n == chunkBytes);
        assertThat(lengths.get(lengths.size() - 1)).isBetween(1, chunkBytes);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"speech-16k-mono.wav, 16000, 1, WAV PCM 16-bit 16000 Hz mono",
        "speech-44k1-stereo.wav, 44100, 2, WAV PCM 16-bit 44100 Hz stereo"})
    void speechSamplesConvertWithTheRightDuration(String name, int rate, int channels, String description) throws IOException {
        byte[] wav = resource(name);
        long frames = WavFiles.readHeader(new java.io.ByteArrayInputStream(wav)).dataLength() / (2L * channels);

        for (AudioFormat target : AudioFormat.values()) {
            try (AudioInput in = AudioInput.open(wav, null, target)) {
                assertThat(in.describeSource()).isEqualTo(description);
                assertThat(in.sourceSampleRate()).isEqualTo(rate);
                long samples = in.readAll().length / target.bytesPerSample();
                assertThat(samples).isEqualTo((long) Math.ceil((double) frames * target.sampleRate() / rate));
            }
        }
    }

    @Test
    void bothSpeechSamplesGiveTheSameAudio() throws IOException {
        float[] from16k = Signals.fromPcm16(AudioConverter.toFormat(resource("speech-16k-mono.wav"), null, AudioFormat.PCM16));
        float[] from44k = Signals.fromPcm16(AudioConverter.toFormat(resource("speech-44k1-stereo.wav"), null, AudioFormat.PCM16));
        // the 44.1 kHz file was made from the 16 kHz one by sox: two independent resamplers must agree
        int n = Math.min(from16k.length, from44k.length);
        assertThat(Math.abs(from16k.length - from44k.length)).isLessThanOrEqualTo(1);
        assertThat(Signals.snr(from16k, from44k, 0, n)).isGreaterThan(30.0);
    }

    @Test
    void tenMinuteStreamConvertsWithBoundedMemory() throws IOException {
        long frames = 10L * 60 * 44_100;
        GeneratedWavStream source = new GeneratedWavStream(frames);
        long total = 0;
        long checksum = 0;
        try (AudioInput in = AudioInput.open(source, null, AudioFormat.PCM16)) {
            assertThat(in.describeSource()).isEqualTo("WAV PCM 16-bit 44100 Hz stereo");
            assertThat(in.bufferedCapacity()).isLessThan(128 * 1024);
            byte[] chunk = new byte[AudioChunker.chunkBytes(AudioFormat.PCM16, 100)];
            int n;
            while ((n = in.readChunk(chunk, chunk.length)) > 0) {
                total += n;
                checksum += chunk[n - 1];
            }
            assertThat(in.bufferedCapacity()).isLessThan(128 * 1024);
        }
        assertThat(source.delivered).isEqualTo(44 + frames * 4);
        assertThat(source.largestRead).isLessThanOrEqualTo(16 * 1024);
        assertThat(total).isEqualTo(10L * 60 * 24_000 * 2);
        assertThat(checksum).isNotZero();
    }

    @Test
    void opensFilesAndClosesThem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.wav");
        Files.write(file, resource("speech-16k-mono.wav"));
        try (AudioInput in = AudioInput.open(file, null, AudioFormat.G711_ALAW)) {
            assertThat(in.readAll()).hasSizeGreaterThan(8_000);
        }
        Path raw = dir.resolve("a.ulaw");
        Files.write(raw, new byte[] {1, 2, 3, 4, 5});
        try (AudioInput in = AudioInput.open(raw, AudioFormat.G711_ULAW, AudioFormat.G711_ULAW)) {
            assertThat(in.readAll()).containsExactly(1, 2, 3, 4, 5);
        }
        Files.write(raw, "fLaC and more".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> AudioInput.open(raw, AudioFormat.G711_ULAW, AudioFormat.PCM16))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("FLAC audio");
    }

    @Test
    void chunkSizesAreRoundedToWholeSamples() throws IOException {
        try (AudioInput in = AudioInput.open(new byte[100], AudioFormat.PCM16, AudioFormat.PCM16)) {
            byte[] buf = new byte[64];
            assertThat(in.readChunk(buf, 33)).isEqualTo(32);
            assertThatThrownBy(() -> in.readChunk(buf, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no whole pcm16 sample");
            assertThat(in.readChunk(buf, 64)).isEqualTo(64);
            assertThat(in.readChunk(buf, 64)).isEqualTo(4);
            assertThat(in.readChunk(buf, 64)).isEqualTo(-1);
        }
    }

    @Test
    void rawInputIsConvertedToTheTarget() throws IOException {
        byte[] pcm = Signals.pcm16(Signals.sine(1000, 24_000, 0.5, 10_000), 1);
        byte[] expected = AudioConverter.convert(pcm, AudioFormat.PCM16, AudioFormat.G711_ULAW);
        try (AudioInput in = AudioInput.open(pcm, AudioFormat.PCM16, AudioFormat.G711_ULAW)) {
            assertThat(in.readAll()).containsExactly(expected);
        }
    }

    /** A WAV stream (44.1 kHz stereo, streaming sizes) generated on the fly: never held in memory. */
    private static final class GeneratedWavStream extends InputStream {
        /** One period of a 441 Hz tone at 44.1 kHz, as little-endian stereo frames. */
        private static final byte[] PERIOD = Signals.pcm16(Signals.sine(441, 44_100, 100 / 44_100.0, 12_000), 2);
        private final byte[] header;
        private final long totalBytes;
        long delivered;
        int largestRead;

        GeneratedWavStream(long frames) {
            TestWav wav = TestWav.pcm(2, 44_100, 16, new byte[0]);
            wav.dataSizeField = 0xFFFFFFFFL;
            this.header = wav.build();
            this.totalBytes = header.length + frames * 4;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (delivered >= totalBytes) {
                return -1;
            }
            largestRead = Math.max(largestRead, len);
            int n = (int) Math.min(len, totalBytes - delivered);
            for (int i = 0; i < n; i++) {
                long p = delivered + i;
                if (p < header.length) {
                    b[off + i] = header[(int) p];
                } else {
                    b[off + i] = PERIOD[(int) ((p - header.length) % PERIOD.length)];
                }
            }
            delivered += n;
            return n;
        }
    }
}
