package io.github.camelrealtime.fastrouter.session;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/** Running totals of one session's responses and tokens, and the last rate limits the server reported. */
public final class SessionUsage {

    private final AtomicLong cachedTokens = new AtomicLong();
    private final AtomicLong inputAudioTokens = new AtomicLong();
    private final AtomicLong outputAudioTokens = new AtomicLong();
    private volatile JsonNode rateLimits;

    private final AtomicLong responses = new AtomicLong();
    private final AtomicLong inputTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();
    private final AtomicLong totalTokens = new AtomicLong();

    void add(ResponseResult r) {
        responses.incrementAndGet();
        inputTokens.addAndGet(r.inputTokens() == null ? 0 : r.inputTokens());
        outputTokens.addAndGet(r.outputTokens() == null ? 0 : r.outputTokens());
        totalTokens.addAndGet(r.totalTokens() == null ? 0 : r.totalTokens());
        cachedTokens.addAndGet(r.cachedTokens() == null ? 0 : r.cachedTokens());
        inputAudioTokens.addAndGet(r.inputAudioTokens() == null ? 0 : r.inputAudioTokens());
        outputAudioTokens.addAndGet(r.outputAudioTokens() == null ? 0 : r.outputAudioTokens());
    }

    /** Keeps the {@code rate_limits} of a {@code rate_limits.updated} event; other events are ignored. */
    void observe(RealtimeEvent event) {
        if (EventTypes.RATE_LIMITS_UPDATED.equals(event.type())) {
            JsonNode limits = event.fields().get("rate_limits");
            if (limits != null && limits.isArray()) {
                rateLimits = limits.deepCopy();
            }
        }
    }

    /** The last reported rate limits ({@code [{name, limit, remaining, reset_seconds}]}, a copy), or null before any. */
    public JsonNode rateLimits() {
        JsonNode limits = rateLimits;
        return limits == null ? null : limits.deepCopy();
    }

    public long cachedTokens() {
        return cachedTokens.get();
    }

    public long inputAudioTokens() {
        return inputAudioTokens.get();
    }

    public long outputAudioTokens() {
        return outputAudioTokens.get();
    }

    public long responses() {
        return responses.get();
    }

    public long inputTokens() {
        return inputTokens.get();
    }

    public long outputTokens() {
        return outputTokens.get();
    }

    public long totalTokens() {
        return totalTokens.get();
    }
}
