package io.github.camelrealtime.fastrouter.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection's heartbeat. A socket can die silently: a half-open TCP connection, or (seen on JDK 17) a server's FIN
 * that the JDK never reports while the client waits. When nothing arrives for the interval, a ping goes out; when
 * nothing arrives within as long again, the connection is reported lost (1006), which the owner may reconnect.
 * Silence while the owner reads nothing (a slow consumer holding back demand) is not the server's: the JDK then reads
 * no frame, pongs included, so the clock only runs while a frame is asked for, from when reading resumed.
 */
final class Heartbeat {

    private static final System.Logger LOG = System.getLogger(RealtimeConnection.class.getName());
    private static final byte[] PAYLOAD = "heartbeat".getBytes(StandardCharsets.US_ASCII);

    private final Duration interval;
    private final Executor executor;
    private final String target;
    private final Supplier<WebSocket> socket;
    private final BooleanSupplier ended;
    private final BooleanSupplier reading;
    private final Consumer<CloseStatus> lost;
    /** When the last frame of any kind arrived, and when the ping left (0: none outstanding). */
    private volatile long lastInboundNanos = System.nanoTime();
    private volatile long pingSentNanos;
    /** When reading last resumed after the owner had stopped asking for messages (back-pressure). */
    private volatile long readingResumedNanos = System.nanoTime();

    /**
     * @param interval null: no heartbeat
     * @param reading  whether a frame is asked for from the JDK right now
     * @param lost     drops the connection with this status
     */
    Heartbeat(Duration interval, Executor executor, String target, Supplier<WebSocket> socket, BooleanSupplier ended,
              BooleanSupplier reading, Consumer<CloseStatus> lost) {
        this.interval = interval;
        this.executor = executor;
        this.target = target;
        this.socket = socket;
        this.ended = ended;
        this.reading = reading;
        this.lost = lost;
    }

    /** A frame of any kind arrived. */
    void heard() {
        lastInboundNanos = System.nanoTime();
    }

    /** The connection asks the JDK for frames again after a pause. */
    void readingResumed() {
        readingResumedNanos = System.nanoTime();
    }

    /** Starts the checks (at a quarter of the interval); they stop by themselves when the connection ends. */
    void start() {
        if (interval == null || ended.getAsBoolean()) {
            return;
        }
        long checkMillis = Math.max(50, interval.toMillis() / 4);
        CompletableFuture.delayedExecutor(checkMillis, TimeUnit.MILLISECONDS, executor).execute(this::check);
    }

    private void check() {
        WebSocket ws = socket.get();
        if (ws == null || ended.getAsBoolean()) {
            return;
        }
        long now = System.nanoTime();
        long intervalNanos = interval.toNanos();
        if (!reading.getAsBoolean()) {
            // back-pressure: we are not reading, so no pong could arrive; the clock starts again when reading resumes
            pingSentNanos = 0;
            start();
            return;
        }
        long lastHeard = Math.max(lastInboundNanos, readingResumedNanos);
        long pingSent = pingSentNanos;
        if (pingSent != 0 && lastInboundNanos - pingSent >= 0) {
            pingSentNanos = 0;
        } else if (pingSent != 0 && now - Math.max(pingSent, readingResumedNanos) >= intervalNanos) {
            long silentMillis = TimeUnit.NANOSECONDS.toMillis(now - lastInboundNanos);
            LOG.log(Level.WARNING, () -> target + " sent nothing for " + silentMillis + " ms, not even after a ping: dropping the connection as lost");
            lost.accept(new CloseStatus(CloseStatus.ABNORMAL_CLOSURE, "no answer to a heartbeat ping",
                    new IOException("the server sent nothing for " + silentMillis + " ms, not even a pong")));
            return;
        } else if (pingSent == 0 && now - lastHeard >= intervalNanos) {
            pingSentNanos = now;
            try {
                ws.sendPing(ByteBuffer.wrap(PAYLOAD)).whenComplete((w, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                        lost.accept(new CloseStatus(CloseStatus.ABNORMAL_CLOSURE, "heartbeat ping failed", cause));
                    }
                });
            } catch (IllegalStateException busy) {
                // a ping or pong of the JDK is still being written: try again at the next check
                pingSentNanos = 0;
            }
        }
        start();
    }
}
