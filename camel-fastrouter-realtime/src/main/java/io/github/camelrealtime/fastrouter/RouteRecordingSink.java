package io.github.camelrealtime.fastrouter;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.RecordingSink;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.support.DefaultExchange;

/**
 * Sends a closed session's call recording to {@code recordTo}: the WAV as the body (bytes for a short call, a stream
 * read from the spooled channels for a long one), with the session headers, the duration and a file name
 * {@code <name>-<key>-<start, UTC>.wav}.
 */
final class RouteRecordingSink implements RecordingSink {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final FastRouterRealtimeEndpoint endpoint;
    private final String uri;

    RouteRecordingSink(FastRouterRealtimeEndpoint endpoint, String uri) {
        this.endpoint = endpoint;
        this.uri = uri;
    }

    @Override
    public void deliver(RealtimeSession session, Recording recording) throws Exception {
        Exchange exchange = new DefaultExchange(endpoint.getCamelContext(), ExchangePattern.InOnly);
        exchange.getMessage().setBody(recording.bytes() != null ? recording.bytes() : recording.stream());
        RealtimeMessages.putSessionHeaders(exchange.getMessage(), session);
        exchange.getMessage().setHeader(FastRouterRealtimeConstants.RECORDING_DURATION, recording.durationMillis());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "audio/wav");
        exchange.getMessage().setHeader(Exchange.CONTENT_LENGTH, recording.length());
        String key = session.key().key() == null ? "default" : session.key().key();
        String name = session.key().name() + "-" + key + "-" + STAMP.format(Instant.ofEpochMilli(recording.startedAtMillis())) + ".wav";
        exchange.getMessage().setHeader(Exchange.FILE_NAME, name.replaceAll("[^A-Za-z0-9._-]", "_"));
        try (var template = endpoint.getCamelContext().createProducerTemplate()) {
            Exchange done = template.send(uri, exchange);
            if (done.getException() != null) {
                throw done.getException();
            }
        }
    }
}
