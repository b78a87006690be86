package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, findings 6, 7 and 11 (connecting): reconnects are jittered, honour Retry-After, keep backing off against a
 * server that accepts and drops, cannot be ended by a stale attempt, need no thread per attempt; the first open has a
 * session.created deadline; configuration errors (TLS trust, 401) are not retried.
 */
class SessionCoreReconnectTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.tls(true));

    private static final String BUSY = RealtimeSimulator.errorBody(503, "Service busy", "server_error", "overloaded");

    private static long millisBetween(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    private static int componentThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("FastRouterRealtime")).count();
    }

    /** Finding 6: 50 sessions dropped at once and refused for a while spread their attempts out and all come back. */
    @Test
    void fiftyDroppedSessionsRefusedForAWhileSpreadTheirAttemptsAndAllReopenWithoutAThreadPerAttempt() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "fleet", "dialect=ga&outputModalities=text&reconnectInitialDelay=1s&reconnectMaxDelay=4s");
        List<CompletableFuture<Object>> first = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            first.add(template.asyncRequestBodyAndHeader(uri, "hello " + i, FastRouterRealtimeConstants.SESSION_KEY, "k" + i));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(first.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("echo: hello " + i);
        }
        int attemptsBefore = sim.handshakeAttemptCount();
        int threadsBefore = Thread.activeCount();
        int componentThreadsBefore = componentThreads();

        int refusals = 100;
        sim.rejectHandshakes(503, BUSY, refusals, Map.of());
        long dropped = System.nanoTime();
        sim.dropAll();

        int maxThreads = threadsBefore;
        int maxComponentThreads = componentThreadsBefore;
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean allDown = false;
        while ((!allDown || sim.openConnections() < 50) && System.nanoTime() < deadline) {
            allDown |= sim.openConnections() == 0;
            maxThreads = Math.max(maxThreads, Thread.activeCount());
            maxComponentThreads = Math.max(maxComponentThreads, componentThreads());
            Thread.sleep(20);
        }
        assertThat(sim.openConnections()).as("sessions reopened after the refusals").isEqualTo(50);

        List<Long> attempts = sim.handshakeAttempts().subList(attemptsBefore, sim.handshakeAttemptCount());
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(refusals + 50);
        // the first attempt of each session: uniformly random in [0, 1 s] after the drop, not in lockstep
        List<Long> firstRound = attempts.subList(0, 50);
        long inFirst100Ms = firstRound.stream().filter(t -> millisBetween(dropped, t) < 100).count();
        assertThat(inFirst100Ms).as("first attempts within 100 ms of the drop").isLessThan(25);
        assertThat(millisBetween(firstRound.get(0), firstRound.get(49))).as("spread of the first attempts (ms)").isGreaterThan(500);
        // no thread per attempt: 50 sessions waiting and retrying add at most a handful of threads
        assertThat(maxThreads - threadsBefore).as("live threads added during the outage").isLessThan(15);
        assertThat(maxComponentThreads - componentThreadsBefore).as("component pool threads added").isLessThan(10);

        List<CompletableFuture<Object>> again = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            again.add(template.asyncRequestBodyAndHeader(uri, "again " + i, FastRouterRealtimeConstants.SESSION_KEY, "k" + i));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(again.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("echo: again " + i);
        }
        assertThat(sim.connectionCount()).isEqualTo(100);
    }

    /** Finding 6: a 429 with Retry-After: 2 is honoured to the millisecond, then the session reconnects. */
    @Test
    void retryAfterOfA429IsHonoured() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "polite", "dialect=ga&outputModalities=text&reconnectInitialDelay=50ms&reconnectMaxDelay=200ms");
        assertThat(template.requestBody(uri, "before", String.class)).isEqualTo("echo: before");
        int before = sim.handshakeAttemptCount();

        sim.rejectHandshakes(429, RealtimeSimulator.errorBody(429, "Slow down", "rate_limit_error", "rate_limited"), 1,
                Map.of("Retry-After", "2"));
        sim.dropAll();

        assertThat(sim.awaitConnections(2, WAIT)).isTrue();
        List<Long> attempts = sim.handshakeAttempts().subList(before, sim.handshakeAttemptCount());
        assertThat(attempts).hasSize(2);
        assertThat(millisBetween(attempts.get(0), attempts.get(1))).as("ms between the refused attempt and the next")
                .isGreaterThanOrEqualTo(2000);
        assertThat(template.requestBody(uri, "after", String.class)).isEqualTo("echo: after");
    }

    /**
     * Finding 6: a server that accepts and drops at once is backed off, not retried at a fixed pace. A restart at a
     * fixed 500 ms (the old behaviour) gives 12 attempts in 6 s; full jitter from 500 ms doubling to 8 s gives about 5.
     */
    @Test
    void aServerThatAcceptsAndDropsAtOnceKeepsBeingBackedOff() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "flaky", "dialect=ga&outputModalities=text&reconnectInitialDelay=500ms&reconnectMaxDelay=8s");
        recordLifecycle(uri);
        awaitLifecycle("connection.opened");
        int before = sim.handshakeAttemptCount();

        // new sockets end right after session.created; the open one ends now
        sim.dropAfterEvents(1);
        sim.dropAll();
        Thread.sleep(6000);
        int attempts = sim.handshakeAttemptCount() - before;
        sim.reset();

        assertThat(attempts).as("attempts in 6 s against a server that drops every new socket").isBetween(2, 8);
        assertThat(lifecycleTypes()).doesNotContain("connection.closed");
    }

    /**
     * Finding 6: with few attempts allowed, drops after reconnects are each a fresh outage: a stale attempt or backoff
     * timer of an earlier one does not end the session; the count starts over after a socket that lived long enough.
     */
    @Test
    void repeatedDropsDoNotEndASessionWithFewAttemptsAllowed() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String name = "twice";
        String uri = uri(sim, name, "dialect=ga&outputModalities=text&reconnectInitialDelay=50ms&reconnectMaxDelay=200ms"
                                    + "&reconnectMaxAttempts=2");
        recordLifecycle(uri);
        assertThat(template.requestBody(uri, "0", String.class)).isEqualTo("echo: 0");

        // a drop, and a second drop as soon as the fresh socket has its session.created
        sim.dropAll();
        awaitSocketWithSession(sim, 2);
        sim.dropAll();
        // (an exchange sent before the session saw the drop would rightly fail with it: wait for the new socket)
        awaitSocketWithSession(sim, 3);
        assertThat(template.requestBody(uri, "1", String.class)).isEqualTo("echo: 1");
        assertThat(sim.connectionCount()).isEqualTo(3);

        // three more drops, each after the socket lived longer than reconnectMaxDelay
        for (int i = 2; i <= 4; i++) {
            Thread.sleep(300);
            sim.dropAll();
            awaitSocketWithSession(sim, i + 2);
            assertThat(template.requestBody(uri, String.valueOf(i), String.class)).isEqualTo("echo: " + i);
        }
        assertThat(sim.connectionCount()).isEqualTo(6);
        assertThat(lifecycleTypes()).doesNotContain("connection.closed");
        assertThat(session(name)).isNotNull();
    }

    private static void awaitSocketWithSession(RealtimeSimulator sim, int connections) {
        assertEventually("socket " + connections + " has its session", () -> sim.connectionCount() == connections
                && sim.lastConnection().isOpen() && !sim.lastConnection().sent("session.created").isEmpty());
    }

    /** Finding 7: a server that upgrades but never sends session.created fails the exchange in bounded time. */
    @Test
    void aServerThatNeverSendsSessionCreatedFailsTheExchangeInTimeAndIsRetried() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "mute", "dialect=ga&outputModalities=text&connectTimeout=500&responseTimeout=2s"
                                          + "&reconnectInitialDelay=100ms&reconnectMaxDelay=300ms");
        sim.withholdSessionCreated(true);

        long started = System.nanoTime();
        Exchange failed = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("anyone?"));
        long tookMs = millisBetween(started, System.nanoTime());

        assertThat(failed.getException()).isNotNull();
        assertThat(causes(failed.getException())).extracting(Throwable::getMessage).anySatisfy(
                m -> assertThat(m).contains("session.created"));
        // 2 x connectTimeout + responseTimeout, with a margin for a busy machine
        assertThat(tookMs).isLessThan(8000);
        assertEventually("the session keeps trying", () -> sim.connectionCount() >= 3);
        assertEventually("abandoned attempts are closed", () -> sim.openConnections() <= 1);

        sim.withholdSessionCreated(false);
        assertThat(template.requestBody(uri, "now?", String.class)).isEqualTo("echo: now?");
    }

    /** Finding 11: an untrusted certificate is a configuration error: one attempt, the session ends. */
    @Test
    void anUntrustedCertificateIsNotRetried() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String name = "untrusted";
        String uri = "fastrouter-realtime:" + name + "?baseUrl=" + sim.tlsBaseUrl() + "&apiKey=" + RealtimeSimulator.DEFAULT_API_KEY
                     + "&dialect=ga&outputModalities=text&reconnectInitialDelay=50ms&reconnectMaxDelay=100ms&responseTimeout=5s";
        AtomicInteger closed = new AtomicInteger();
        recordLifecycle(uri);

        Exchange result = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("over TLS"));

        assertThat(result.getException()).isNotNull();
        assertThat(causes(result.getException())).anySatisfy(c -> assertThat(c).isInstanceOf(SSLHandshakeException.class));
        awaitLifecycle("connection.closed");
        Thread.sleep(2000);
        assertThat(lifecycleTypes()).doesNotContain("connection.reconnecting");
        assertThat(session(name)).isNull();
        // the TLS handshake failed before any HTTP request reached the simulator
        assertThat(sim.handshakeAttemptCount()).isZero();
        assertThat(sim.connectionCount()).isZero();
        assertThat(closed.get()).isZero();
    }

    /** Finding 11 (kept): a 401 is not retried. */
    @Test
    void aRejectedKeyIsNotRetried() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String name = "wrong-key";
        String uri = "fastrouter-realtime:" + name + "?baseUrl=" + sim.baseUrl() + "&apiKey=sk-wrong"
                     + "&dialect=ga&outputModalities=text&reconnectInitialDelay=50ms&reconnectMaxDelay=100ms&responseTimeout=5s";

        Exchange result = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("let me in"));

        assertThat(result.getException()).isNotNull().hasMessageContaining("401");
        Thread.sleep(2000);
        assertThat(sim.handshakeAttemptCount()).isEqualTo(1);
        assertThat(session(name)).isNull();
    }
}
