package io.github.camelrealtime.examples.kafkapipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.TopicPartition;

/**
 * What the instances did, as the demo and the test see it: which instance handled each call's frames (in order),
 * the partitions each holds, the revocations with the sessions they closed, and any frame of a call handled while
 * another instance was still handling one of the same call (there must be none).
 */
public final class CallLedger implements CallTracker.FrameObserver {

    private final PrintStream out;
    private volatile boolean printing = true;
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();
    private final Map<String, List<String>> servedBy = new ConcurrentHashMap<>();
    private final Map<String, Set<TopicPartition>> assigned = new ConcurrentHashMap<>();
    private final Map<String, Integer> framesHandled = new ConcurrentHashMap<>();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();
    private final List<String> revocations = new CopyOnWriteArrayList<>();

    public CallLedger(PrintStream out) {
        this.out = out;
    }

    @Override
    public void frameStarted(String instance, String call, int partition, long offset) {
        String other = inFlight.put(call, instance);
        if (other != null && !other.equals(instance)) {
            overlaps.add(call + " offset " + offset + ": " + instance + " started while " + other + " was handling a frame");
        }
        List<String> chain = servedBy.computeIfAbsent(call, c -> new CopyOnWriteArrayList<>());
        synchronized (chain) {
            if (chain.isEmpty() || !chain.get(chain.size() - 1).equals(instance)) {
                chain.add(instance);
            }
        }
        framesHandled.merge(call, 1, Integer::sum);
    }

    @Override
    public void frameDone(String instance, String call, int partition, long offset, boolean failed) {
        inFlight.remove(call, instance);
    }

    @Override
    public void partitionsAssigned(String instance, Collection<TopicPartition> partitions) {
        assigned.computeIfAbsent(instance, i -> ConcurrentHashMap.newKeySet()).addAll(partitions);
    }

    @Override
    public void partitionsRevoked(String instance, Collection<TopicPartition> partitions, Collection<String> calls) {
        Set<TopicPartition> held = assigned.get(instance);
        if (held != null) {
            held.removeAll(partitions);
        }
        String line = instance + ": partitions " + partitions(partitions) + " revoked; closed the sessions of "
                      + (calls.isEmpty() ? "no call" : String.join(", ", calls)) + " at once";
        revocations.add(line);
        if (out != null && printing) {
            out.println("  " + line);
        }
    }

    /** Stops printing revocations (the demo's report is done; closing the instances revokes the rest). */
    void quiet() {
        printing = false;
    }

    /** The instances that handled the call's frames, in order (a move shows as two). */
    public List<String> servedBy(String call) {
        return List.copyOf(servedBy.getOrDefault(call, List.of()));
    }

    public Set<TopicPartition> assigned(String instance) {
        return Set.copyOf(assigned.getOrDefault(instance, Set.of()));
    }

    public int framesHandled(String call) {
        return framesHandled.getOrDefault(call, 0);
    }

    /** Frames of one call handled by two instances at the same time: must be empty. */
    public List<String> overlaps() {
        return List.copyOf(overlaps);
    }

    public List<String> revocations() {
        return List.copyOf(revocations);
    }

    static String partitions(Collection<TopicPartition> partitions) {
        Set<String> names = new LinkedHashSet<>();
        List<TopicPartition> sorted = new ArrayList<>(partitions);
        sorted.sort((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
        sorted.forEach(tp -> names.add(String.valueOf(tp.partition())));
        return names.isEmpty() ? "none" : "call-audio/" + String.join(",", names);
    }
}
