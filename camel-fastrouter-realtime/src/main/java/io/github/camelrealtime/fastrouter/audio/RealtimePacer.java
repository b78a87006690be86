package io.github.camelrealtime.fastrouter.audio;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Tells when each chunk of a stream is due so that audio goes out at real-time speed, as a live microphone would
 * send it (for feeding server VAD from a file). Due times are computed from the start time and the exact duration of
 * all audio before the chunk, never by sleeping a chunk's length after each send, so delays in sending do not add
 * up: a late chunk is followed by ones due sooner. Nothing blocks; the caller schedules each send after
 * {@link #nextDelayNanos} (e.g. on a {@code ScheduledExecutorService}).
 *
 * <p>Chunk {@code n} is due at {@code start + duration(chunks 0..n-1)}: the first at once, the last one chunk before
 * the end; {@link #nanosUntilEnd()} tells when the audio sent would have finished playing. Not thread-safe: one pacer
 * per stream, used by one sender at a time.
 */
public final class RealtimePacer {

    private final AudioFormat format;
    private final LongSupplier nanoClock;
    private long startNanos;
    private boolean started;
    private long bytesScheduled;

    public RealtimePacer(AudioFormat format) {
        this(format, System::nanoTime);
    }

    /** A pacer reading time from {@code nanoClock} (a {@link System#nanoTime()}-like monotonic clock). */
    public RealtimePacer(AudioFormat format, LongSupplier nanoClock) {
        this.format = Objects.requireNonNull(format, "format");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Starts the stream's clock now; otherwise the first {@link #nextDelayNanos} call starts it. */
    public void start() {
        startNanos = nanoClock.getAsLong();
        started = true;
    }

    /**
     * Counts the next chunk of {@code chunkBytes} and returns how long from now it is due: 0 when due or late.
     */
    public long nextDelayNanos(int chunkBytes) {
        if (chunkBytes < 0) {
            throw new IllegalArgumentException("chunkBytes must not be negative: " + chunkBytes);
        }
        if (!started) {
            start();
        }
        long due = startNanos + format.bytesToNanos(bytesScheduled);
        bytesScheduled += chunkBytes;
        return Math.max(0, due - nanoClock.getAsLong());
    }

    /** Nanoseconds after the start at which the chunk following {@code bytesBefore} bytes of audio is due. */
    public long dueOffsetNanos(long bytesBefore) {
        return format.bytesToNanos(bytesBefore);
    }

    /** How long from now until all audio counted so far has played in real time: 0 when it already has. */
    public long nanosUntilEnd() {
        if (!started) {
            return format.bytesToNanos(bytesScheduled);
        }
        return Math.max(0, startNanos + format.bytesToNanos(bytesScheduled) - nanoClock.getAsLong());
    }

    public long bytesScheduled() {
        return bytesScheduled;
    }
}
