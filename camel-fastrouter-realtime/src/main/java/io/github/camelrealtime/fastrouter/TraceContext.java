package io.github.camelrealtime.fastrouter;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/**
 * The W3C {@code traceparent} of an exchange, when Camel's tracing (camel-opentelemetry, camel-telemetry…) put one on
 * the message: the component sends it on the handshake of a session the exchange opens, and in the {@code metadata}
 * of the responses the exchange asks for, so a trace shows the Realtime call. Nothing is sent without one.
 */
final class TraceContext {

    static final String HEADER = "traceparent";
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private TraceContext() {
    }

    /** The exchange's valid {@code traceparent}, or null. */
    static String of(Exchange exchange) {
        String value = exchange.getMessage().getHeader(HEADER, String.class);
        return value != null && TRACEPARENT.matcher(value.trim()).matches() ? value.trim() : null;
    }

    /** The response parameters with {@code metadata.traceparent} added (a fresh object; the given one is not changed). */
    static ObjectNode traced(ObjectNode params, String traceparent) {
        if (traceparent == null) {
            return params;
        }
        ObjectNode result = params == null ? JsonNodeFactory.instance.objectNode() : params.deepCopy();
        ObjectNode metadata = result.get("metadata") instanceof ObjectNode m ? m : result.putObject("metadata");
        if (!metadata.has(HEADER)) {
            metadata.put(HEADER, traceparent);
        }
        return result;
    }
}
