package io.github.camelrealtime.fastrouter.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioChunkerTest {

    @ParameterizedTest(name = "{1} ms of {0} = {2} bytes")
    @CsvSource({"PCM16, 100, 4800", "PCM16, 20, 960", "PCM16, 1, 48", "G711_ULAW, 20, 160", "G711_ALAW, 100, 800",
        "G711_ULAW, 1, 8"})
    void chunksAreWholeMillisecondsOfWholeSamples(AudioFormat format, int millis, int bytes) {
        assertThat(AudioChunker.chunkBytes(format, millis)).isEqualTo(bytes);
        assertThat(bytes % format.bytesPerSample()).isZero();
        assertThat(format.bytesToMillisExact(bytes)).isEqualTo(millis);
    }

    @Test
    void rejectsNonPositiveAndOversizedChunks() {
        assertThatThrownBy(() -> AudioChunker.chunkBytes(AudioFormat.PCM16, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> AudioChunker.chunkBytes(AudioFormat.PCM16, 400_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15 MiB");
        assertThat(AudioChunker.chunkBytes(AudioFormat.G711_ULAW, 1_966_080)).isEqualTo(AudioChunker.MAX_CHUNK_BYTES);
    }

    @Test
    void countsChunksWithAShorterLast() {
        assertThat(AudioChunker.chunkCount(48_000, 4_800)).isEqualTo(10);
        assertThat(AudioChunker.chunkCount(48_002, 4_800)).isEqualTo(11);
        assertThat(AudioChunker.chunkCount(0, 4_800)).isZero();
    }
}
