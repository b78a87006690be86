package io.github.camelrealtime.fastrouter.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a {@link RealtimeSimulator} upgrades a handshake request or answers it over HTTP, checking in this
 * order: the path (404), a scripted rejection ({@link RealtimeSimulator#rejectHandshakes}), the API key (401), the
 * upgrade headers (426, 400). Also records when each request arrived ({@link RealtimeSimulator#handshakeAttempts()}).
 */
final class HandshakeAcceptance {

    /** An HTTP answer instead of an upgrade, with extra response headers (none: empty map). */
    record Answer(int status, String body, Map<String, String> headers) {
        Answer(int status, String body) {
            this(status, body, Map.of());
        }
    }

    /** The key a client must present; null accepts any key or none. */
    private final String apiKey;
    /**
     * The simulator's own monitor, which guards {@link #rejection} and {@link #rejectionsLeft} as it did before this
     * class existed: the simulator's synchronized {@code reset()}, {@code rejectHandshakes} and
     * {@code clearRejectedHandshakes} hold it already when they call in here (re-entering it is free).
     */
    private final Object rejectionLock;
    /** Guarded by {@link #rejectionLock}. */
    private Answer rejection;
    /** Guarded by {@link #rejectionLock}; -1: every handshake until cleared. */
    private int rejectionsLeft;
    /** {@link System#nanoTime()} of each request's arrival; guarded by itself. */
    private final List<Long> attempts = new ArrayList<>();

    HandshakeAcceptance(String apiKey, Object rejectionLock) {
        this.apiKey = apiKey;
        this.rejectionLock = rejectionLock;
    }

    /** Null to upgrade, else the HTTP answer. Called by each connection's thread once its request head is read. */
    Answer answer(HttpHandshake request) {
        synchronized (attempts) {
            attempts.add(System.nanoTime());
        }
        if (!"/v1/realtime".equals(request.path)) {
            return new Answer(404, Json.httpErrorBody(404, "Not found: " + request.path
                    + ". The Realtime endpoint is /v1/realtime.", "invalid_request_error", "not_found"));
        }
        synchronized (rejectionLock) {
            if (rejection != null && rejectionsLeft != 0) {
                Answer answer = rejection;
                if (rejectionsLeft > 0 && --rejectionsLeft == 0) {
                    rejection = null;
                }
                return answer;
            }
        }
        if (apiKey != null && !apiKey.equals(presentedKey(request))) {
            return new Answer(401, Json.httpErrorBody(401, "Invalid API key provided.", "invalid_request_error", "invalid_api_key"));
        }
        if (!request.isWebSocketUpgrade()) {
            return new Answer(426, Json.httpErrorBody(426, "Expected a WebSocket upgrade request.",
                    "invalid_request_error", "upgrade_required"));
        }
        if (!"13".equals(request.header("sec-websocket-version"))) {
            return new Answer(400, Json.httpErrorBody(400, "Unsupported Sec-WebSocket-Version; expected 13.",
                    "invalid_request_error", "bad_request"));
        }
        return null;
    }

    private static String presentedKey(HttpHandshake request) {
        String authorization = request.header("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String apiKeyHeader = request.header("api-key");
        if (apiKeyHeader != null) {
            return apiKeyHeader.trim();
        }
        String protocols = request.header("sec-websocket-protocol");
        if (protocols != null) {
            for (String protocol : protocols.split(",")) {
                String p = protocol.trim();
                if (p.startsWith("openai-insecure-api-key.")) {
                    return p.substring("openai-insecure-api-key.".length());
                }
            }
        }
        return null;
    }

    // ---- scripted rejection ------------------------------------------------------------------------------------

    /** Answers the next {@code count} handshakes (-1: all until cleared) with this status, body and extra headers. */
    void reject(int status, String jsonBody, int count, Map<String, String> headers) {
        synchronized (rejectionLock) {
            Objects.requireNonNull(jsonBody, "jsonBody");
            Map<String, String> copy = new LinkedHashMap<>();
            (headers == null ? Map.<String, String>of() : headers).forEach((name, value) -> {
                if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("header names and values cannot contain line breaks: " + name);
                }
                copy.put(name, value);
            });
            rejection = new Answer(status, jsonBody, Collections.unmodifiableMap(copy));
            rejectionsLeft = count;
        }
    }

    void clearRejection() {
        synchronized (rejectionLock) {
            rejection = null;
            rejectionsLeft = 0;
        }
    }

    // ---- attempts -----------------------------------------------------------------------------------------------

    List<Long> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    int attemptCount() {
        synchronized (attempts) {
            return attempts.size();
        }
    }

    void clearAttempts() {
        synchronized (attempts) {
            attempts.clear();
        }
    }
}
