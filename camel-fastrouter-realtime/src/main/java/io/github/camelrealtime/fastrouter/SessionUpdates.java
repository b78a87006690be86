package io.github.camelrealtime.fastrouter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.SessionSettings;
import org.apache.camel.support.PropertyBindingSupport;

/**
 * The body of an {@code update} action (a handoff) read into the settings it changes: a JSON object (String, Map or
 * JsonNode) in endpoint option names ({@code {"instructions": "...", "tools": [...]}}) or a raw
 * {@code {"session": {...}}} object sent as is. Settings a live session cannot change fail clearly, before anything is
 * sent.
 */
final class SessionUpdates {

    /** Session options a live session may change. */
    private static final Set<String> CHANGEABLE = Set.of("instructions", "voice", "outputModalities", "turnDetection", "vadThreshold",
            "vadPrefixPaddingMs", "vadSilenceDurationMs", "vadEagerness", "createResponse", "interruptResponse", "transcriptionModel",
            "transcriptionLanguage", "noiseReduction", "temperature", "maxOutputTokens", "speed", "tools", "toolChoice",
            "sessionConfig", "vadIdleTimeoutMs", "reasoningEffort", "parallelToolCalls", "truncation", "prompt", "tracing", "include",
            "transcriptionPrompt");
    /** Fixed for the session's life: the component converts audio and keeps its clocks in these formats. */
    private static final Set<String> FIXED = Set.of("inputAudioFormat", "outputAudioFormat", "intent");
    /** Raw session fields a live session cannot change. */
    private static final Set<String> FIXED_RAW = Set.of("type", "model", "input_audio_format", "output_audio_format");

    private SessionUpdates() {
    }

    static SessionSettings parse(FastRouterRealtimeEndpoint endpoint, Object body) throws Exception {
        JsonNode node;
        var mapper = endpoint.getComponent().codec().mapper();
        if (body instanceof String text) {
            node = mapper.readTree(text);
        } else if (body instanceof Map || body instanceof JsonNode) {
            node = mapper.valueToTree(body);
        } else {
            throw new IllegalArgumentException("An update takes a JSON object (String, Map or JsonNode) of session settings, not "
                                               + (body == null ? "no body" : body.getClass().getName()));
        }
        if (!(node instanceof ObjectNode object) || object.isEmpty()) {
            throw new IllegalArgumentException("An update takes a non-empty JSON object of session settings");
        }
        if (object.size() == 1 && object.get("session") instanceof ObjectNode raw) {
            return raw(raw);
        }
        Map<String, Object> options = new LinkedHashMap<>();
        for (var it = object.fields(); it.hasNext();) {
            var field = it.next();
            String name = field.getKey();
            if (FIXED.contains(name)) {
                throw new IllegalArgumentException("The setting " + name + " cannot change during a session (the audio formats and "
                                                   + "the intent hold for its whole life); use another endpoint");
            }
            if (!CHANGEABLE.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a session setting an update can change; use endpoint option "
                                                   + "names such as instructions, voice, tools, toolChoice, turnDetection, or a raw "
                                                   + "{\"session\": {...}} object");
            }
            JsonNode value = field.getValue();
            options.put(name, value.isValueNode() ? value.asText() : value.toString());
        }
        FastRouterRealtimeConfiguration conf = new FastRouterRealtimeConfiguration();
        PropertyBindingSupport.build().withCamelContext(endpoint.getCamelContext()).withTarget(conf).withProperties(options)
                .withMandatory(true).withRemoveParameters(true).withIgnoreCase(true).withReference(false).bind();
        return endpoint.sessionSettings(conf, endpoint.sessionOptions().transcriptionOnly());
    }

    private static SessionSettings raw(ObjectNode session) {
        for (String name : FIXED_RAW) {
            if (session.has(name)) {
                throw new IllegalArgumentException("The session field " + name + " cannot change during a session");
            }
        }
        JsonNode audio = session.path("audio");
        if (audio.path("input").has("format") || audio.path("output").has("format")) {
            throw new IllegalArgumentException("The audio formats cannot change during a session");
        }
        return SessionSettings.builder().sessionConfig(session).build();
    }
}
