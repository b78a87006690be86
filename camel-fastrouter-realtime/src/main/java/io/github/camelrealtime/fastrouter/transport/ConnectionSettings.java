package io.github.camelrealtime.fastrouter.transport;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Everything needed to open one {@link RealtimeConnection}. Headers are sent on the upgrade request; the JDK sets
 * {@code Connection}, {@code Upgrade}, {@code Host}, {@code Content-Length}, {@code Expect} and every
 * {@code Sec-WebSocket-*} header itself and refuses them from callers, so they are rejected here with a clear message.
 * {@link #toString()} never shows the value of a credential header.
 *
 * @param uri               the full {@code ws://} or {@code wss://} URI including the query (see {@link RealtimeUris})
 * @param headers           handshake headers, e.g. {@code Authorization} and {@code OpenAI-Beta}; null means none
 * @param connectTimeout    how long the opening handshake may take; null means {@link #DEFAULT_CONNECT_TIMEOUT}
 * @param maxMessageSize    the largest inbound message accepted, in chars (JSON is ASCII, so chars equal bytes)
 * @param sendQueueCapacity how many outbound messages may wait to be written (the one being written included)
 * @param closeTimeout      how long a graceful close may take (queued sends plus the closing handshake) before the
 *                          connection is dropped; null means {@link #DEFAULT_CLOSE_TIMEOUT}
 * @param heartbeatInterval when nothing arrives for this long, ping; when nothing answers within as long again, the
 *                          connection is dropped as lost (1006). Null or zero turns the heartbeat off
 */
public record ConnectionSettings(URI uri, Map<String, String> headers, Duration connectTimeout, int maxMessageSize,
                                 int sendQueueCapacity, Duration closeTimeout, Duration heartbeatInterval) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    public static final int DEFAULT_SEND_QUEUE_CAPACITY = 1024;

    /** Header names the JDK WebSocket client sets itself and refuses from callers (besides {@code Sec-WebSocket-*}). */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    public ConnectionSettings {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
            throw new IllegalArgumentException("the WebSocket URI must start with ws:// or wss://, not " + scheme + "://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the WebSocket URI has no host: " + RealtimeUris.redact(uri));
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the WebSocket URI must not have a fragment: " + RealtimeUris.redact(uri));
        }
        headers = validatedHeaders(headers);
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
        closeTimeout = positive(closeTimeout, DEFAULT_CLOSE_TIMEOUT, "closeTimeout");
        if (heartbeatInterval != null && (heartbeatInterval.isNegative() || heartbeatInterval.isZero())) {
            heartbeatInterval = null;
        }
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize must be positive, not " + maxMessageSize);
        }
        if (sendQueueCapacity <= 0) {
            throw new IllegalArgumentException("sendQueueCapacity must be positive, not " + sendQueueCapacity);
        }
    }

    /** Settings with the default close timeout and no heartbeat. */
    public ConnectionSettings(URI uri, Map<String, String> headers, Duration connectTimeout, int maxMessageSize,
                              int sendQueueCapacity) {
        this(uri, headers, connectTimeout, maxMessageSize, sendQueueCapacity, DEFAULT_CLOSE_TIMEOUT, null);
    }

    /** Settings without a heartbeat. */
    public ConnectionSettings(URI uri, Map<String, String> headers, Duration connectTimeout, int maxMessageSize,
                              int sendQueueCapacity, Duration closeTimeout) {
        this(uri, headers, connectTimeout, maxMessageSize, sendQueueCapacity, closeTimeout, null);
    }

    private static Map<String, String> validatedHeaders(Map<String, String> headers) {
        if (headers == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a handshake header has no name");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                    throw new IllegalArgumentException("invalid handshake header name \"" + name + "\"");
                }
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESTRICTED_HEADERS.contains(lower) || lower.startsWith("sec-websocket-")) {
                throw new IllegalArgumentException("the handshake header \"" + name
                        + "\" is set by the JDK WebSocket client and cannot be given");
            }
            if (value == null) {
                throw new IllegalArgumentException("the handshake header \"" + name + "\" has no value");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException("the value of handshake header \"" + name
                            + "\" contains a line break or NUL");
                }
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        StringJoiner shownHeaders = new StringJoiner(", ", "{", "}");
        headers.forEach((name, value) -> shownHeaders.add(name + "=" + (Secrets.isSecretName(name) ? Secrets.MASK : value)));
        return "ConnectionSettings[uri=" + RealtimeUris.redact(uri) + ", headers=" + shownHeaders
                + ", connectTimeout=" + connectTimeout + ", maxMessageSize=" + maxMessageSize
                + ", sendQueueCapacity=" + sendQueueCapacity + ", closeTimeout=" + closeTimeout + "]";
    }
}
