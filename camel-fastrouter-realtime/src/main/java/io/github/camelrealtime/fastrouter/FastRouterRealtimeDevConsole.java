package io.github.camelrealtime.fastrouter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.SessionUsage;
import io.github.camelrealtime.fastrouter.transport.RealtimeUris;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;

/** The live realtime sessions: state, dialect, server session id, queues and token totals. Never shows the API key. */
@DevConsole(group = "camel", name = "fastrouter-realtime", displayName = "FastRouter Realtime",
            description = "Live FastRouter Realtime sessions")
public class FastRouterRealtimeDevConsole extends AbstractDevConsole {

    public FastRouterRealtimeDevConsole() {
        super("camel", "fastrouter-realtime", "FastRouter Realtime", "Live FastRouter Realtime sessions");
    }

    private List<RealtimeSession> sessions() {
        FastRouterRealtimeComponent component = getCamelContext().hasComponent("fastrouter-realtime") instanceof FastRouterRealtimeComponent c
                ? c : null;
        return component == null ? List.of() : component.getRegistry().sessions();
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder sb = new StringBuilder();
        for (RealtimeSession s : sessions()) {
            SessionUsage u = s.usage();
            sb.append(String.format("Session %s: %s, dialect %s, server id %s%n", s.key(), s.stateName(), s.dialect().wireName(),
                    s.serverSessionId()));
            sb.append(String.format("    url %s%n", RealtimeUris.redact(s.options().uri())));
            sb.append(String.format("    pending turns %d, pending sends %d%n", s.pendingTurns(), s.pendingSends()));
            sb.append(String.format("    responses %d, tokens in %d out %d total %d, cached %d, audio in %d out %d%n", u.responses(),
                    u.inputTokens(), u.outputTokens(), u.totalTokens(), u.cachedTokens(), u.inputAudioTokens(), u.outputAudioTokens()));
            if (u.rateLimits() != null) {
                for (com.fasterxml.jackson.databind.JsonNode limit : u.rateLimits()) {
                    sb.append(String.format("    rate limit %s: %s of %s remaining, resets in %ss%n", limit.path("name").asText(),
                            limit.path("remaining").asText(), limit.path("limit").asText(), limit.path("reset_seconds").asText()));
                }
            }
            if (s.lastProblem() != null) {
                sb.append(String.format("    last problem: %s%n", s.lastProblem()));
            }
        }
        return sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RealtimeSession s : sessions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.key().name());
            if (s.key().key() != null) {
                m.put("key", s.key().key());
            }
            m.put("state", s.stateName());
            m.put("dialect", s.dialect().wireName());
            m.put("serverSessionId", s.serverSessionId());
            m.put("url", RealtimeUris.redact(s.options().uri()));
            m.put("pendingTurns", s.pendingTurns());
            m.put("pendingSends", s.pendingSends());
            SessionUsage u = s.usage();
            m.put("responses", u.responses());
            m.put("inputTokens", u.inputTokens());
            m.put("outputTokens", u.outputTokens());
            m.put("totalTokens", u.totalTokens());
            m.put("cachedTokens", u.cachedTokens());
            m.put("inputAudioTokens", u.inputAudioTokens());
            m.put("outputAudioTokens", u.outputAudioTokens());
            if (u.rateLimits() != null) {
                List<Map<String, Object>> limits = new ArrayList<>();
                for (com.fasterxml.jackson.databind.JsonNode limit : u.rateLimits()) {
                    Map<String, Object> l = new LinkedHashMap<>();
                    l.put("name", limit.path("name").asText());
                    l.put("limit", limit.path("limit").asLong());
                    l.put("remaining", limit.path("remaining").asLong());
                    l.put("resetSeconds", limit.path("reset_seconds").asDouble());
                    limits.add(l);
                }
                m.put("rateLimits", limits);
            }
            if (s.lastProblem() != null) {
                m.put("lastProblem", s.lastProblem());
            }
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("sessions", list);
        return root;
    }
}
