package io.github.camelrealtime.fastrouter.session;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import io.github.camelrealtime.fastrouter.protocol.RealtimeCodec;

/**
 * What all sessions of one component share: one HTTP client, one codec, the worker pool that runs route code and
 * blocking input reads, a scheduler for timeouts, pacing and reconnects, who listens to which name, and where
 * metrics go.
 */
public record SessionServices(
        HttpClient httpClient,
        RealtimeCodec codec,
        ExecutorService workers,
        ScheduledExecutorService scheduler,
        Function<String, List<SessionListener>> listenersByName,
        SessionMetrics metrics) {
}
