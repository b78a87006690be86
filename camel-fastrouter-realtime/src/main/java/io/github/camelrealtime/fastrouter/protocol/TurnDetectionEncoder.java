package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The {@code turn_detection} object of a session (the same shape in both dialects; GA nests it under
 * {@code audio.input}): {@code turnDetection} and the {@code vad*} options that refine it, each checked against the
 * detection type it applies to.
 */
final class TurnDetectionEncoder {

    private static final List<String> VAD_OPTIONS = List.of("vadThreshold", "vadPrefixPaddingMs",
            "vadSilenceDurationMs", "vadEagerness", "createResponse", "interruptResponse", "vadIdleTimeoutMs");

    private TurnDetectionEncoder() {
    }

    /** The node to send ({@link NullNode} for {@code none}), or null when {@code turnDetection} is not set. */
    static JsonNode encode(SessionSettings s, Dialect dialect) {
        String firstVadOption = firstVadOption(s);
        if (s.turnDetection() == null) {
            if (firstVadOption != null) {
                throw new SessionConfigurationException(firstVadOption, firstVadOption
                        + " needs turnDetection server_vad or semantic_vad (turnDetection is not set)");
            }
            return null;
        }
        ObjectNode node = Json.NODES.objectNode();
        switch (SettingChecks.normalize(s.turnDetection())) {
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
                    node.put("prefix_padding_ms", SettingChecks.nonNegative("vadPrefixPaddingMs", s.vadPrefixPaddingMs()));
                }
                if (s.vadSilenceDurationMs() != null) {
                    node.put("silence_duration_ms", SettingChecks.nonNegative("vadSilenceDurationMs", s.vadSilenceDurationMs()));
                }
                if (s.vadIdleTimeoutMs() != null) {
                    SettingChecks.gaOnly("vadIdleTimeoutMs", s.vadIdleTimeoutMs(), dialect);
                    if (s.vadIdleTimeoutMs() < 1) {
                        throw new SessionConfigurationException("vadIdleTimeoutMs",
                                "vadIdleTimeoutMs must be at least 1 (leave it unset for no idle timeout), not " + s.vadIdleTimeoutMs());
                    }
                    node.put("idle_timeout_ms", s.vadIdleTimeoutMs());
                }
            }
            case "semantic_vad" -> {
                for (String option : List.of("vadThreshold", "vadPrefixPaddingMs", "vadSilenceDurationMs", "vadIdleTimeoutMs")) {
                    if (vadOption(s, option) != null) {
                        throw new SessionConfigurationException(option,
                                option + " applies to turnDetection=server_vad only, not semantic_vad");
                    }
                }
                node.put("type", "semantic_vad");
                if (s.vadEagerness() != null) {
                    String eagerness = SettingChecks.normalize(s.vadEagerness());
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
            case "vadIdleTimeoutMs" -> s.vadIdleTimeoutMs();
            default -> throw new IllegalArgumentException(option);
        };
    }
}
