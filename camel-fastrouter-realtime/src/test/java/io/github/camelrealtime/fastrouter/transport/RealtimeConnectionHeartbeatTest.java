package io.github.camelrealtime.fastrouter.transport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A peer that sends nothing, not even a pong, is dropped as lost; one that keeps talking is never pinged away. */
class RealtimeConnectionHeartbeatTest extends TransportTestSupport {

    private RealtimeConnection open(RecordingListener listener, Duration heartbeat) throws Exception {
        return open(listener, heartbeat, 100);
    }

    private RealtimeConnection open(RecordingListener listener, Duration heartbeat, int demand) throws Exception {
        ConnectionSettings settings = new ConnectionSettings(server.uri("/v1/realtime"), Map.of(), Duration.ofSeconds(10),
                1024 * 1024, 16, Duration.ofSeconds(2), heartbeat);
        RealtimeConnection connection = RealtimeConnection.open(client, settings, listener).get(20, TimeUnit.SECONDS);
        connection.request(demand);
        return connection;
    }

    /**
     * Issue 7, finding 4: a slow owner that gives no demand back makes the JDK read nothing, pongs included. That silence
     * is ours: the socket must not be dropped as lost, and every message is still there once the owner reads again.
     */
    @Test
    void silenceWhileTheOwnerReadsNothingIsNotTheServers() throws Exception {
        RecordingListener listener = new RecordingListener(false); // gives no demand back by itself
        RealtimeConnection connection = open(listener, Duration.ofMillis(200), 1);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        for (int i = 0; i < 5; i++) {
            peer.sendText("{\"type\":\"rate_limits.updated\",\"n\":" + i + "}");
        }
        peer.pauseReading(); // and it would answer no ping either

        Thread.sleep(1000); // five heartbeat intervals with no demand

        assertThat(connection.isOpen()).isTrue();
        assertThat(listener.closes).isEmpty();
        assertThat(listener.messages).hasSize(1);
        connection.request(10);
        for (int i = 0; i < 5; i++) {
            assertThat(listener.awaitMessage()).contains("\"n\":" + i);
        }
        // reading again, the silent peer is caught as before: the clock started when reading resumed
        assertThat(listener.awaitClosed().reason()).isEqualTo("no answer to a heartbeat ping");
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
