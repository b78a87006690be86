package io.github.camelrealtime.fastrouter.session;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of one session's responses and tokens. */
public final class SessionUsage {

    private final AtomicLong responses = new AtomicLong();
    private final AtomicLong inputTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();
    private final AtomicLong totalTokens = new AtomicLong();

    void add(ResponseResult r) {
        responses.incrementAndGet();
        inputTokens.addAndGet(r.inputTokens() == null ? 0 : r.inputTokens());
        outputTokens.addAndGet(r.outputTokens() == null ? 0 : r.outputTokens());
        totalTokens.addAndGet(r.totalTokens() == null ? 0 : r.totalTokens());
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
