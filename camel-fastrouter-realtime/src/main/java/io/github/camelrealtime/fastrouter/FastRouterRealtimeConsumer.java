package io.github.camelrealtime.fastrouter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.AudioStreamConverter;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.session.LifecycleEvents;
import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.ResponseResult;
import io.github.camelrealtime.fastrouter.session.SessionListener;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Turns what the sessions of one name hear into exchanges, in arrival order per session: one per server event
 * ({@code delivery=events}) or one per completed response or transcript ({@code delivery=responses}). Routing runs
 * on the session's delivery lane; while it runs the session reads nothing more from the socket.
 */
public class FastRouterRealtimeConsumer extends DefaultConsumer implements SessionListener {

    private static final boolean HEALTH_AVAILABLE = SessionHealth.available();

    private volatile RealtimeSession session;

    private final Delivery delivery;
    private final EventTypeFilter filter;
    private final ReplyFormat replyFormat;
    private final AudioFormat deliveryFormat;
    private final Map<String, AudioStreamConverter> converters = new ConcurrentHashMap<>();

    public FastRouterRealtimeConsumer(FastRouterRealtimeEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.delivery = Delivery.parse(endpoint.getConfiguration().getDelivery());
        this.filter = EventTypeFilter.parse(endpoint.getConfiguration().getEventTypes());
        this.replyFormat = endpoint.replyFormat();
        this.deliveryFormat = endpoint.deliveryAudioFormat();
    }

    @Override
    public FastRouterRealtimeEndpoint getEndpoint() {
        return (FastRouterRealtimeEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        FastRouterRealtimeEndpoint endpoint = getEndpoint();
        endpoint.getComponent().getRegistry().addListener(endpoint.getSessionName(), this);
        if (endpoint.getConfiguration().isOpenDefaultSession()) {
            session = endpoint.session(null);
        }
        registerHealthCheck();
    }

    /**
     * Camel's consumer health check asks this consumer (HealthCheckAware) for its state; registered only when
     * consumer health checks are enabled and camel-health (optional) is on the classpath.
     */
    private void registerHealthCheck() {
        if (getEndpoint().getComponent().isHealthCheckConsumerEnabled() && HEALTH_AVAILABLE) {
            String routeId = getRouteId() != null ? getRouteId() : getEndpoint().getSessionName();
            setHealthCheck(new FastRouterRealtimeConsumerHealthCheck(this, routeId));
        }
    }

    @Override
    protected void doStop() throws Exception {
        FastRouterRealtimeEndpoint endpoint = getEndpoint();
        endpoint.getComponent().getRegistry().removeListener(endpoint.getSessionName(), this);
        converters.clear();
        super.doStop();
    }

    /** The name's default session as this consumer last saw it (it may have closed since). */
    RealtimeSession session() {
        return session;
    }

    @Override
    public void onEvent(RealtimeSession session, RealtimeEvent event) {
        if (!isRunAllowed()) {
            return;
        }
        if (delivery == Delivery.RESPONSES) {
            if (session.options().transcriptionOnly()
                && EventTypes.CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_COMPLETED.equals(event.type())) {
                process(session, event, event.text("transcript"));
            }
            return;
        }
        if (!filter.accepts(event.type())) {
            trackConverters(session, event);
            return;
        }
        Object body = RealtimeMessages.eventBody(event);
        if (body instanceof byte[] audio) {
            body = convertDelta(session, event, audio);
        }
        trackConverters(session, event);
        process(session, event, body);
    }

    @Override
    public boolean wants(RealtimeEvent event) {
        if (delivery == Delivery.RESPONSES) {
            return event.type().equals(EventTypes.CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_COMPLETED);
        }
        boolean accepted = filter.accepts(event.type());
        if (!accepted) {
            getEndpoint().getComponent().metrics().event(getEndpoint().getSessionName(), false);
        }
        // audio done and closes end a per-item converter even when the route does not want them
        return accepted || EventTypes.RESPONSE_OUTPUT_AUDIO_DONE.equals(event.type()) || LifecycleEvents.CLOSED.equals(event.type());
    }

    @Override
    public boolean wantsResponseAudio() {
        return delivery == Delivery.RESPONSES && replyFormat != ReplyFormat.TEXT;
    }

    @Override
    public void onResponse(RealtimeSession session, ResponseResult response) {
        if (!isRunAllowed() || delivery != Delivery.RESPONSES || session.options().transcriptionOnly()) {
            return;
        }
        Exchange exchange = createExchange(false);
        try {
            Message message = exchange.getMessage();
            RealtimeMessages.putSessionHeaders(message, session);
            RealtimeMessages.putResponse(message, response, replyFormat, deliveryFormat);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            finish(exchange);
        }
    }

    private void process(RealtimeSession session, RealtimeEvent event, Object body) {
        getEndpoint().getComponent().metrics().event(getEndpoint().getSessionName(), true);
        Exchange exchange = createExchange(false);
        try {
            Message message = exchange.getMessage();
            message.setBody(body);
            RealtimeMessages.putSessionHeaders(message, session);
            RealtimeMessages.putEventHeaders(message, event);
            if (body instanceof byte[]) {
                message.setHeader(FastRouterRealtimeConstants.AUDIO_FORMAT, deliveryFormat.wireName());
            } else if (RealtimeMessages.GUARDRAIL_TRIPPED_EVENT.equals(event.type())) {
                message.setHeader(FastRouterRealtimeConstants.GUARDRAIL_TRIPPED, true);
            }
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            finish(exchange);
        }
    }

    private void finish(Exchange exchange) {
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing realtime event", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    /** Converts one audio delta to the delivery format, keeping resampler state across the deltas of one item. */
    private byte[] convertDelta(RealtimeSession session, RealtimeEvent event, byte[] audio) {
        AudioFormat from = session.options().outputFormat();
        if (from == deliveryFormat) {
            return audio;
        }
        String key = session.key() + "/" + event.itemId();
        return converters.computeIfAbsent(key, k -> new AudioStreamConverter(from, deliveryFormat)).convert(audio);
    }

    private void trackConverters(RealtimeSession session, RealtimeEvent event) {
        if (EventTypes.RESPONSE_OUTPUT_AUDIO_DONE.equals(event.type())) {
            converters.remove(session.key() + "/" + event.itemId());
        } else if (LifecycleEvents.CLOSED.equals(event.type())) {
            converters.keySet().removeIf(k -> k.startsWith(session.key() + "/"));
        }
    }
}
