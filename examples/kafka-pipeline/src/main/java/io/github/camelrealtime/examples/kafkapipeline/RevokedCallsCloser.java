package io.github.camelrealtime.examples.kafkapipeline;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.consumer.support.subcription.DefaultSubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebalance listener of the pipeline. camel-kafka 4.22 has no option for a user {@link ConsumerRebalanceListener},
 * but it looks up a {@link SubscribeAdapter} bean named {@value #BEAN_NAME} and lets it subscribe the consumer with
 * camel-kafka's own listener. This adapter subscribes with that listener wrapped: camel-kafka's part runs first (it
 * commits what was processed), then the keyed Realtime sessions of the calls on the revoked (or lost) partitions are
 * closed at once, through the {@code close} action, instead of after {@code sessionIdleTimeout}. The listener runs on
 * the consumer's poll thread, which is also the thread that processes the frames, so no frame of those calls is being
 * written meanwhile, and the instance that gets the partitions opens fresh sessions when their next frames arrive.
 *
 * <p>The bean is looked up by every camel-kafka consumer of the CamelContext; the pipeline has one.
 */
public final class RevokedCallsCloser implements SubscribeAdapter, CamelContextAware {

    public static final String BEAN_NAME = "subscribeAdapter";

    private static final Logger LOG = LoggerFactory.getLogger(RevokedCallsCloser.class);

    private final CallTracker tracker;
    private final String sessionEndpoint;
    private CamelContext camelContext;
    private ProducerTemplate template;

    /**
     * @param tracker         where the instance keeps call id → partition
     * @param sessionEndpoint the {@code fastrouter-realtime:NAME} endpoint the calls' sessions live under
     */
    public RevokedCallsCloser(CallTracker tracker, String sessionEndpoint) {
        this.tracker = tracker;
        this.sessionEndpoint = sessionEndpoint;
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener camelListener, TopicInfo topicInfo) {
        new DefaultSubscribeAdapter().subscribe(consumer, new Listener(camelListener), topicInfo);
    }

    private final class Listener implements ConsumerRebalanceListener {
        private final ConsumerRebalanceListener camel;

        Listener(ConsumerRebalanceListener camel) {
            this.camel = camel;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                camel.onPartitionsRevoked(partitions);
            } finally {
                closeCallsOn(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            try {
                camel.onPartitionsLost(partitions);
            } finally {
                closeCallsOn(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            camel.onPartitionsAssigned(partitions);
            if (!partitions.isEmpty()) {
                LOG.info("{}: assigned {}", tracker.instance(), partitions);
            }
            tracker.observer().partitionsAssigned(tracker.instance(), List.copyOf(partitions));
        }
    }

    private void closeCallsOn(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        List<String> calls = tracker.removeCallsOn(partitions);
        for (String call : calls) {
            try {
                template().sendBodyAndHeaders(sessionEndpoint, "", Map.of(
                        FastRouterRealtimeConstants.SESSION_KEY, call,
                        FastRouterRealtimeConstants.ACTION, "close"));
            } catch (RuntimeException e) {
                // the component closes every session when it stops; nothing more to do here
                LOG.warn("{}: could not close the session of call {}: {}", tracker.instance(), call, e.getMessage());
            }
        }
        LOG.info("{}: revoked {}, closed the sessions of {}", tracker.instance(), partitions, calls);
        tracker.observer().partitionsRevoked(tracker.instance(), List.copyOf(partitions), calls);
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = camelContext.createProducerTemplate();
        }
        return template;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
