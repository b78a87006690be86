package io.github.camelrealtime.fastrouter;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.camelrealtime.fastrouter.protocol.SessionUpdateEncoder;

/**
 * The header {@code CamelFastRouterRealtimeResponseOptions}: a JSON {@code String}, {@code JsonNode} or {@code Map} with
 * fields of the {@code response} object of {@code response.create} (instructions, tool_choice, output_modalities, audio,
 * max_output_tokens, metadata, input, prompt, tools, reasoning...), merged into this exchange's {@code response.create}.
 * Checked before anything is sent; the component's correlation key in {@code metadata} is added after the merge, so
 * it always survives.
 */
final class ResponseOptions {

    /** The metadata key the session adds to every response.create it writes (see session.Turn). */
    static final String CORRELATION_KEY = "camel_request";
    /** The API's metadata limits: 16 pairs (one is the component's), keys up to 64 chars, values up to 512. */
    private static final int MAX_USER_METADATA = 15;
    private static final int MAX_KEY = 64;
    private static final int MAX_VALUE = 512;

    private ResponseOptions() {
    }

    /** The options of the message, validated and copied; null when the header is absent. */
    static ObjectNode of(Object header, ObjectMapper mapper) {
        if (header == null || (header instanceof String s && s.isBlank())) {
            return null;
        }
        JsonNode node;
        try {
            if (header instanceof String s) {
                node = mapper.readTree(s);
            } else if (header instanceof JsonNode n) {
                node = n.deepCopy();
            } else if (header instanceof Map<?, ?> map) {
                node = mapper.valueToTree(map);
            } else {
                throw invalid("must be a JSON String, a JsonNode or a Map, not " + header.getClass().getName());
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw invalid("is not valid JSON: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode options)) {
            throw invalid("must be a JSON object (the fields of response.create's response), not " + node.getNodeType());
        }
        JsonNode metadata = options.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                throw invalid("metadata must be an object of string values");
            }
            if (metadata.size() > MAX_USER_METADATA) {
                throw invalid("metadata has " + metadata.size() + " keys; at most " + MAX_USER_METADATA
                              + " (the API allows 16 and the component uses one, " + CORRELATION_KEY + ")");
            }
            for (Map.Entry<String, JsonNode> e : metadata.properties()) {
                if (e.getKey().equals(CORRELATION_KEY)) {
                    throw invalid("metadata." + CORRELATION_KEY + " is the component's correlation key; use another key");
                }
                if (e.getKey().length() > MAX_KEY || !e.getValue().isTextual() || e.getValue().textValue().length() > MAX_VALUE) {
                    throw invalid("metadata." + e.getKey() + " must be a string of at most " + MAX_VALUE
                                  + " characters under a key of at most " + MAX_KEY);
                }
            }
        }
        JsonNode conversation = options.get("conversation");
        if (conversation != null && !(conversation.isTextual()
                                      && (conversation.textValue().equals("none") || conversation.textValue().equals("auto")))) {
            throw invalid("conversation must be auto or none (or use the header " + FastRouterRealtimeConstants.OUT_OF_BAND + ")");
        }
        JsonNode input = options.get("input");
        if (input != null && !input.isArray()) {
            throw invalid("input must be an array of conversation items");
        }
        JsonNode tokens = options.get("max_output_tokens");
        if (tokens != null && !(tokens.isInt() && tokens.intValue() >= 1) && !"inf".equals(tokens.asText())) {
            throw invalid("max_output_tokens must be an integer of at least 1 or \"inf\"");
        }
        return options;
    }

    /** Whether the options ask for an out-of-band response. */
    static boolean outOfBand(ObjectNode options) {
        return options != null && "none".equals(options.path("conversation").asText());
    }

    /** {@code base} (may be null) with the options merged over it, objects key by key; a fresh object. */
    static ObjectNode merge(ObjectNode base, ObjectNode options) {
        ObjectNode result = base == null ? JsonNodeFactory.instance.objectNode() : base.deepCopy();
        if (options != null) {
            SessionUpdateEncoder.deepMerge(result, options);
        }
        return result;
    }

    /** Out-of-band parameters: the options, with {@code item} appended to their {@code input}. */
    static ObjectNode withInput(ObjectNode options, ObjectNode item) {
        ObjectNode params = merge(null, options);
        ArrayNode input = params.get("input") instanceof ArrayNode a ? a : params.putArray("input");
        input.add(item);
        return params;
    }

    private static IllegalArgumentException invalid(String what) {
        return new IllegalArgumentException("The header " + FastRouterRealtimeConstants.RESPONSE_OPTIONS + " " + what);
    }
}
