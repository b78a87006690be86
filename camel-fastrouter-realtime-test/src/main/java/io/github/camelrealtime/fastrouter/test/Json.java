package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadLocalRandom;

/** JSON and id helpers shared by the simulator classes. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** A new server event with {@code type} and a fresh {@code event_id}, in that order. */
    static ObjectNode event(String type) {
        ObjectNode node = NODES.objectNode();
        node.put("type", type);
        node.put("event_id", id("event_"));
        return node;
    }

    /** An id like the real server's: the prefix and 21 random letters and digits. */
    static String id(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[21];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return prefix + new String(chars);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a field, or null when absent, null or not textual. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    static boolean isNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** The error body the real endpoint uses for HTTP-level failures. */
    static String httpErrorBody(int status, String message, String type, String code) {
        ObjectNode error = object();
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        error.put("status", status);
        ObjectNode body = object();
        body.set("error", error);
        return write(body);
    }
}
