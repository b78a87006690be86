package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the one client event that configures a session from {@link SessionSettings}: in beta a flat
 * {@code session.update} (or {@code transcription_session.update} for {@code intent=transcription}), in GA a
 * {@code session.update} whose {@code session} has {@code type} {@code realtime} or {@code transcription} and nests
 * audio settings under {@code audio.input} / {@code audio.output}. Settings are validated first; a setting that is
 * out of range, contradicts another, or has no place in the dialect fails with a
 * {@link SessionConfigurationException} naming the option, never silently dropped. {@code sessionConfig} is
 * deep-merged last into the session object, so raw JSON can add or override anything.
 */
public final class SessionUpdateEncoder {

    private static final List<String> REASONING_EFFORTS = List.of("minimal", "low", "medium", "high", "xhigh");

    private SessionUpdateEncoder() {
    }

    /**
     * The {@code session.update} (beta transcription: {@code transcription_session.update}) for these settings, with
     * no {@code event_id} (the caller adds one).
     *
     * @throws SessionConfigurationException when a setting is invalid or the dialect lacks it
     */
    public static RealtimeEvent sessionUpdate(SessionSettings settings, Dialect dialect) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(dialect, "dialect");
        boolean transcription = isTranscription(settings.intent());
        if (transcription) {
            rejectConversationOnlySettings(settings);
        }
        Values values = new Values(settings, dialect);
        ObjectNode session = switch (dialect) {
            case BETA -> transcription ? betaTranscriptionSession(values) : betaSession(values);
            case GA -> gaSession(values, transcription);
        };
        ObjectNode sessionConfig = settings.sessionConfig();
        if (sessionConfig != null) {
            deepMerge(session, sessionConfig);
        }
        String wireType = dialect == Dialect.BETA && transcription
                ? EventTypes.BETA_TRANSCRIPTION_SESSION_UPDATE : EventTypes.SESSION_UPDATE;
        ObjectNode fields = Json.NODES.objectNode();
        fields.put("type", wireType);
        fields.set("session", session);
        return new RealtimeEvent(EventTypes.SESSION_UPDATE, wireType, fields, null, 0, 0);
    }

    private static ObjectNode betaSession(Values v) {
        ObjectNode session = Json.NODES.objectNode();
        putStrings(session, "modalities", v.modalities);
        putText(session, "instructions", v.instructions);
        putNode(session, "voice", v.voice);
        putText(session, "input_audio_format", v.inputFormat);
        putText(session, "output_audio_format", v.outputFormat);
        putNode(session, "input_audio_transcription", v.transcription);
        putNode(session, "input_audio_noise_reduction", v.noiseReduction);
        putNode(session, "turn_detection", v.turnDetection);
        putNode(session, "tools", v.tools);
        putNode(session, "tool_choice", v.toolChoice);
        if (v.temperature != null) {
            session.put("temperature", v.temperature);
        }
        putNode(session, "max_response_output_tokens", v.maxOutputTokens);
        if (v.speed != null) {
            session.put("speed", v.speed);
        }
        putNode(session, "tracing", v.tracing);
        return session;
    }

    private static ObjectNode betaTranscriptionSession(Values v) {
        ObjectNode session = Json.NODES.objectNode();
        putText(session, "input_audio_format", v.inputFormat);
        putNode(session, "input_audio_transcription", v.transcription);
        putNode(session, "input_audio_noise_reduction", v.noiseReduction);
        putNode(session, "turn_detection", v.turnDetection);
        putStrings(session, "include", v.include);
        return session;
    }

    private static ObjectNode gaSession(Values v, boolean transcription) {
        ObjectNode session = Json.NODES.objectNode();
        session.put("type", transcription ? "transcription" : "realtime");
        putStrings(session, "output_modalities", v.modalities);
        putText(session, "instructions", v.instructions);
        ObjectNode input = Json.NODES.objectNode();
        if (v.inputFormat != null) {
            input.set("format", AudioFormatNames.gaFormat(v.inputFormat));
        }
        putNode(input, "transcription", v.transcription);
        putNode(input, "noise_reduction", v.noiseReduction);
        putNode(input, "turn_detection", v.turnDetection);
        ObjectNode output = Json.NODES.objectNode();
        if (v.outputFormat != null) {
            output.set("format", AudioFormatNames.gaFormat(v.outputFormat));
        }
        putNode(output, "voice", v.voice);
        if (v.speed != null) {
            output.put("speed", v.speed);
        }
        if (!input.isEmpty() || !output.isEmpty()) {
            ObjectNode audio = session.putObject("audio");
            putNode(audio, "input", input.isEmpty() ? null : input);
            putNode(audio, "output", output.isEmpty() ? null : output);
        }
        putNode(session, "tools", v.tools);
        putNode(session, "tool_choice", v.toolChoice);
        putNode(session, "max_output_tokens", v.maxOutputTokens);
        if (v.parallelToolCalls != null) {
            session.put("parallel_tool_calls", v.parallelToolCalls);
        }
        if (v.reasoningEffort != null) {
            session.putObject("reasoning").put("effort", v.reasoningEffort);
        }
        putNode(session, "truncation", v.truncation);
        putNode(session, "prompt", v.prompt);
        putNode(session, "tracing", v.tracing);
        putStrings(session, "include", v.include);
        return session;
    }

    /** Settings validated and normalised for one dialect. */
    private static final class Values {
        final List<String> modalities;
        final String instructions;
        final JsonNode voice;
        final String inputFormat;
        final String outputFormat;
        final JsonNode turnDetection;
        final ObjectNode transcription;
        final ObjectNode noiseReduction;
        final Double temperature;
        final JsonNode maxOutputTokens;
        final Double speed;
        final ArrayNode tools;
        final JsonNode toolChoice;
        final String reasoningEffort;
        final Boolean parallelToolCalls;
        final JsonNode truncation;
        final JsonNode prompt;
        final JsonNode tracing;
        final List<String> include;

        Values(SessionSettings s, Dialect dialect) {
            boolean transcriptionIntent = isTranscription(s.intent());
            modalities = modalities(s.outputModalities(), dialect);
            instructions = s.instructions();
            voice = voice(s.voice(), dialect);
            inputFormat = audioFormat("inputAudioFormat", s.inputAudioFormat());
            outputFormat = audioFormat("outputAudioFormat", s.outputAudioFormat());
            turnDetection = TurnDetectionEncoder.encode(s, dialect);
            transcription = transcription(s);
            noiseReduction = noiseReduction(s.noiseReduction());
            temperature = temperature(s.temperature(), dialect);
            maxOutputTokens = maxOutputTokens(s.maxOutputTokens());
            speed = speed(s.speed());
            tools = tools(s.tools(), dialect);
            toolChoice = toolChoice(s.toolChoice(), tools, s.sessionConfig());
            reasoningEffort = SettingChecks.gaOnly("reasoningEffort", reasoningEffort(s.reasoningEffort()), dialect);
            parallelToolCalls = SettingChecks.gaOnly("parallelToolCalls", s.parallelToolCalls(), dialect);
            truncation = SettingChecks.gaOnly("truncation", keywordOrObject("truncation", s.truncation(), List.of("auto", "disabled"), null),
                    dialect);
            prompt = SettingChecks.gaOnly("prompt", keywordOrObject("prompt", s.prompt(), null, "id"), dialect);
            tracing = tracing(s.tracing(), dialect, transcriptionIntent);
            include = include(s.include(), dialect, transcriptionIntent);
        }
    }

    private static boolean isTranscription(String intent) {
        if (intent == null) {
            return false;
        }
        return switch (SettingChecks.normalize(intent)) {
            case "conversation" -> false;
            case "transcription" -> true;
            default -> throw new SessionConfigurationException("intent",
                    "intent must be conversation or transcription, not '" + intent + "'");
        };
    }

    private static void rejectConversationOnlySettings(SessionSettings s) {
        Map<String, Object> conversationOnly = new LinkedHashMap<>();
        conversationOnly.put("instructions", s.instructions());
        conversationOnly.put("voice", s.voice());
        conversationOnly.put("outputModalities", s.outputModalities());
        conversationOnly.put("outputAudioFormat", s.outputAudioFormat());
        conversationOnly.put("temperature", s.temperature());
        conversationOnly.put("maxOutputTokens", s.maxOutputTokens());
        conversationOnly.put("speed", s.speed());
        conversationOnly.put("tools", s.tools());
        conversationOnly.put("toolChoice", s.toolChoice());
        conversationOnly.put("createResponse", s.createResponse());
        conversationOnly.put("interruptResponse", s.interruptResponse());
        conversationOnly.put("vadIdleTimeoutMs", s.vadIdleTimeoutMs());
        conversationOnly.put("reasoningEffort", s.reasoningEffort());
        conversationOnly.put("parallelToolCalls", s.parallelToolCalls());
        conversationOnly.put("truncation", s.truncation());
        conversationOnly.put("prompt", s.prompt());
        for (Map.Entry<String, Object> option : conversationOnly.entrySet()) {
            if (option.getValue() != null) {
                throw new SessionConfigurationException(option.getKey(), option.getKey()
                        + " does not apply to transcription sessions (intent=transcription): they create no responses");
            }
        }
    }

    private static List<String> modalities(List<String> given, Dialect dialect) {
        if (given == null) {
            return null;
        }
        Set<String> modalities = new LinkedHashSet<>();
        for (String modality : given) {
            String normalized = SettingChecks.normalize(modality);
            if (!normalized.equals("audio") && !normalized.equals("text")) {
                throw new SessionConfigurationException("outputModalities",
                        "outputModalities may contain audio and text, not '" + modality + "'");
            }
            modalities.add(normalized);
        }
        if (modalities.isEmpty()) {
            throw new SessionConfigurationException("outputModalities", "outputModalities must name audio or text");
        }
        if (dialect == Dialect.GA) {
            if (modalities.size() > 1) {
                throw new SessionConfigurationException("outputModalities", "outputModalities " + given
                        + " is not possible in the ga dialect: GA accepts one output modality: audio or text"
                        + " (audio output comes with its transcript)");
            }
            return List.copyOf(modalities);
        }
        // beta has no audio-only output: "audio" means audio with its transcript
        return modalities.contains("audio") ? List.of("audio", "text") : List.of("text");
    }

    private static String audioFormat(String option, String value) {
        if (value == null) {
            return null;
        }
        String betaName = AudioFormatNames.betaName(value);
        if (betaName == null) {
            throw new SessionConfigurationException(option,
                    option + " must be one of " + AudioFormatNames.ACCEPTED + ", not '" + value + "'");
        }
        return betaName;
    }

    private static ObjectNode transcription(SessionSettings s) {
        String model = SettingChecks.nonBlank("transcriptionModel", s.transcriptionModel());
        String language = SettingChecks.nonBlank("transcriptionLanguage", s.transcriptionLanguage());
        String prompt = SettingChecks.nonBlank("transcriptionPrompt", s.transcriptionPrompt());
        if (model == null) {
            for (Map.Entry<String, String> dependent : Map.of("transcriptionLanguage", language == null ? "" : language,
                    "transcriptionPrompt", prompt == null ? "" : prompt).entrySet()) {
                if (!dependent.getValue().isEmpty()) {
                    throw new SessionConfigurationException(dependent.getKey(), dependent.getKey()
                            + " needs transcriptionModel (e.g. whisper-1 or gpt-4o-transcribe)");
                }
            }
            return null;
        }
        ObjectNode node = Json.NODES.objectNode();
        node.put("model", model);
        if (language != null) {
            node.put("language", language);
        }
        if (prompt != null) {
            node.put("prompt", prompt);
        }
        return node;
    }

    private static ObjectNode noiseReduction(String value) {
        if (value == null) {
            return null;
        }
        String type = SettingChecks.normalize(value);
        if (!type.equals("near_field") && !type.equals("far_field")) {
            throw new SessionConfigurationException("noiseReduction",
                    "noiseReduction must be near_field or far_field, not '" + value + "'");
        }
        return Json.NODES.objectNode().put("type", type);
    }

    private static Double temperature(Double temperature, Dialect dialect) {
        if (temperature == null) {
            return null;
        }
        if (dialect == Dialect.GA) {
            throw new SessionConfigurationException("temperature",
                    "temperature is not supported by the ga dialect (the GA session.update has no temperature);"
                            + " remove it or use dialect=beta");
        }
        if (!(temperature >= 0.6 && temperature <= 1.2)) {
            throw new SessionConfigurationException("temperature",
                    "temperature must be between 0.6 and 1.2 (beta dialect), not " + temperature);
        }
        return temperature;
    }

    private static JsonNode maxOutputTokens(Integer value) {
        if (value == null) {
            return null;
        }
        if (value < 1) {
            throw new SessionConfigurationException("maxOutputTokens",
                    "maxOutputTokens must be at least 1 (leave it unset for the server default), not " + value);
        }
        return value == SessionSettings.INF_OUTPUT_TOKENS ? Json.NODES.textNode("inf") : Json.NODES.numberNode(value);
    }

    /** A voice name, or a custom voice object {@code {"id":"voice_…"}} (GA only). */
    private static JsonNode voice(String value, Dialect dialect) {
        String voice = SettingChecks.nonBlank("voice", value);
        if (voice == null) {
            return null;
        }
        if (!voice.startsWith("{")) {
            return Json.NODES.textNode(voice);
        }
        JsonNode node = parseObject("voice", voice);
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual() || id.textValue().isBlank()) {
            throw new SessionConfigurationException("voice", "a custom voice must be a JSON object with an \"id\" (e.g. "
                    + "{\"id\":\"voice_1234\"}), not " + voice);
        }
        return SettingChecks.gaOnly("voice", node, dialect, "a custom voice object");
    }

    private static String reasoningEffort(String value) {
        if (value == null) {
            return null;
        }
        String effort = SettingChecks.normalize(value);
        if (!REASONING_EFFORTS.contains(effort)) {
            throw new SessionConfigurationException("reasoningEffort",
                    "reasoningEffort must be one of " + String.join(", ", REASONING_EFFORTS) + ", not '" + value + "'");
        }
        return effort;
    }

    /**
     * A keyword of {@code keywords}, a JSON object text, or (when {@code idField} is given) a bare id that becomes
     * {@code {idField: value}}.
     */
    private static JsonNode keywordOrObject(String option, String value, List<String> keywords, String idField) {
        String text = SettingChecks.nonBlank(option, value);
        if (text == null) {
            return null;
        }
        if (text.startsWith("{")) {
            ObjectNode node = parseObject(option, text);
            if (idField != null && !node.path(idField).isTextual()) {
                throw new SessionConfigurationException(option, option + " as a JSON object needs an \"" + idField + "\"");
            }
            return node;
        }
        if (keywords != null) {
            String keyword = SettingChecks.normalize(text);
            if (!keywords.contains(keyword)) {
                throw new SessionConfigurationException(option, option + " must be " + String.join(", ", keywords)
                        + " or a JSON object, not '" + value + "'");
            }
            return Json.NODES.textNode(keyword);
        }
        return Json.NODES.objectNode().put(idField, text);
    }

    private static JsonNode tracing(String value, Dialect dialect, boolean transcription) {
        JsonNode tracing = keywordOrObject("tracing", value, List.of("auto"), null);
        if (tracing != null && transcription) {
            throw new SessionConfigurationException("tracing",
                    "tracing does not apply to transcription sessions (intent=transcription)");
        }
        return tracing;
    }

    private static List<String> include(List<String> include, Dialect dialect, boolean transcription) {
        if (include == null) {
            return null;
        }
        if (include.isEmpty() || include.stream().anyMatch(String::isBlank)) {
            throw new SessionConfigurationException("include", "include must name at least one field, e.g. "
                    + "item.input_audio_transcription.logprobs");
        }
        if (dialect == Dialect.BETA && !transcription) {
            throw new SessionConfigurationException("include", "include is not supported by the beta dialect in "
                    + "conversation sessions (beta has it for intent=transcription only); use dialect=ga");
        }
        return include.stream().map(String::trim).toList();
    }

    private static ObjectNode parseObject(String option, String text) {
        try {
            JsonNode node = Json.SHARED.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (Exception e) {
            throw new SessionConfigurationException(option, option + " is not valid JSON: " + e.getMessage());
        }
        throw new SessionConfigurationException(option, option + " must be a keyword or a JSON object, not " + text);
    }

    private static Double speed(Double speed) {
        if (speed != null && !(speed >= 0.25 && speed <= 1.5)) {
            throw new SessionConfigurationException("speed", "speed must be between 0.25 and 1.5, not " + speed);
        }
        return speed;
    }

    private static ArrayNode tools(JsonNode tools, Dialect dialect) {
        if (tools == null) {
            return null;
        }
        if (!tools.isArray()) {
            throw new SessionConfigurationException("tools",
                    "tools must be a JSON array of function tools, not " + ClientEventValidator.describe(tools));
        }
        ArrayNode result = Json.NODES.arrayNode();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String where = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw new SessionConfigurationException("tools",
                        where + " must be a JSON object, not " + ClientEventValidator.describe(tool));
            }
            JsonNode type = tool.get("type");
            if (type != null && type.isTextual() && type.textValue().equals("mcp")) {
                result.add(mcpTool(tool, where, dialect));
                continue;
            }
            if (type != null && !(type.isTextual() && type.textValue().equals("function"))) {
                throw new SessionConfigurationException("tools", where + " has type "
                        + ClientEventValidator.describe(type) + ": tools are function or mcp tools");
            }
            JsonNode name = tool.get("name");
            if (name == null || !name.isTextual() || name.textValue().isBlank()) {
                throw new SessionConfigurationException("tools", where + " needs a \"name\" (the function name)");
            }
            if (!names.add(name.textValue())) {
                throw new SessionConfigurationException("tools",
                        "tools declare the function '" + name.textValue() + "' twice");
            }
            JsonNode description = tool.get("description");
            if (description != null && !description.isTextual()) {
                throw new SessionConfigurationException("tools", where + " \"description\" must be a string");
            }
            JsonNode parameters = tool.get("parameters");
            if (parameters != null && !parameters.isObject()) {
                throw new SessionConfigurationException("tools",
                        where + " \"parameters\" must be a JSON Schema object");
            }
            ObjectNode copy = result.addObject();
            copy.put("type", "function");
            for (Map.Entry<String, JsonNode> field : tool.properties()) {
                if (!field.getKey().equals("type")) {
                    copy.set(field.getKey(), field.getValue().deepCopy());
                }
            }
        }
        return result;
    }

    /** An MCP tool (GA): a {@code server_label} and one of {@code server_url}, {@code connector_id}, {@code tunnel_id}. */
    private static ObjectNode mcpTool(JsonNode tool, String where, Dialect dialect) {
        if (dialect != Dialect.GA) {
            throw new SessionConfigurationException("tools", where + " is an mcp tool: MCP tools are not supported by the "
                    + dialect.wireName() + " dialect (GA only); use dialect=ga");
        }
        JsonNode label = tool.get("server_label");
        if (label == null || !label.isTextual() || label.textValue().isBlank()) {
            throw new SessionConfigurationException("tools", where + " (mcp) needs a \"server_label\"");
        }
        int targets = 0;
        for (String target : List.of("server_url", "connector_id", "tunnel_id")) {
            JsonNode value = tool.get(target);
            if (value != null && !value.isNull()) {
                if (!value.isTextual() || value.textValue().isBlank()) {
                    throw new SessionConfigurationException("tools", where + " \"" + target + "\" must be a string");
                }
                targets++;
            }
        }
        if (targets != 1) {
            throw new SessionConfigurationException("tools", where + " (mcp '" + label.textValue()
                    + "') needs exactly one of server_url, connector_id or tunnel_id");
        }
        JsonNode approval = tool.get("require_approval");
        if (approval != null && approval.isTextual() && !List.of("always", "never").contains(approval.textValue())) {
            throw new SessionConfigurationException("tools", where + " \"require_approval\" must be always, never or a "
                    + "filter object, not '" + approval.textValue() + "'");
        }
        return (ObjectNode) tool.deepCopy();
    }

    private static JsonNode toolChoice(String toolChoice, ArrayNode tools, ObjectNode sessionConfig) {
        if (toolChoice == null) {
            return null;
        }
        String choice = toolChoice.trim();
        String normalized = choice.toLowerCase(Locale.ROOT);
        if (normalized.equals("auto") || normalized.equals("none") || normalized.equals("required")) {
            return Json.NODES.textNode(normalized);
        }
        Set<String> declared = new LinkedHashSet<>(functionNames(tools));
        if (sessionConfig != null) {
            declared.addAll(functionNames(sessionConfig.get("tools")));
        }
        if (!declared.contains(choice)) {
            throw new SessionConfigurationException("toolChoice", "toolChoice '" + toolChoice
                    + "' is neither auto, none, required nor the name of a declared function tool"
                    + (declared.isEmpty() ? " (no tools are declared)" : " (declared: " + declared + ")"));
        }
        ObjectNode node = Json.NODES.objectNode();
        node.put("type", "function");
        node.put("name", choice);
        return node;
    }

    private static Set<String> functionNames(JsonNode tools) {
        Set<String> names = new LinkedHashSet<>();
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                JsonNode name = tool.get("name");
                if (name != null && name.isTextual()) {
                    names.add(name.textValue());
                }
            }
        }
        return names;
    }

    /** Objects merge key by key, recursively; any other value (arrays and null included) replaces the target's. */
    public static void deepMerge(ObjectNode target, ObjectNode source) {
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            JsonNode existing = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (existing instanceof ObjectNode existingObject && value.isObject()) {
                deepMerge(existingObject, (ObjectNode) value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private static void putText(ObjectNode target, String field, String value) {
        if (value != null) {
            target.put(field, value);
        }
    }

    private static void putStrings(ObjectNode target, String field, List<String> values) {
        if (values != null) {
            ArrayNode array = target.putArray(field);
            values.forEach(array::add);
        }
    }

    private static void putNode(ObjectNode target, String field, JsonNode value) {
        if (value != null) {
            target.set(field, value);
        }
    }
}
