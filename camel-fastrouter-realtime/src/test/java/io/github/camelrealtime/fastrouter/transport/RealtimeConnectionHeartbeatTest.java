package io.github.camelrealtime.fastrouter.transport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A peer that sends nothing, not even a pong, is dropped as lost; one that keeps talking is never pinged away. */
class RealtimeConnectionHeartbeatTest extends TransportTestSupport {

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
