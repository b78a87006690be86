package io.github.camelrealtime.fastrouter.session;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.protocol.SessionSettings;
import io.github.camelrealtime.fastrouter.transport.RealtimeUris;

/**
 * Everything a session needs to connect and behave, resolved from an endpoint's configuration.
 *
 * @param uri                   the full server URI, query included
 * @param apiKey                sent as {@code Authorization: Bearer}; never logged (see {@link #toString()})
 * @param heartbeatInterval     silence after which the socket is pinged, and then dropped as lost; null = off
 * @param sessionIdleTimeout    a keyed session idle this long is closed; null = never
 * @param maxSessionDuration    a socket this old is recycled at a quiet moment; null = never
 * @param reconnectMaxAttempts  0 means unlimited
 */
public record SessionOptions(
        URI uri,
        String apiKey,
        Map<String, String> extraHeaders,
        DialectChoice dialect,
        Duration connectTimeout,
        int maxMessageSize,
        int sendQueueCapacity,
        Duration heartbeatInterval,
        Duration sessionIdleTimeout,
        Duration maxSessionDuration,
        SessionSettings settings,
        AudioFormat inputFormat,
        AudioFormat outputFormat,
        boolean textOutput,
        boolean transcriptionOnly,
        Duration responseTimeout,
        boolean reconnect,
        Duration reconnectInitialDelay,
        Duration reconnectMaxDelay,
        long reconnectMaxAttempts) {

    public SessionOptions {
        extraHeaders = Map.copyOf(extraHeaders);
    }

    /** These options with one more handshake header (e.g. a {@code traceparent}). */
    public SessionOptions withExtraHeader(String name, String value) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(extraHeaders);
        headers.put(name, value);
        return new SessionOptions(uri, apiKey, headers, dialect, connectTimeout, maxMessageSize, sendQueueCapacity, heartbeatInterval,
                sessionIdleTimeout, maxSessionDuration, settings, inputFormat, outputFormat, textOutput, transcriptionOnly,
                responseTimeout, reconnect, reconnectInitialDelay, reconnectMaxDelay, reconnectMaxAttempts);
    }

    @Override
    public String toString() {
        return "SessionOptions[uri=" + RealtimeUris.redact(uri) + ", apiKey=" + (apiKey == null ? "none" : "***") + ", dialect=" + dialect.mode()
               + ", input=" + inputFormat + ", output=" + outputFormat + ", textOutput=" + textOutput
               + ", reconnect=" + reconnect + "]";
    }
}
