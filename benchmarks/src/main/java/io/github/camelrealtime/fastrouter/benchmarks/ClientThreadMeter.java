package io.github.camelrealtime.fastrouter.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time and heap allocation of the client side of a load scenario, from {@code com.sun.management.ThreadMXBean}:
 * summed over live threads, excluding the simulator's own threads (named {@code realtime-simulator-*}). Threads that
 * end between two snapshots are not counted, and neither are the JVM's GC and JIT threads, so both figures are lower
 * bounds; the pools doing the work here (Camel workers, the HttpClient's executor and selector) live through a run.
 * On a busy machine CPU time per audio second is steadier than wall-clock throughput: waiting for a core costs no CPU.
 */
final class ClientThreadMeter {

    private static final String SIMULATOR_THREAD_PREFIX = "realtime-simulator";

    /** Per-thread counters at one moment (cpu, allocated, user cpu), with the threads' names. */
    record Snapshot(Map<Long, long[]> byThread, Map<Long, String> names) {
        Snapshot(Map<Long, long[]> byThread) {
            this(byThread, Map.of());
        }
    }

    /** What the client threads used between two snapshots; -1 where the JVM cannot tell. */
    record Usage(long cpuNanos, long allocatedBytes) {
    }

    private final com.sun.management.ThreadMXBean threads;
    private final boolean cpu;
    private final boolean allocation;

    ClientThreadMeter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        this.threads = bean instanceof com.sun.management.ThreadMXBean b ? b : null;
        this.cpu = threads != null && threads.isThreadCpuTimeSupported();
        this.allocation = threads != null && threads.isThreadAllocatedMemorySupported();
        if (cpu) {
            threads.setThreadCpuTimeEnabled(true);
        }
        if (allocation) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
    }

    boolean measuresCpu() {
        return cpu;
    }

    boolean measuresAllocation() {
        return allocation;
    }

    Snapshot snapshot() {
        Map<Long, long[]> byThread = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        if (threads == null) {
            return new Snapshot(byThread);
        }
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        long[] cpuNanos = cpu ? threads.getThreadCpuTime(ids) : new long[ids.length];
        long[] allocated = allocation ? threads.getThreadAllocatedBytes(ids) : new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && !infos[i].getThreadName().startsWith(SIMULATOR_THREAD_PREFIX)) {
                long user = cpu ? Math.max(0, threads.getThreadUserTime(ids[i])) : 0;
                byThread.put(ids[i], new long[] {Math.max(0, cpuNanos[i]), Math.max(0, allocated[i]), user});
                names.put(ids[i], infos[i].getThreadName());
            }
        }
        return new Snapshot(byThread, names);
    }

    Usage between(Snapshot before, Snapshot after) {
        long cpuNanos = 0;
        long allocated = 0;
        for (Map.Entry<Long, long[]> e : after.byThread().entrySet()) {
            long[] start = before.byThread().getOrDefault(e.getKey(), new long[3]);
            cpuNanos += e.getValue()[0] - start[0];
            allocated += e.getValue()[1] - start[1];
        }
        return new Usage(cpu ? cpuNanos : -1, allocation ? allocated : -1);
    }

    /**
     * CPU milliseconds by thread group (the name without its numbers, e.g. {@code fastrouter-realtime-ws-#}), as
     * {@code [total, of which kernel]}: where a client's time goes (socket thread, delivery lane, selector, caller).
     */
    Map<String, double[]> byGroup(Snapshot before, Snapshot after) {
        Map<String, double[]> groups = new java.util.TreeMap<>();
        for (Map.Entry<Long, long[]> e : after.byThread().entrySet()) {
            long[] start = before.byThread().getOrDefault(e.getKey(), new long[3]);
            long total = e.getValue()[0] - start[0];
            long user = e.getValue()[2] - start[2];
            if (total <= 0) {
                continue;
            }
            String group = after.names().getOrDefault(e.getKey(), "?").replaceAll("\\d+", "#");
            double[] g = groups.computeIfAbsent(group, k -> new double[2]);
            g[0] += total / 1e6;
            g[1] += Math.max(0, total - user) / 1e6;
        }
        return groups;
    }
}
