package io.github.camelrealtime.fastrouter.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH auxiliary counters of the benchmark thread: milliseconds of audio processed and CPU nanoseconds spent, per
 * iteration. Their ratio is audio seconds per CPU second, which a preempted thread on a busy machine does not distort
 * the way a wall-clock throughput does.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuCounters {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Milliseconds of audio processed in this iteration. */
    public long audioMillis;
    /** CPU time of the benchmark thread in this iteration, in nanoseconds. */
    public long cpuNanos;

    @Setup(Level.Iteration)
    public void reset() {
        audioMillis = 0;
        cpuNanos = 0;
    }

    long start() {
        return THREADS.getCurrentThreadCpuTime();
    }

    void stop(long start, long processedAudioMillis) {
        cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        audioMillis += processedAudioMillis;
    }
}
