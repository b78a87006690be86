package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The session object of one simulated connection, kept in the connection's dialect shape (beta flat fields or GA
 * nested {@code audio.input/output}), with the validation rules of {@code session.update} and
 * {@code transcription_session.update} and the settings the simulator derives from it.
 */
final class SessionSettings {

    /** A rejected update: the error code, message and param the real server reports. */
    record Violation(String code, String message, String param) {
    }

    static final String DEFAULT_INSTRUCTIONS = "You are the Realtime simulator: answers are deterministic echoes of the input.";
    private static final Set<String> READ_ONLY = Set.of("id", "object", "expires_at");
    private static final Set<String> GA_REALTIME_KEYS = Set.of("type", "model", "output_modalities", "instructions", "audio",
            "tools", "tool_choice", "max_output_tokens", "tracing", "prompt", "include", "truncation", "parallel_tool_calls",
            "reasoning", "client_secret");
    private static final Set<String> GA_TRANSCRIPTION_KEYS = Set.of("type", "audio", "include", "client_secret");
    private static final Set<String> GA_AUDIO_INPUT_KEYS = Set.of("format", "transcription", "noise_reduction", "turn_detection");
    private static final Set<String> GA_AUDIO_OUTPUT_KEYS = Set.of("format", "voice", "speed");
    private static final Set<String> BETA_REALTIME_KEYS = Set.of("modalities", "instructions", "voice", "input_audio_format",
            "output_audio_format", "input_audio_transcription", "input_audio_noise_reduction", "turn_detection", "tools",
            "tool_choice", "temperature", "max_response_output_tokens", "speed", "tracing", "model", "include", "client_secret");
    private static final Set<String> BETA_TRANSCRIPTION_KEYS = Set.of("input_audio_format", "input_audio_transcription",
            "turn_detection", "input_audio_noise_reduction", "include", "modalities", "client_secret");

    final boolean beta;
    private boolean transcription;
    private ObjectNode session;

    SessionSettings(boolean beta, boolean transcription, String sessionId, String model, boolean serverVad, long expiresAt) {
        this.beta = beta;
        this.transcription = transcription;
        this.session = initial(sessionId, model, serverVad, expiresAt);
    }

    private ObjectNode initial(String sessionId, String model, boolean serverVad, long expiresAt) {
        ObjectNode s = Json.object();
        JsonNode turnDetection = serverVad ? normalizeTurnDetection(serverVadDefaults()) : NullNode.instance;
        if (beta) {
            s.put("id", sessionId);
            if (transcription) {
                s.put("object", "realtime.transcription_session");
                s.put("expires_at", expiresAt);
                s.put("input_audio_format", "pcm16");
                s.set("input_audio_transcription", defaultTranscription());
                s.set("turn_detection", turnDetection);
                s.putNull("input_audio_noise_reduction");
                s.putNull("include");
                s.set("modalities", Json.array().add("text"));
                s.putNull("client_secret");
                return s;
            }
            s.put("object", "realtime.session");
            s.put("model", model);
            s.put("expires_at", expiresAt);
            s.set("modalities", Json.array().add("audio").add("text"));
            s.put("instructions", DEFAULT_INSTRUCTIONS);
            s.put("voice", "alloy");
            s.put("input_audio_format", "pcm16");
            s.put("output_audio_format", "pcm16");
            s.putNull("input_audio_transcription");
            s.putNull("input_audio_noise_reduction");
            s.set("turn_detection", turnDetection);
            s.set("tools", Json.array());
            s.put("tool_choice", "auto");
            s.put("temperature", 0.8);
            s.put("max_response_output_tokens", "inf");
            s.put("speed", 1.0);
            s.putNull("tracing");
            s.putNull("include");
            s.putNull("client_secret");
            return s;
        }
        ObjectNode input = Json.object();
        input.set("format", pcmFormat());
        input.set("transcription", transcription ? defaultTranscription() : NullNode.instance);
        input.putNull("noise_reduction");
        input.set("turn_detection", turnDetection);
        ObjectNode audio = Json.object();
        audio.set("input", input);
        if (transcription) {
            s.put("type", "transcription");
            s.put("object", "realtime.transcription_session");
            s.put("id", sessionId);
            s.put("expires_at", expiresAt);
            s.set("audio", audio);
            s.putNull("include");
            return s;
        }
        ObjectNode output = Json.object();
        output.set("format", pcmFormat());
        output.put("voice", "marin");
        output.put("speed", 1.0);
        audio.set("output", output);
        s.put("type", "realtime");
        s.put("object", "realtime.session");
        s.put("id", sessionId);
        s.put("model", model);
        s.set("output_modalities", Json.array().add("audio"));
        s.put("instructions", DEFAULT_INSTRUCTIONS);
        s.set("tools", Json.array());
        s.put("tool_choice", "auto");
        s.put("max_output_tokens", "inf");
        s.putNull("tracing");
        s.put("truncation", "auto");
        s.putNull("prompt");
        s.put("expires_at", expiresAt);
        s.set("audio", audio);
        s.putNull("include");
        return s;
    }

    private static ObjectNode serverVadDefaults() {
        ObjectNode td = Json.object();
        td.put("type", "server_vad");
        return td;
    }

    private static ObjectNode defaultTranscription() {
        ObjectNode t = Json.object();
        t.put("model", "gpt-4o-transcribe");
        t.putNull("language");
        t.put("prompt", "");
        return t;
    }

    private static ObjectNode pcmFormat() {
        ObjectNode f = Json.object();
        f.put("type", "audio/pcm");
        f.put("rate", 24000);
        return f;
    }

    boolean transcription() {
        return transcription;
    }

    /** A copy of the session object for {@code session.created/updated}. */
    ObjectNode snapshot() {
        return session.deepCopy();
    }

    // ---- validation ------------------------------------------------------------------------------------------

    /** Validates an update; {@code transcriptionEvent} is true for beta {@code transcription_session.update}. */
    Violation validate(JsonNode update, boolean transcriptionEvent) {
        if (update == null || update.isNull() || update.isMissingNode()) {
            return new Violation("missing_required_parameter", "Missing required parameter: 'session'.", "session");
        }
        if (!update.isObject()) {
            return invalidType("session", "an object", update);
        }
        return beta ? validateBeta(update, transcriptionEvent || transcription) : validateGa(update);
    }

    private Violation validateGa(JsonNode update) {
        JsonNode type = update.get("type");
        if (Json.isNull(type)) {
            return new Violation("missing_required_parameter", "Missing required parameter: 'session.type'.", "session.type");
        }
        if (!type.isTextual() || !(type.textValue().equals("realtime") || type.textValue().equals("transcription"))) {
            return new Violation("invalid_value", "Invalid value: '" + type.asText()
                    + "'. Supported values are: 'realtime' and 'transcription'.", "session.type");
        }
        boolean toTranscription = type.textValue().equals("transcription");
        Set<String> allowed = toTranscription ? GA_TRANSCRIPTION_KEYS : GA_REALTIME_KEYS;
        for (Iterator<String> it = update.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key) && !READ_ONLY.contains(key)) {
                return unknown("session." + key);
            }
        }
        JsonNode modalities = update.get("output_modalities");
        if (modalities != null) {
            if (!modalities.isArray() || modalities.size() != 1
                    || !(modalities.get(0).asText().equals("audio") || modalities.get(0).asText().equals("text"))) {
                return new Violation("invalid_value", "Invalid value for 'session.output_modalities': supported values are"
                        + " ['audio'] and ['text'].", "session.output_modalities");
            }
        }
        JsonNode reasoning = update.get("reasoning");
        if (reasoning != null && !reasoning.isNull()) {
            String effort = Json.text(reasoning, "effort");
            if (!reasoning.isObject() || (effort != null && !Set.of("minimal", "low", "medium", "high", "xhigh").contains(effort))) {
                return new Violation("invalid_value", "Invalid value: '" + effort
                        + "'. Supported values are: 'minimal', 'low', 'medium', 'high', and 'xhigh'.", "session.reasoning.effort");
            }
        }
        JsonNode maxTokens = update.get("max_output_tokens");
        if (maxTokens != null && !maxTokens.isNull() && !(maxTokens.isInt() && maxTokens.asInt() >= 1 && maxTokens.asInt() <= 4096)
                && !"inf".equals(maxTokens.asText())) {
            return new Violation("invalid_value", "Invalid 'session.max_output_tokens': expected an integer between 1 and 4096"
                    + " or 'inf'.", "session.max_output_tokens");
        }
        JsonNode audio = update.get("audio");
        if (audio != null && !audio.isNull()) {
            if (!audio.isObject()) {
                return invalidType("session.audio", "an object", audio);
            }
            for (Iterator<String> it = audio.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!key.equals("input") && !(key.equals("output") && !toTranscription)) {
                    return unknown("session.audio." + key);
                }
            }
            Violation v = validateGaAudio(audio.get("input"), "session.audio.input", GA_AUDIO_INPUT_KEYS);
            if (v == null) {
                v = validateGaAudio(audio.get("output"), "session.audio.output", GA_AUDIO_OUTPUT_KEYS);
            }
            if (v != null) {
                return v;
            }
        }
        return validateTools(update.get("tools"), false);
    }

    private Violation validateGaAudio(JsonNode part, String path, Set<String> allowed) {
        if (part == null || part.isNull()) {
            return null;
        }
        if (!part.isObject()) {
            return invalidType(path, "an object", part);
        }
        for (Iterator<String> it = part.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                return unknown(path + "." + key);
            }
        }
        JsonNode format = part.get("format");
        if (format != null && !format.isNull()) {
            if (!format.isObject()) {
                return invalidType(path + ".format", "an object", format);
            }
            String formatType = Json.text(format, "type");
            if (SimulatorAudioFormat.fromGaType(formatType) == null) {
                return new Violation("invalid_value", "Invalid value: '" + formatType
                        + "'. Supported values are: 'audio/pcm', 'audio/pcmu', and 'audio/pcma'.", path + ".format.type");
            }
            JsonNode rate = format.get("rate");
            if (rate != null && !rate.isNull() && "audio/pcm".equals(formatType) && rate.asInt() != 24000) {
                return new Violation("invalid_value", "Invalid value: " + rate.asText()
                        + ". Supported values are: 24000.", path + ".format.rate");
            }
        }
        return validateTurnDetection(part.get("turn_detection"), path + ".turn_detection");
    }

    private Violation validateBeta(JsonNode update, boolean transcriptionShape) {
        Set<String> allowed = transcriptionShape ? BETA_TRANSCRIPTION_KEYS : BETA_REALTIME_KEYS;
        for (Iterator<String> it = update.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key) && !READ_ONLY.contains(key)) {
                return unknown("session." + key);
            }
        }
        for (String key : List.of("input_audio_format", "output_audio_format")) {
            JsonNode format = update.get(key);
            if (format != null && !format.isNull() && SimulatorAudioFormat.fromBetaName(format.asText()) == null) {
                return new Violation("invalid_value", "Invalid value: '" + format.asText()
                        + "'. Supported values are: 'pcm16', 'g711_ulaw', and 'g711_alaw'.", "session." + key);
            }
        }
        JsonNode modalities = update.get("modalities");
        if (modalities != null && !transcriptionShape) {
            List<String> values = new ArrayList<>();
            modalities.forEach(m -> values.add(m.asText()));
            boolean textOnly = values.equals(List.of("text"));
            boolean audioAndText = values.size() == 2 && values.contains("audio") && values.contains("text");
            if (!textOnly && !audioAndText) {
                return new Violation("invalid_value", "Invalid modalities: " + pythonList(values)
                        + ". Supported combinations are: ['text'] and ['audio', 'text'].", "session.modalities");
            }
        }
        JsonNode temperature = update.get("temperature");
        if (temperature != null && temperature.isNumber()) {
            double t = temperature.doubleValue();
            if (t < 0.6) {
                return new Violation("decimal_below_min_value", "Invalid 'session.temperature': decimal below minimum value."
                        + " Expected a value >= 0.6, but got " + t + " instead.", "session.temperature");
            }
            if (t > 1.2) {
                return new Violation("decimal_above_max_value", "Invalid 'session.temperature': decimal above maximum value."
                        + " Expected a value <= 1.2, but got " + t + " instead.", "session.temperature");
            }
        }
        Violation v = validateTurnDetection(update.get("turn_detection"), "session.turn_detection");
        return v != null ? v : validateTools(update.get("tools"), true);
    }

    private static String pythonList(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('\'').append(values.get(i)).append('\'');
        }
        return b.append(']').toString();
    }

    private Violation validateTurnDetection(JsonNode td, String path) {
        if (td == null || td.isNull()) {
            return null;
        }
        if (!td.isObject()) {
            return invalidType(path, "an object", td);
        }
        String type = Json.text(td, "type");
        if (type == null) {
            type = "server_vad";
        }
        if (!type.equals("server_vad") && !type.equals("semantic_vad")) {
            return new Violation("invalid_value", "Invalid value: '" + type
                    + "'. Supported values are: 'server_vad' and 'semantic_vad'.", path + ".type");
        }
        JsonNode threshold = td.get("threshold");
        if (threshold != null && threshold.isNumber() && (threshold.doubleValue() < 0 || threshold.doubleValue() > 1)) {
            return new Violation("invalid_value", "Invalid '" + path + ".threshold': expected a value between 0.0 and 1.0.",
                    path + ".threshold");
        }
        String eagerness = Json.text(td, "eagerness");
        if (eagerness != null && !Set.of("low", "medium", "high", "auto").contains(eagerness)) {
            return new Violation("invalid_value", "Invalid value: '" + eagerness
                    + "'. Supported values are: 'low', 'medium', 'high', and 'auto'.", path + ".eagerness");
        }
        return null;
    }

    /** Function tools need a name; MCP tools (GA only) a server_label. */
    private static Violation validateTools(JsonNode tools, boolean beta) {
        if (tools == null || tools.isNull()) {
            return null;
        }
        if (!tools.isArray()) {
            return invalidType("session.tools", "an array", tools);
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = Json.text(tool, "type");
            if ((type == null || type.equals("function")) && Json.text(tool, "name") == null) {
                return new Violation("missing_required_parameter", "Missing required parameter: 'session.tools[" + i + "].name'.",
                        "session.tools[" + i + "].name");
            }
            if ("mcp".equals(type) && beta) {
                return new Violation("invalid_value", "Invalid value: 'mcp'. Supported values are: 'function'.",
                        "session.tools[" + i + "].type");
            }
            if ("mcp".equals(type) && Json.text(tool, "server_label") == null) {
                return new Violation("missing_required_parameter", "Missing required parameter: 'session.tools[" + i
                        + "].server_label'.", "session.tools[" + i + "].server_label");
            }
        }
        return null;
    }

    private static Violation unknown(String param) {
        return new Violation("unknown_parameter", "Unknown parameter: '" + param + "'.", param);
    }

    private static Violation invalidType(String param, String expected, JsonNode got) {
        return new Violation("invalid_type", "Invalid type for '" + param + "': expected " + expected + ", but got "
                + got.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " instead.", param);
    }

    // ---- applying ----------------------------------------------------------------------------------------------

    /** Applies a validated update. */
    void apply(JsonNode update, boolean transcriptionEvent) {
        if (beta) {
            if (transcriptionEvent && !transcription) {
                transcription = true;
                ObjectNode reshaped = initial(Json.text(session, "id"), null, !Json.isNull(session.get("turn_detection")), session.path("expires_at").asLong());
                copyIfPresent(session, reshaped, "input_audio_format", "turn_detection", "input_audio_noise_reduction");
                session = reshaped;
            }
            for (Map.Entry<String, JsonNode> field : update.properties()) {
                String key = field.getKey();
                if (READ_ONLY.contains(key)) {
                    continue;
                }
                session.set(key, key.equals("turn_detection") ? normalizeTurnDetection(field.getValue()) : field.getValue().deepCopy());
            }
            return;
        }
        boolean toTranscription = "transcription".equals(Json.text(update, "type"));
        if (toTranscription != transcription) {
            transcription = toTranscription;
            ObjectNode reshaped = initial(Json.text(session, "id"), Json.text(session, "model"), false, session.path("expires_at").asLong());
            ObjectNode reshapedInput = (ObjectNode) reshaped.path("audio").path("input");
            JsonNode oldInput = session.path("audio").path("input");
            for (String key : List.of("format", "noise_reduction", "turn_detection")) {
                if (oldInput.has(key)) {
                    reshapedInput.set(key, oldInput.get(key).deepCopy());
                }
            }
            session = reshaped;
        }
        for (Map.Entry<String, JsonNode> field : update.properties()) {
            String key = field.getKey();
            if (READ_ONLY.contains(key)) {
                continue;
            }
            if (key.equals("audio") && field.getValue().isObject()) {
                ObjectNode audio = objectField(session, "audio");
                for (Map.Entry<String, JsonNode> part : field.getValue().properties()) {
                    if (!part.getValue().isObject()) {
                        continue;
                    }
                    ObjectNode target = objectField(audio, part.getKey());
                    for (Map.Entry<String, JsonNode> setting : part.getValue().properties()) {
                        JsonNode value = setting.getValue();
                        switch (setting.getKey()) {
                            case "format" -> target.set("format", normalizeGaFormat(value));
                            case "turn_detection" -> target.set("turn_detection", normalizeTurnDetection(value));
                            default -> target.set(setting.getKey(), value.deepCopy());
                        }
                    }
                }
            } else {
                session.set(key, field.getValue().deepCopy());
            }
        }
    }

    private static ObjectNode objectField(ObjectNode parent, String name) {
        JsonNode existing = parent.get(name);
        if (existing instanceof ObjectNode object) {
            return object;
        }
        return parent.putObject(name);
    }

    private static void copyIfPresent(ObjectNode from, ObjectNode to, String... keys) {
        for (String key : keys) {
            if (from.has(key)) {
                to.set(key, from.get(key).deepCopy());
            }
        }
    }

    private static JsonNode normalizeGaFormat(JsonNode format) {
        if (format == null || format.isNull()) {
            return pcmFormat();
        }
        ObjectNode f = Json.object();
        String type = Json.text(format, "type");
        f.put("type", type);
        if ("audio/pcm".equals(type)) {
            f.put("rate", 24000);
        }
        return f;
    }

    private JsonNode normalizeTurnDetection(JsonNode td) {
        if (td == null || td.isNull()) {
            return NullNode.instance;
        }
        String type = td.hasNonNull("type") ? td.get("type").asText() : "server_vad";
        ObjectNode n = Json.object();
        n.put("type", type);
        if (type.equals("semantic_vad")) {
            n.put("eagerness", td.hasNonNull("eagerness") ? td.get("eagerness").asText() : "auto");
        } else {
            n.put("threshold", td.hasNonNull("threshold") ? td.get("threshold").asDouble() : 0.5);
            n.put("prefix_padding_ms", td.hasNonNull("prefix_padding_ms") ? td.get("prefix_padding_ms").asInt() : 300);
            n.put("silence_duration_ms", td.hasNonNull("silence_duration_ms") ? td.get("silence_duration_ms").asInt() : 200);
            if (!beta) {
                n.set("idle_timeout_ms", td.hasNonNull("idle_timeout_ms") ? td.get("idle_timeout_ms").deepCopy() : NullNode.instance);
            }
        }
        n.put("create_response", !td.hasNonNull("create_response") || td.get("create_response").asBoolean());
        n.put("interrupt_response", !td.hasNonNull("interrupt_response") || td.get("interrupt_response").asBoolean());
        return n;
    }

    // ---- derived settings ----------------------------------------------------------------------------------------

    SimulatorAudioFormat inputFormat() {
        SimulatorAudioFormat f = beta ? SimulatorAudioFormat.fromBetaName(Json.text(session, "input_audio_format"))
                : SimulatorAudioFormat.fromGaType(Json.text(session.path("audio").path("input").path("format"), "type"));
        return f == null ? SimulatorAudioFormat.PCM16 : f;
    }

    SimulatorAudioFormat outputFormat() {
        SimulatorAudioFormat f = beta ? SimulatorAudioFormat.fromBetaName(Json.text(session, "output_audio_format"))
                : SimulatorAudioFormat.fromGaType(Json.text(session.path("audio").path("output").path("format"), "type"));
        return f == null ? SimulatorAudioFormat.PCM16 : f;
    }

    boolean audioOutput() {
        JsonNode modalities = session.get(beta ? "modalities" : "output_modalities");
        if (modalities == null || !modalities.isArray()) {
            return true;
        }
        for (JsonNode m : modalities) {
            if ("audio".equals(m.asText())) {
                return true;
            }
        }
        return false;
    }

    /** The turn detection object, or null when turn detection is off. */
    JsonNode turnDetection() {
        JsonNode td = beta ? session.get("turn_detection") : session.path("audio").path("input").get("turn_detection");
        return Json.isNull(td) ? null : td;
    }

    boolean transcribes() {
        if (transcription) {
            return true;
        }
        JsonNode t = beta ? session.get("input_audio_transcription") : session.path("audio").path("input").get("transcription");
        return !Json.isNull(t);
    }

    ArrayNode tools() {
        JsonNode tools = session.get("tools");
        return tools != null && tools.isArray() ? (ArrayNode) tools : Json.array();
    }

    JsonNode toolChoice() {
        return session.path("tool_choice");
    }

    String instructions() {
        return Json.text(session, "instructions");
    }

    String voice() {
        String voice = beta ? Json.text(session, "voice") : Json.text(session.path("audio").path("output"), "voice");
        if (voice == null && !beta) {
            // a custom voice object {"id": "voice_…"}
            voice = Json.text(session.path("audio").path("output").path("voice"), "id");
        }
        return voice == null ? (beta ? "alloy" : "marin") : voice;
    }
}
