package io.github.camelrealtime.fastrouter.audio;

/**
 * Chunk sizes for sending audio as {@code input_audio_buffer.append} events. Every session format has a whole number
 * of samples per millisecond (24 for pcm16, 8 for G.711), so a chunk of whole milliseconds never splits a sample and
 * is exactly that long; only the last chunk of a stream is shorter.
 */
public final class AudioChunker {

    /** The server accepts at most 15 MiB of audio per append event. */
    public static final int MAX_CHUNK_BYTES = 15 * 1024 * 1024;

    private AudioChunker() {
    }

    /**
     * Bytes in a chunk of {@code chunkMillis} milliseconds of {@code format}.
     *
     * @throws IllegalArgumentException when chunkMillis is not positive or the chunk would exceed 15 MiB
     */
    public static int chunkBytes(AudioFormat format, int chunkMillis) {
        if (chunkMillis <= 0) {
            throw new IllegalArgumentException("chunkMillis must be positive, got " + chunkMillis);
        }
        long bytes = (long) chunkMillis * format.bytesPerMillisecond();
        if (bytes > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunkMillis " + chunkMillis + " makes " + bytes + " bytes of "
                    + format.wireName() + " per append, over the 15 MiB limit");
        }
        return (int) bytes;
    }

    /** How many chunks of {@code chunkBytes} carry {@code totalBytes} (the last one possibly shorter). */
    public static long chunkCount(long totalBytes, int chunkBytes) {
        return (totalBytes + chunkBytes - 1) / chunkBytes;
    }
}
