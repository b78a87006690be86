package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.ResponseResult;
import io.github.camelrealtime.fastrouter.session.SessionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The component's meters in a Micrometer {@link MeterRegistry} (names and tags: {@code docs/metrics.md}). Tags are
 * bounded: the session name (an endpoint's), kinds, outcomes and causes; never a session key or an id. Loaded only
 * when Micrometer is on the classpath and a registry is in the Camel registry.
 */
final class MicrometerMetrics implements ComponentMetrics {

    static final String PREFIX = "fastrouter.realtime.";

    private final MeterRegistry meters;
    private final SessionRegistry sessions;
    private final Set<String> gaugedNames = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    MicrometerMetrics(MeterRegistry meters, SessionRegistry sessions) {
        this.meters = meters;
        this.sessions = sessions;
    }

    private Counter counter(String name, String description, String baseUnit, String... tags) {
        String id = name + String.join("|", tags);
        return counters.computeIfAbsent(id, k -> Counter.builder(PREFIX + name).description(description).baseUnit(baseUnit)
                .tags(tags).register(meters));
    }

    /** The per-name gauges, registered with the name's first connection. */
    private void gauges(String name) {
        if (!gaugedNames.add(name)) {
            return;
        }
        Gauge.builder(PREFIX + "sessions.open", () -> sessions.sessionsNamed(name).stream().filter(RealtimeSession::isOpen).count())
                .description("Sessions of this name whose socket is open").tag("name", name).baseUnit("sessions").register(meters);
        Gauge.builder(PREFIX + "send.queue", () -> sessions.sessionsNamed(name).stream().mapToInt(RealtimeSession::pendingSends).sum())
                .description("Client events waiting to be written, all sessions of this name").tag("name", name).baseUnit("events")
                .register(meters);
    }

    @Override
    public void connected(String name, boolean reconnect) {
        gauges(name);
        counter("connections", "Sockets opened and configured", "connections", "name", name, "kind", reconnect ? "reconnected" : "opened")
                .increment();
    }

    @Override
    public void connectionFailed(String name, String cause) {
        counter("connection.failures", "Connection attempts that failed and sockets that were lost", "failures", "name", name,
                "cause", cause).increment();
    }

    @Override
    public void exchange(String name, String kind, String outcome) {
        counter("exchanges", "Producer exchanges by what they sent and how they ended", "exchanges", "name", name, "kind", kind,
                "outcome", outcome).increment();
    }

    @Override
    public void responseLatency(String name, long toFirstAudioNanos, long toDoneNanos) {
        if (toFirstAudioNanos >= 0) {
            timer(name, "first_audio").record(toFirstAudioNanos, TimeUnit.NANOSECONDS);
        }
        timer(name, "done").record(toDoneNanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String name, String until) {
        return timers.computeIfAbsent(name + "|" + until, k -> Timer.builder(PREFIX + "response.latency")
                .description("From an exchange's request (response.create, or the server's commit of its audio) to the response's "
                             + "first audio delta or to response.done")
                .tags("name", name, "until", until).publishPercentiles(0.5, 0.95, 0.99).distributionStatisticExpiry(Duration.ofMinutes(2))
                .register(meters));
    }

    @Override
    public void response(String name, ResponseResult result) {
        counter("responses", "Responses that ended, by status", "responses", "name", name, "status",
                result.status() == null ? "unknown" : result.status()).increment();
        JsonNode usage = result.doneEvent() == null ? null : result.doneEvent().fields().path("response").path("usage");
        if (usage == null || usage.isMissingNode()) {
            return;
        }
        tokens(name, "input", usage.path("input_tokens"));
        tokens(name, "output", usage.path("output_tokens"));
        tokens(name, "cached", usage.path("input_token_details").path("cached_tokens"));
        tokens(name, "input_audio", usage.path("input_token_details").path("audio_tokens"));
        tokens(name, "output_audio", usage.path("output_token_details").path("audio_tokens"));
    }

    private void tokens(String name, String type, JsonNode value) {
        if (value.isNumber() && value.asLong() > 0) {
            counter("tokens", "Tokens the server reported in response.done usage", "tokens", "name", name, "type", type)
                    .increment(value.asLong());
        }
    }

    @Override
    public void event(String name, boolean delivered) {
        counter("events", "Server events a consumer delivered to its route or filtered out (eventTypes)", "events", "name", name,
                "outcome", delivered ? "delivered" : "filtered").increment();
    }
}
