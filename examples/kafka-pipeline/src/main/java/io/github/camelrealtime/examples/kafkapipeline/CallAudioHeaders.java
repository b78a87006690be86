package io.github.camelrealtime.examples.kafkapipeline;

import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaHeaderFilterStrategy;

/**
 * camel-kafka's header filter with two exceptions. Its default drops every Kafka record header whose name starts with
 * {@code Camel}, so the format header of the {@code call-audio} topic, {@code CamelFastRouterRealtimeAudioFormat}, would
 * never reach the route; this filter lets it (and {@value CallTracker#CALL_ENDED}) through in both directions. Bound as
 * bean {@code callAudioHeaders} and set as the call-audio consumer's {@code headerFilterStrategy}.
 */
public final class CallAudioHeaders extends KafkaHeaderFilterStrategy {

    static final Set<String> PASSED = Set.of("CamelFastRouterRealtimeAudioFormat", CallTracker.CALL_ENDED);

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !PASSED.contains(headerName) && super.applyFilterToExternalHeaders(headerName, headerValue, exchange);
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !PASSED.contains(headerName) && super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }
}
