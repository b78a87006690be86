package io.github.camelrealtime.fastrouter.transport;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import io.github.camelrealtime.fastrouter.test.SimulatedConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/transport.md, "Opening" and "Threading model": a client's executor runs at most
 * {@link RealtimeHttpClients#POOL_THREADS} tasks of the JDK at once and still opens many sockets concurrently; work a
 * listener runs after its callback ({@link RealtimeHttpClients#runAfterCallback}) may block without holding any socket
 * back, even on more sockets than the pool has threads. Real simulator, real sockets.
 */
class ClientExecutorTest {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false)
            .recordAudioPayloads(false));

    private static final long WAIT_SECONDS = 60;

    private HttpClient client;

    @BeforeEach
    void createClient() {
        client = RealtimeHttpClients.create(null, Duration.ofSeconds(30));
    }

    @AfterEach
    void shutdownClient() {
        RealtimeHttpClients.shutdown(client);
    }

    @Test
    void aBoundedClientOpensManySocketsAtOnceWithoutGrowingItsThreads() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        int sockets = 300;
        CountDownLatch created = new CountDownLatch(sockets);
        List<CompletableFuture<RealtimeConnection>> opening = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            opening.add(RealtimeConnection.open(client, settings(sim), new RealtimeConnection.Listener() {
                @Override
                public void onMessage(RealtimeConnection connection, CharSequence message) {
                    if (message.toString().contains("\"session.created\"")) {
                        created.countDown();
                    }
                }

                @Override
                public void onClosed(RealtimeConnection connection, CloseStatus status) {
                }
            }));
        }
        List<RealtimeConnection> open = new ArrayList<>();
        try {
            for (CompletableFuture<RealtimeConnection> f : opening) {
                RealtimeConnection connection = f.get(WAIT_SECONDS, TimeUnit.SECONDS);
                connection.request(1);
                open.add(connection);
            }
            assertThat(created.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("every socket heard session.created").isTrue();
            assertThat(executor().peakRunning()).isBetween(1, RealtimeHttpClients.POOL_THREADS);
        } finally {
            open.forEach(RealtimeConnection::abort);
        }
    }

    @Test
    void workAfterACallbackMayBlockUntilItsOwnSocketReadsMoreOnMoreSocketsThanThePoolHasThreads() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        // more sockets than cores: the callbacks run on the pool, not on the selector; more than the pool's threads
        int sockets = 3 * RealtimeHttpClients.POOL_THREADS;
        Map<RealtimeConnection, CompletableFuture<Void>> secondMessage = new ConcurrentHashMap<>();
        CountDownLatch unblocked = new CountDownLatch(sockets);
        CountDownLatch ranAfterCallback = new CountDownLatch(sockets);
        List<RealtimeConnection> open = new ArrayList<>();
        try {
            int before = sim.connectionCount();
            for (int i = 0; i < sockets; i++) {
                RealtimeConnection connection = RealtimeConnection.open(client, settings(sim), new RealtimeConnection.Listener() {
                    private int messages;

                    @Override
                    public void onMessage(RealtimeConnection conn, CharSequence message) {
                        CompletableFuture<Void> second = secondMessage.computeIfAbsent(conn, c -> new CompletableFuture<>());
                        if (++messages == 1) {
                            // blocks this thread until the same socket delivered its next message
                            boolean accepted = RealtimeHttpClients.runAfterCallback(() -> {
                                ranAfterCallback.countDown();
                                second.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
                                unblocked.countDown();
                            });
                            if (!accepted) {
                                // only the selector thread (few sockets) declines; then nothing waits
                                ranAfterCallback.countDown();
                                unblocked.countDown();
                            }
                        } else {
                            second.complete(null);
                        }
                        conn.request(1);
                    }

                    @Override
                    public void onClosed(RealtimeConnection conn, CloseStatus status) {
                    }
                }).get(WAIT_SECONDS, TimeUnit.SECONDS);
                open.add(connection);
            }
            assertThat(sim.awaitConnections(before + sockets, Duration.ofSeconds(WAIT_SECONDS))).isTrue();
            open.forEach(c -> c.request(1));
            // every socket's first message (session.created) is in; now the second one, for each
            assertThat(ranAfterCallback.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            for (SimulatedConnection c : sim.connections()) {
                if (c.isOpen()) {
                    c.send("{\"type\":\"rate_limits.updated\",\"event_id\":\"second\",\"rate_limits\":[]}");
                }
            }
            assertThat(unblocked.await(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("every blocked task got its socket's next message: no blocked thread held reading back").isTrue();
            assertThat(executor().peakRunning()).isLessThanOrEqualTo(RealtimeHttpClients.POOL_THREADS);
        } finally {
            open.forEach(RealtimeConnection::abort);
        }
    }

    private ClientExecutor executor() {
        return (ClientExecutor) client.executor().orElseThrow();
    }

    private static ConnectionSettings settings(RealtimeSimulator sim) {
        return new ConnectionSettings(sim.baseUrl(), Map.of("Authorization", "Bearer " + sim.apiKey()), Duration.ofSeconds(30),
                ConnectionSettings.DEFAULT_MAX_MESSAGE_SIZE, ConnectionSettings.DEFAULT_SEND_QUEUE_CAPACITY);
    }
}
