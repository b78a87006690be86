package io.github.camelrealtime.examples.kafkapipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.common.TopicPartition;

/**
 * Remembers, in one pipeline instance, which partition each live call's frames come from (call id → partition, as the
 * frames arrive), so that {@link RevokedCallsCloser} can close the sessions of the calls on revoked partitions at once.
 * A call is forgotten when its last frame ({@value #CALL_ENDED}{@code =true}) has been handled. It also tells a
 * {@link FrameObserver} when each frame starts and ends (the demo and the test use that to see which instance served a
 * call, and that no frame is handled by two instances at once).
 *
 * <p>Bound as bean {@code callTracker}; the routes call it first thing for every frame.
 */
public final class CallTracker implements Processor {

    /** The end-of-call header: {@code CallEnded=true} on a call's last frame closes its Realtime session. */
    public static final String CALL_ENDED = "CallEnded";

    /** Sees what the instance does with frames and partitions; the default does nothing. */
    public interface FrameObserver {
        FrameObserver NONE = new FrameObserver() {
        };

        default void frameStarted(String instance, String call, int partition, long offset) {
        }

        default void frameDone(String instance, String call, int partition, long offset, boolean failed) {
        }

        default void partitionsAssigned(String instance, Collection<TopicPartition> partitions) {
        }

        /** Partitions were revoked (or lost) and the sessions of {@code calls} were closed. */
        default void partitionsRevoked(String instance, Collection<TopicPartition> partitions, Collection<String> calls) {
        }
    }

    private final String instance;
    private final FrameObserver observer;
    private final Map<String, TopicPartition> callPartitions = new ConcurrentHashMap<>();

    public CallTracker(String instance, FrameObserver observer) {
        this.instance = instance;
        this.observer = observer == null ? FrameObserver.NONE : observer;
    }

    @Override
    public void process(Exchange exchange) {
        String call = exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
        String topic = exchange.getMessage().getHeader(KafkaConstants.TOPIC, String.class);
        Integer partition = exchange.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class);
        Long offset = exchange.getMessage().getHeader(KafkaConstants.OFFSET, Long.class);
        if (call == null || partition == null) {
            throw new IllegalArgumentException("A call-audio record needs a key (the call id)");
        }
        boolean ended = "true".equalsIgnoreCase(exchange.getMessage().getHeader(CALL_ENDED, String.class));
        callPartitions.put(call, new TopicPartition(topic, partition));
        long at = offset == null ? -1 : offset;
        observer.frameStarted(instance, call, partition, at);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (ended && !done.isFailed()) {
                    callPartitions.remove(call);
                }
                observer.frameDone(instance, call, partition, at, done.isFailed());
            }
        });
    }

    /** Forgets and returns the calls whose frames came from these partitions. */
    public List<String> removeCallsOn(Collection<TopicPartition> partitions) {
        List<String> calls = new ArrayList<>();
        callPartitions.forEach((call, tp) -> {
            if (partitions.contains(tp) && callPartitions.remove(call, tp)) {
                calls.add(call);
            }
        });
        return calls;
    }

    /** The calls this instance has live sessions for, by partition. */
    public Map<String, TopicPartition> liveCalls() {
        return Map.copyOf(callPartitions);
    }

    public String instance() {
        return instance;
    }

    FrameObserver observer() {
        return observer;
    }
}
