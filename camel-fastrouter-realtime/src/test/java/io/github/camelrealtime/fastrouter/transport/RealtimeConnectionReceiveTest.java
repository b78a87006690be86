package io.github.camelrealtime.fastrouter.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RealtimeConnectionReceiveTest extends TransportTestSupport {

    private RealtimeConnection open(RecordingListener listener, int maxMessageSize) throws Exception {
        ConnectionSettings settings = new ConnectionSettings(server.uri("/v1/realtime"), Map.of(),
                Duration.ofSeconds(10), maxMessageSize, 16, Duration.ofSeconds(2));
        return RealtimeConnection.open(client, settings, listener).get(20, TimeUnit.SECONDS);
    }

    /** Text with 1-, 2-, 3- and 4-byte UTF-8 characters, so fragment cuts fall inside characters. */
    private static String mixedText(int repeats) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < repeats; i++) {
            text.append("{\"type\":\"response.output_text.delta\",\"n\":").append(i).append(",\"delta\":\"é€\uD83D\uDE00 \"}");
        }
        return text.toString();
    }

    @Test
    void reassemblesTwoHundredFragmentsIntoOneMessage() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        RealtimeConnection connection = open(listener, 1024 * 1024);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        String message = mixedText(2_000);
        connection.request(1);

        peer.sendFragmented(message, 200);
        peer.sendText("{\"type\":\"after\"}");

        assertThat(listener.awaitMessage()).isEqualTo(message);
        assertThat(listener.awaitMessage()).isEqualTo("{\"type\":\"after\"}");
        assertThat(listener.messages).isEmpty();
        connection.abort();
    }

    @Test
    void deliversMessagesInOrderOnlyAsFarAsRequested() throws Exception {
        RecordingListener listener = new RecordingListener();
        RealtimeConnection connection = open(listener, 1024);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        for (int i = 0; i < 3; i++) {
            peer.sendText("m" + i);
        }

        Thread.sleep(300);
        assertThat(listener.messages).as("nothing is delivered before request()").isEmpty();

        connection.request(1);
        assertThat(listener.awaitMessage()).isEqualTo("m0");
        Thread.sleep(300);
        assertThat(listener.messages).as("one message per unit of demand").isEmpty();

        connection.request(2);
        assertThat(listener.awaitMessage()).isEqualTo("m1");
        assertThat(listener.awaitMessage()).isEqualTo("m2");
        connection.abort();
    }

    @Test
    void acceptsAMessageOfExactlyTheLimitAndGrowsTheBuffer() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        RealtimeConnection connection = open(listener, 100_000);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        String message = "a".repeat(100_000);
        connection.request(1);

        peer.sendFragmented(message, 50);

        assertThat(listener.awaitMessage()).isEqualTo(message);
        assertThat(connection.isOpen()).isTrue();
        connection.abort();
    }

    @Test
    void aFrameTheJdkRejectsEndsTheConnectionWith1002ThatMayBeRetried() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        RealtimeConnection connection = open(listener, 1_000);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        connection.request(1);

        peer.sendFrame(0x1, true, new byte[] {'{', (byte) 0xC3, '(', '}'});

        CloseStatus status = listener.awaitClosed();
        assertThat(status.code()).isEqualTo(1002);
        assertThat(status.reason()).isEqualTo("protocol error: Invalid UTF-8 in frame TEXT");
        assertThat(status.cause()).isInstanceOf(java.net.ProtocolException.class);
        assertThat(status.retryable()).as("JDK 17 rejects intact frames at times: a new connection is worth it").isTrue();
        assertThat(new CloseStatus(1002, "protocol error", null).retryable()).as("a server's 1002 is not").isFalse();
        assertThat(listener.messages).isEmpty();
    }

    @Test
    void singleFrameOverTheLimitClosesWith1009() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        RealtimeConnection connection = open(listener, 1_000);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        connection.request(1);

        peer.sendText("b".repeat(5_000));

        CloseStatus status = listener.awaitClosed();
        assertThat(status.code()).isEqualTo(1009);
        assertThat(status.kind()).isEqualTo(CloseKind.MESSAGE_TOO_BIG);
        assertThat(status.retryable()).isFalse();
        assertThat(status.cause()).isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("exceeds maxMessageSize of 1000 chars");
        assertThat(((MessageTooLargeException) status.cause()).size()).isGreaterThan(1_000);
        // the JDK refuses 1009 from clients: the frame on the wire carries 1008 with the explanation
        assertThat(peer.awaitClientClose()).isEqualTo(new TestWebSocketServer.CloseFrame(1008, "message too big"));
        assertThat(listener.messages).isEmpty();
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.send("late")).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void fragmentedMessageOverTheLimitClosesWith1009() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        RealtimeConnection connection = open(listener, 10_000);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        connection.request(1);

        peer.sendFragmented("c".repeat(20_000), 200);

        CloseStatus status = listener.awaitClosed();
        assertThat(status.kind()).isEqualTo(CloseKind.MESSAGE_TOO_BIG);
        MessageTooLargeException tooLarge = (MessageTooLargeException) status.cause();
        assertThat(tooLarge.limit()).isEqualTo(10_000);
        assertThat(tooLarge.size()).isGreaterThan(10_000);
        assertThat(peer.awaitClientClose().code()).isEqualTo(1008);
        peer.ended().get(20, TimeUnit.SECONDS);
        assertThat(listener.closes).hasSize(1);
        assertThat(listener.messages).isEmpty();
    }

    @Test
    void ignoresBinaryFramesAndAnswersPings() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        RealtimeConnection connection = open(listener, 1024);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        connection.request(1);

        peer.sendBinary(new byte[] {1, 2, 3});
        peer.sendPing(new byte[] {4, 2});
        peer.sendText("still here");

        assertThat(listener.awaitMessage()).isEqualTo("still here");
        assertThat(peer.awaitPong()).containsExactly(4, 2);
        assertThat(connection.isOpen()).isTrue();
        connection.abort();
    }

    @Test
    void aFailingListenerDoesNotStopDelivery() throws Exception {
        RecordingListener recorder = new RecordingListener();
        RealtimeConnection.Listener failingOnFirst = new RealtimeConnection.Listener() {
            private boolean failed;

            @Override
            public void onMessage(RealtimeConnection connection, CharSequence message) {
                if (!failed) {
                    failed = true;
                    throw new IllegalStateException("listener bug (expected by the test)");
                }
                recorder.onMessage(connection, message);
            }

            @Override
            public void onClosed(RealtimeConnection connection, CloseStatus status) {
                recorder.onClosed(connection, status);
            }
        };
        ConnectionSettings settings = new ConnectionSettings(server.uri("/"), Map.of(), Duration.ofSeconds(10), 1024, 4);
        RealtimeConnection connection = RealtimeConnection.open(client, settings, failingOnFirst).get(20, TimeUnit.SECONDS);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        connection.request(2);

        peer.sendText("first");
        peer.sendText("second");

        assertThat(recorder.awaitMessage()).isEqualTo("second");
        assertThat(connection.isOpen()).isTrue();
        connection.abort();
    }
}
