package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a {@link RealtimeSimulator} records across its connections since its start or last {@code clearHistory()}: the
 * connections accepted (each keeps its own events), how many are open, and the client and server events counted by
 * type. The simulator's observation methods answer from here; connections report to it. Thread-safe as documented
 * per field.
 */
final class SimulatorRecords {

    /** In order of acceptance; guarded by itself. */
    private final List<SimulatedConnection> connections = new ArrayList<>();
    /** Upgrades accepted since the start or the last clear. */
    private final AtomicInteger accepted = new AtomicInteger();
    /** Connections open now (not reset by a clear: open connections stay). */
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> receivedCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sentCounts = new ConcurrentHashMap<>();

    /** A connection completed its upgrade. */
    void opened(SimulatedConnection connection) {
        synchronized (connections) {
            connections.add(connection);
        }
        accepted.incrementAndGet();
        open.incrementAndGet();
    }

    /** A connection that had opened ended. */
    void closed() {
        open.decrementAndGet();
    }

    int accepted() {
        return accepted.get();
    }

    int open() {
        return open.get();
    }

    List<SimulatedConnection> connections() {
        synchronized (connections) {
            return List.copyOf(connections);
        }
    }

    SimulatedConnection last() {
        synchronized (connections) {
            if (connections.isEmpty()) {
                throw new IllegalStateException("no connection yet");
            }
            return connections.get(connections.size() - 1);
        }
    }

    /** Runs the action on each listed connection that is open now. */
    void forEachOpen(Consumer<SimulatedConnection> action) {
        for (SimulatedConnection c : connections()) {
            if (c.isOpen()) {
                action.accept(c);
            }
        }
    }

    /** What {@code events} gives for each connection, connection by connection. */
    List<JsonNode> events(Function<SimulatedConnection, List<JsonNode>> events) {
        List<JsonNode> all = new ArrayList<>();
        connections().forEach(c -> all.addAll(events.apply(c)));
        return all;
    }

    /** Counts a client event under its wire name and, on a beta connection, under its GA name too. */
    void countReceived(String type, boolean beta) {
        count(receivedCounts, type, beta);
    }

    /** Counts a server event under its wire name and, on a beta connection, under its GA name too. */
    void countSent(String type, boolean beta) {
        count(sentCounts, type, beta);
    }

    private static void count(Map<String, AtomicInteger> counts, String type, boolean beta) {
        counts.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet();
        String ga = EventNames.gaAlias(type, beta);
        if (ga != null) {
            counts.computeIfAbsent(ga, t -> new AtomicInteger()).incrementAndGet();
        }
    }

    int receivedCount(String type) {
        AtomicInteger n = receivedCounts.get(type);
        return n == null ? 0 : n.get();
    }

    int sentCount(String type) {
        AtomicInteger n = sentCounts.get(type);
        return n == null ? 0 : n.get();
    }

    /** Polls the condition (on these records) every 5 ms: true once it holds, false after the timeout or an interrupt. */
    static boolean await(Supplier<Boolean> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Forgets closed connections, the events of open ones and all counts, and restarts the accepted count at 0; the
     * open count stays.
     */
    void clear() {
        accepted.set(0);
        synchronized (connections) {
            connections.removeIf(c -> !c.isOpen());
            connections.forEach(SimulatedConnection::clearRecords);
        }
        receivedCounts.clear();
        sentCounts.clear();
    }
}
