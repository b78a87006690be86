package io.github.camelrealtime.fastrouter;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.audio.AudioChunker;
import io.github.camelrealtime.fastrouter.audio.AudioInput;
import io.github.camelrealtime.fastrouter.audio.RealtimePacer;
import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.TurnWriter;

/**
 * Streams one audio source into a session as {@code input_audio_buffer.append} events of {@code chunkMillis}: reads
 * a chunk, base64-encodes it straight into the event, queues it, and keeps a bounded number of appends in flight,
 * so a long file never sits in memory whole. With pacing, chunks leave at real-time speed (scheduled against the
 * stream's start, so delays do not accumulate) without holding a thread while waiting.
 */
final class AudioUpload {

    private static final int MAX_IN_FLIGHT = 32;
    /**
     * With the window full, the pump resumes once this many of the oldest appends are written (they complete in order),
     * then refills that many: one thread hand-off per {@value} chunks instead of one per chunk when the socket is the
     * slower side.
     */
    private static final int RESUME_BATCH = MAX_IN_FLIGHT / 2;

    private final TurnWriter writer;
    private final AudioInput input;
    private final int chunkBytes;
    private final RealtimePacer pacer;
    private final Executor workers;
    private final ScheduledExecutorService scheduler;
    private final byte[] buffer;
    private final ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    /** Run when the last append is queued on the socket and again when the upload ends (idempotent); may be null. */
    private final Runnable queued;
    private long bytesSent;
    private int pendingBytes = -1;

    private AudioUpload(TurnWriter writer, AudioInput input, int chunkMillis, boolean pace, Executor workers,
                        ScheduledExecutorService scheduler, Runnable queued) {
        this.writer = writer;
        this.queued = queued;
        this.input = input;
        this.chunkBytes = AudioChunker.chunkBytes(input.target(), chunkMillis);
        this.pacer = pace ? new RealtimePacer(input.target()) : null;
        this.workers = workers;
        this.scheduler = scheduler;
        this.buffer = new byte[chunkBytes];
    }

    /**
     * Sends the whole source; completes with the number of audio bytes written (after the last write completed).
     *
     * @param startHere whether the first appends are read and queued on this thread (only where reading cannot wait:
     *                  audio in memory, or a worker); else a worker starts
     * @param queued    run when the last append is queued on the socket, and again when the upload ends (so also when it
     *                  failed before): must be idempotent; may be null
     */
    static CompletableFuture<Long> send(TurnWriter writer, AudioInput input, int chunkMillis, boolean pace,
                                       Executor workers, ScheduledExecutorService scheduler, boolean startHere,
                                       Runnable queued) {
        AudioUpload upload = new AudioUpload(writer, input, chunkMillis, pace, workers, scheduler, queued);
        CompletableFuture<Long> result = upload.done.whenComplete((n, err) -> {
            upload.closeQuietly();
            upload.queuedNow();
        });
        if (startHere) {
            upload.pump();
        } else {
            upload.resume();
        }
        return result;
    }

    /**
     * Reads and queues chunks until the source ends, a paced chunk is not due yet, or {@value #MAX_IN_FLIGHT} appends
     * wait in the socket's queue; then it returns, and resumes on a worker when the oldest append is written (so a
     * slow socket pins no thread).
     */
    private void pump() {
        try {
            while (true) {
                while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
                    // surfaces a failed write at once (join on a completed future does not wait)
                    inFlight.poll().join();
                }
                if (inFlight.size() >= MAX_IN_FLIGHT) {
                    nth(RESUME_BATCH).whenComplete((v, err) -> resume());
                    return;
                }
                int n = pendingBytes;
                pendingBytes = -1;
                if (n < 0) {
                    n = input.readChunk(buffer, chunkBytes);
                    if (n <= 0) {
                        finish();
                        return;
                    }
                    if (pacer != null) {
                        long delay = pacer.nextDelayNanos(n);
                        if (delay > 0) {
                            pendingBytes = n;
                            scheduler.schedule(this::resume, delay, TimeUnit.NANOSECONDS);
                            return;
                        }
                    }
                }
                inFlight.add(writer.write(writer.encode(RealtimeEvent.audioAppend(buffer, 0, n, null))));
                bytesSent += n;
            }
        } catch (IOException | ProtocolException | RuntimeException e) {
            done.completeExceptionally(RealtimeSession.unwrap(e));
        }
    }

    /** The n-th oldest append in flight (1 = the oldest). */
    private CompletableFuture<Void> nth(int n) {
        var it = inFlight.iterator();
        CompletableFuture<Void> f = it.next();
        for (int i = 1; i < n && it.hasNext(); i++) {
            f = it.next();
        }
        return f;
    }

    private void resume() {
        try {
            workers.execute(this::pump);
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException("The component stopped while the audio was being sent", e));
        }
    }

    /** Completes once every append is written and, when paced, once the audio has had its real-time duration. */
    private void finish() {
        queuedNow();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> {
            if (err != null) {
                done.completeExceptionally(RealtimeSession.unwrap(err));
                return;
            }
            long remaining = pacer == null ? 0 : pacer.nanosUntilEnd();
            if (remaining > 0) {
                scheduler.schedule(() -> done.complete(bytesSent), remaining, TimeUnit.NANOSECONDS);
            } else {
                done.complete(bytesSent);
            }
        });
    }

    private void queuedNow() {
        if (queued != null) {
            queued.run();
        }
    }

    private void closeQuietly() {
        try {
            input.close();
        } catch (IOException ignored) {
            // the upload's outcome is already decided; a failing close changes nothing for the exchange
        }
    }
}
