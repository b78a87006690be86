package io.github.camelrealtime.fastrouter.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.SessionSettings;
import io.github.camelrealtime.fastrouter.protocol.SessionUpdateEncoder;

/**
 * The settings a session applies on every new socket: the endpoint's, with the updates applied mid-call (handoffs)
 * laid over them, so a reconnect or recycle keeps the agent the call was handed to.
 */
final class SettingsOverlay {

    private SettingsOverlay() {
    }

    /** {@code base} with every setting {@code update} gives (non-null) replacing it; raw JSON is deep-merged. */
    static SessionSettings apply(SessionSettings base, SessionSettings u) {
        SessionSettings.Builder b = base.toBuilder();
        if (u.instructions() != null) b.instructions(u.instructions());
        if (u.voice() != null) b.voice(u.voice());
        if (u.outputModalities() != null) b.outputModalities(u.outputModalities());
        if (u.turnDetection() != null) b.turnDetection(u.turnDetection());
        if (u.vadThreshold() != null) b.vadThreshold(u.vadThreshold());
        if (u.vadPrefixPaddingMs() != null) b.vadPrefixPaddingMs(u.vadPrefixPaddingMs());
        if (u.vadSilenceDurationMs() != null) b.vadSilenceDurationMs(u.vadSilenceDurationMs());
        if (u.vadEagerness() != null) b.vadEagerness(u.vadEagerness());
        if (u.createResponse() != null) b.createResponse(u.createResponse());
        if (u.interruptResponse() != null) b.interruptResponse(u.interruptResponse());
        if (u.transcriptionModel() != null) b.transcriptionModel(u.transcriptionModel());
        if (u.transcriptionLanguage() != null) b.transcriptionLanguage(u.transcriptionLanguage());
        if (u.noiseReduction() != null) b.noiseReduction(u.noiseReduction());
        if (u.temperature() != null) b.temperature(u.temperature());
        if (u.maxOutputTokens() != null) b.maxOutputTokens(u.maxOutputTokens());
        if (u.speed() != null) b.speed(u.speed());
        if (u.tools() != null) b.tools(u.tools());
        if (u.toolChoice() != null) b.toolChoice(u.toolChoice());
        if (u.vadIdleTimeoutMs() != null) b.vadIdleTimeoutMs(u.vadIdleTimeoutMs());
        if (u.reasoningEffort() != null) b.reasoningEffort(u.reasoningEffort());
        if (u.parallelToolCalls() != null) b.parallelToolCalls(u.parallelToolCalls());
        if (u.truncation() != null) b.truncation(u.truncation());
        if (u.prompt() != null) b.prompt(u.prompt());
        if (u.tracing() != null) b.tracing(u.tracing());
        if (u.include() != null) b.include(u.include());
        if (u.transcriptionPrompt() != null) b.transcriptionPrompt(u.transcriptionPrompt());
        ObjectNode raw = u.sessionConfig();
        if (raw != null) {
            ObjectNode merged = base.sessionConfig() == null ? raw : base.sessionConfig();
            if (merged != raw) {
                SessionUpdateEncoder.deepMerge(merged, raw);
            }
            b.sessionConfig(merged);
        }
        return b.build();
    }
}
