package io.github.camelrealtime.fastrouter.transport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A peer that sends nothing, not even a pong, is dropped as lost; one that keeps talking is never pinged away. */
class RealtimeConnectionHeartbeatTest {

    private static HttpClient client;
    private TestWebSocketServer server;

    @BeforeAll
    static void createClient() {
        client = RealtimeHttpClients.create(null, Duration.ofSeconds(10));
    }

    @AfterAll
    static void shutdownClient() {
        RealtimeHttpClients.shutdown(client);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = TestWebSocketServer.start();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    private RealtimeConnection open(RecordingListener listener, Duration heartbeat) throws Exception {
        ConnectionSettings settings = new ConnectionSettings(server.uri("/v1/realtime"), Map.of(), Duration.ofSeconds(10),
                1024 * 1024, 16, Duration.ofSeconds(2), heartbeat);
        RealtimeConnection connection = RealtimeConnection.open(client, settings, listener).get(20, TimeUnit.SECONDS);
        connection.request(100);
        return connection;
    }

    @Test
    void aPeerThatNeverAnswersIsDroppedAsLost() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        open(listener, Duration.ofMillis(200));
        server.awaitPeer().pauseReading(); // it reads nothing from now on: our ping gets no pong

        CloseStatus status = listener.awaitClosed();

        assertThat(status.code()).isEqualTo(1006);
        assertThat(status.reason()).isEqualTo("no answer to a heartbeat ping");
        assertThat(status.retryable()).isTrue();
        assertThat(status.cause()).hasMessageContaining("not even a pong");
    }

    @Test
    void aPeerThatKeepsSendingIsNeverPingedAway() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        RealtimeConnection connection = open(listener, Duration.ofMillis(200));
        TestWebSocketServer.Peer peer = server.awaitPeer();

        for (int i = 0; i < 15; i++) {
            peer.sendText("{\"type\":\"rate_limits.updated\",\"n\":" + i + "}");
            Thread.sleep(60);
        }

        assertThat(connection.isOpen()).isTrue();
        assertThat(listener.closes).isEmpty();
    }

    @Test
    void withoutAHeartbeatASilentPeerIsLeftAlone() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        RealtimeConnection connection = open(listener, null);
        server.awaitPeer().pauseReading();

        Thread.sleep(800);

        assertThat(connection.isOpen()).isTrue();
        assertThat(listener.closes).isEmpty();
    }
}
