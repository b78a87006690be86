package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
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

    private static final List<String> VAD_OPTIONS = List.of("vadThreshold", "vadPrefixPaddingMs",
            "vadSilenceDurationMs", "vadEagerness", "createResponse", "interruptResponse");

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
        putText(session, "voice", v.voice);
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
        if (v.maxOutputTokens != null) {
            session.put("max_response_output_tokens", v.maxOutputTokens);
        }
        if (v.speed != null) {
            session.put("speed", v.speed);
        }
        return session;
    }

    private static ObjectNode betaTranscriptionSession(Values v) {
        ObjectNode session = Json.NODES.objectNode();
        putText(session, "input_audio_format", v.inputFormat);
        putNode(session, "input_audio_transcription", v.transcription);
        putNode(session, "input_audio_noise_reduction", v.noiseReduction);
        putNode(session, "turn_detection", v.turnDetection);
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
        putText(output, "voice", v.voice);
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
        if (v.maxOutputTokens != null) {
            session.put("max_output_tokens", v.maxOutputTokens);
        }
        return session;
    }

    /** Settings validated and normalised for one dialect. */
    private static final class Values {
        final List<String> modalities;
        final String instructions;
        final String voice;
        final String inputFormat;
        final String outputFormat;
        final JsonNode turnDetection;
        final ObjectNode transcription;
        final ObjectNode noiseReduction;
        final Double temperature;
        final Integer maxOutputTokens;
        final Double speed;
        final ArrayNode tools;
        final JsonNode toolChoice;

        Values(SessionSettings s, Dialect dialect) {
            modalities = modalities(s.outputModalities(), dialect);
            instructions = s.instructions();
            voice = nonBlank("voice", s.voice());
            inputFormat = audioFormat("inputAudioFormat", s.inputAudioFormat());
            outputFormat = audioFormat("outputAudioFormat", s.outputAudioFormat());
            turnDetection = turnDetection(s);
            transcription = transcription(s);
            noiseReduction = noiseReduction(s.noiseReduction());
            temperature = temperature(s.temperature(), dialect);
            maxOutputTokens = maxOutputTokens(s.maxOutputTokens());
            speed = speed(s.speed());
            tools = tools(s.tools());
            toolChoice = toolChoice(s.toolChoice(), tools, s.sessionConfig());
        }
    }

    private static boolean isTranscription(String intent) {
        if (intent == null) {
            return false;
        }
        return switch (normalize(intent)) {
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
            String normalized = normalize(modality);
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

    private static JsonNode turnDetection(SessionSettings s) {
        String firstVadOption = firstVadOption(s);
        if (s.turnDetection() == null) {
            if (firstVadOption != null) {
                throw new SessionConfigurationException(firstVadOption, firstVadOption
                        + " needs turnDetection server_vad or semantic_vad (turnDetection is not set)");
            }
            return null;
        }
        ObjectNode node = Json.NODES.objectNode();
        switch (normalize(s.turnDetection())) {
            case "none" -> {
                if (firstVadOption != null) {
                    throw new SessionConfigurationException(firstVadOption, firstVadOption
                            + " has no effect with turnDetection=none (voice activity detection is off)");
                }
                return NullNode.getInstance();
            }
            case "server_vad" -> {
                if (s.vadEagerness() != null) {
                    throw new SessionConfigurationException("vadEagerness",
                            "vadEagerness applies to turnDetection=semantic_vad only, not server_vad");
                }
                node.put("type", "server_vad");
                if (s.vadThreshold() != null) {
                    double threshold = s.vadThreshold();
                    if (!(threshold >= 0.0 && threshold <= 1.0)) {
                        throw new SessionConfigurationException("vadThreshold",
                                "vadThreshold must be between 0.0 and 1.0, not " + threshold);
                    }
                    node.put("threshold", threshold);
                }
                if (s.vadPrefixPaddingMs() != null) {
                    node.put("prefix_padding_ms", nonNegative("vadPrefixPaddingMs", s.vadPrefixPaddingMs()));
                }
                if (s.vadSilenceDurationMs() != null) {
                    node.put("silence_duration_ms", nonNegative("vadSilenceDurationMs", s.vadSilenceDurationMs()));
                }
            }
            case "semantic_vad" -> {
                for (String option : List.of("vadThreshold", "vadPrefixPaddingMs", "vadSilenceDurationMs")) {
                    if (vadOption(s, option) != null) {
                        throw new SessionConfigurationException(option,
                                option + " applies to turnDetection=server_vad only, not semantic_vad");
                    }
                }
                node.put("type", "semantic_vad");
                if (s.vadEagerness() != null) {
                    String eagerness = normalize(s.vadEagerness());
                    if (!List.of("low", "medium", "high", "auto").contains(eagerness)) {
                        throw new SessionConfigurationException("vadEagerness",
                                "vadEagerness must be low, medium, high or auto, not '" + s.vadEagerness() + "'");
                    }
                    node.put("eagerness", eagerness);
                }
            }
            default -> throw new SessionConfigurationException("turnDetection",
                    "turnDetection must be server_vad, semantic_vad or none, not '" + s.turnDetection() + "'");
        }
        // for transcription sessions both are null here (rejected before)
        if (s.createResponse() != null) {
            node.put("create_response", s.createResponse());
        }
        if (s.interruptResponse() != null) {
            node.put("interrupt_response", s.interruptResponse());
        }
        return node;
    }

    private static String firstVadOption(SessionSettings s) {
        for (String option : VAD_OPTIONS) {
            if (vadOption(s, option) != null) {
                return option;
            }
        }
        return null;
    }

    private static Object vadOption(SessionSettings s, String option) {
        return switch (option) {
            case "vadThreshold" -> s.vadThreshold();
            case "vadPrefixPaddingMs" -> s.vadPrefixPaddingMs();
            case "vadSilenceDurationMs" -> s.vadSilenceDurationMs();
            case "vadEagerness" -> s.vadEagerness();
            case "createResponse" -> s.createResponse();
            case "interruptResponse" -> s.interruptResponse();
            default -> throw new IllegalArgumentException(option);
        };
    }

    private static ObjectNode transcription(SessionSettings s) {
        String model = nonBlank("transcriptionModel", s.transcriptionModel());
        String language = nonBlank("transcriptionLanguage", s.transcriptionLanguage());
        if (model == null) {
            if (language != null) {
                throw new SessionConfigurationException("transcriptionLanguage",
                        "transcriptionLanguage needs transcriptionModel (e.g. whisper-1 or gpt-4o-transcribe)");
            }
            return null;
        }
        ObjectNode node = Json.NODES.objectNode();
        node.put("model", model);
        if (language != null) {
            node.put("language", language);
        }
        return node;
    }

    private static ObjectNode noiseReduction(String value) {
        if (value == null) {
            return null;
        }
        String type = normalize(value);
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

    private static Integer maxOutputTokens(Integer value) {
        if (value != null && value < 1) {
            throw new SessionConfigurationException("maxOutputTokens",
                    "maxOutputTokens must be at least 1 (leave it unset for the server default), not " + value);
        }
        return value;
    }

    private static Double speed(Double speed) {
        if (speed != null && !(speed >= 0.25 && speed <= 1.5)) {
            throw new SessionConfigurationException("speed", "speed must be between 0.25 and 1.5, not " + speed);
        }
        return speed;
    }

    private static ArrayNode tools(JsonNode tools) {
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
            if (type != null && !(type.isTextual() && type.textValue().equals("function"))) {
                throw new SessionConfigurationException("tools", where + " has type "
                        + ClientEventValidator.describe(type)
                        + ": only function tools are supported here (give other kinds of tools through sessionConfig)");
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
    static void deepMerge(ObjectNode target, ObjectNode source) {
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

    private static int nonNegative(String option, int value) {
        if (value < 0) {
            throw new SessionConfigurationException(option, option + " must not be negative, not " + value);
        }
        return value;
    }

    private static String nonBlank(String option, String value) {
        if (value != null && value.isBlank()) {
            throw new SessionConfigurationException(option, option + " must not be blank");
        }
        return value == null ? null : value.trim();
    }

    private static String normalize(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
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
