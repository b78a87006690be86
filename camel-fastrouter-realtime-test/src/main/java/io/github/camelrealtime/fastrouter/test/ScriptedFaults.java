package io.github.camelrealtime.fastrouter.test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scripted faults and pacing a test set on a {@link RealtimeSimulator} (its "Faults and scripting" methods), as
 * new connections and sessions read them: what to replay instead of a session, when to drop, close or expire a
 * connection, reading pauses, the next responses to fail or hang, the next {@code response.create}s to reject, a
 * withheld {@code session.created}, the response delay. The simulator applies what concerns connections already open
 * itself. Each field is volatile, atomic or guarded by itself, so any thread may set and read them.
 */
final class ScriptedFaults {

    /** A scripted answer to a client {@code response.create}. */
    record CreateRejection(String code, String message, boolean withEventId) {
    }

    /** For scheduling expiries and for knowing when it closed. */
    private final RealtimeSimulator simulator;
    /** The builder's {@code responseDelay}, restored by {@link #reset()}. */
    private final Duration builtResponseDelay;
    private volatile Duration responseDelay;
    /** Lines new connections send instead of a session; null: a normal session. */
    private volatile List<String> replayLines;
    /** Server events after which new connections drop, or close; -1: never. */
    private volatile int dropAfter = -1;
    private volatile int closeAfter = -1;
    private volatile int closeAfterCode;
    private volatile String closeAfterReason;
    /** Session lifetime of new connections; null: unlimited. */
    private volatile Duration expireAfter;
    /** {@link System#nanoTime()} until which connections do not read; 0: no pause. */
    private volatile long readingPausedUntil;
    /** Code and message of each next response to fail; guarded by itself. */
    private final Deque<String[]> responseFailures = new ArrayDeque<>();
    /** Guarded by itself. */
    private final Deque<CreateRejection> createRejections = new ArrayDeque<>();
    private final AtomicInteger hangsLeft = new AtomicInteger();
    private volatile boolean withholdSessionCreated;

    ScriptedFaults(RealtimeSimulator simulator, Duration builtResponseDelay) {
        this.simulator = simulator;
        this.builtResponseDelay = builtResponseDelay;
        this.responseDelay = builtResponseDelay;
    }

    // ---- set by the simulator's public methods -----------------------------------------------------------------

    void replayOnConnect(List<String> lines) {
        replayLines = lines;
    }

    void dropAfter(int n) {
        dropAfter = n;
    }

    void closeAfter(int n, int code, String reason) {
        // closeAfter last: a connection opening meanwhile that sees the new count also sees this code and reason
        closeAfterCode = code;
        closeAfterReason = reason;
        closeAfter = n;
    }

    void expireAfter(Duration d) {
        expireAfter = d;
    }

    void pauseReading(Duration d) {
        readingPausedUntil = System.nanoTime() + d.toNanos();
    }

    void failNextResponse(String code, String message) {
        synchronized (responseFailures) {
            responseFailures.add(new String[] {code, message});
        }
    }

    void hangNextResponses(int count) {
        hangsLeft.addAndGet(count);
    }

    void rejectNextResponseCreate(CreateRejection rejection) {
        synchronized (createRejections) {
            createRejections.add(rejection);
        }
    }

    void withholdSessionCreated(boolean on) {
        withholdSessionCreated = on;
    }

    void responseDelay(Duration delay) {
        responseDelay = delay;
    }

    /** Clears every fault kept here and restores the builder's response delay. */
    void reset() {
        replayLines = null;
        hangsLeft.set(0);
        synchronized (createRejections) {
            createRejections.clear();
        }
        withholdSessionCreated = false;
        responseDelay = builtResponseDelay;
        dropAfter = -1;
        closeAfter = -1;
        expireAfter = null;
        readingPausedUntil = 0;
        synchronized (responseFailures) {
            responseFailures.clear();
        }
    }

    // ---- read by connections and sessions ------------------------------------------------------------------------

    /** Arms the drop, close and expiry a new connection gets. */
    void applyTo(SimulatedConnection connection) {
        if (dropAfter >= 0) {
            connection.dropAfterEvents(dropAfter);
        }
        if (closeAfter >= 0) {
            connection.closeAfterEvents(closeAfter, closeAfterCode, closeAfterReason);
        }
        Duration expiry = expireAfter;
        if (expiry != null) {
            connection.addTimer(simulator.schedule(connection::expire, expiry.toNanos()));
        }
    }

    Duration responseDelay() {
        return responseDelay;
    }

    List<String> replayLines() {
        return replayLines;
    }

    boolean withholdsSessionCreated() {
        return withholdSessionCreated;
    }

    boolean takeHang() {
        return hangsLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    CreateRejection takeCreateRejection() {
        synchronized (createRejections) {
            return createRejections.poll();
        }
    }

    String[] takeResponseFailure() {
        synchronized (responseFailures) {
            return responseFailures.poll();
        }
    }

    /** Blocks a connection's reader while reading is paused (and the simulator not closed). */
    void awaitReadingAllowed() {
        long until = readingPausedUntil;
        while (until != 0 && System.nanoTime() < until && !simulator.isClosed()) {
            try {
                Thread.sleep(Math.max(1, Math.min(50, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            until = readingPausedUntil;
        }
    }
}
