package io.github.camelrealtime.fastrouter.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;

/**
 * Turns the JDK's {@link WebSocketHandshakeException} into a {@link RealtimeHandshakeException}.
 *
 * <p>The JDK (since 16, so on every Java 17) reads the response to the upgrade request with
 * {@code BodyHandlers.ofString()}, so {@code getResponse().body()} already holds the server's error body as a String:
 * no second request is needed to read it. The exception's response also references the request, whose headers carry
 * the credentials, so it is not kept as the cause.
 */
final class HandshakeFailures {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Bodies above this are not parsed as JSON (an error body is a few hundred bytes). */
    private static final int MAX_PARSED_BODY = 64 * 1024;
    /** How much of a non-JSON body is kept as the server message. */
    private static final int MAX_TEXT_MESSAGE = 300;

    private HandshakeFailures() {
    }

    static Throwable translate(Throwable failure, ConnectionSettings settings) {
        if (!(failure instanceof WebSocketHandshakeException handshake)) {
            return failure;
        }
        List<String> secrets = Secrets.secretValues(settings.headers());
        HttpResponse<?> response = handshake.getResponse();
        int status = response.statusCode();
        String body = response.body() instanceof String text ? text : null;
        String type = null;
        String code = null;
        String message = null;
        JsonNode error = parseError(body);
        if (error != null) {
            type = textOrNull(error.get("type"));
            code = textOrNull(error.get("code"));
            message = textOrNull(error.get("message"));
        } else if (body != null && !body.isBlank()) {
            String collapsed = body.strip().replaceAll("\\s+", " ");
            message = collapsed.length() > MAX_TEXT_MESSAGE ? collapsed.substring(0, MAX_TEXT_MESSAGE) + "…" : collapsed;
        }
        Throwable detail = handshake.getCause();
        if (status == 101 && message == null && detail != null) {
            message = detail.getMessage();
        }
        Duration retryAfter = response.headers().firstValue("Retry-After").map(HandshakeFailures::seconds).orElse(null);
        return new RealtimeHandshakeException(status, Secrets.redact(type, secrets), Secrets.redact(code, secrets),
                Secrets.redact(message, secrets), retryAfter, RealtimeUris.redact(settings.uri()), detail);
    }

    /** The {@code error} object of an OpenAI-style body, or the root object when it has a {@code message}. */
    private static JsonNode parseError(String body) {
        if (body == null || body.length() > MAX_PARSED_BODY || !body.stripLeading().startsWith("{")) {
            return null;
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            JsonNode error = root.get("error");
            if (error != null && error.isObject()) {
                return error;
            }
            if (error != null && error.isTextual()) {
                return MAPPER.createObjectNode().put("message", error.asText());
            }
            return root.has("message") ? root : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    private static Duration seconds(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
