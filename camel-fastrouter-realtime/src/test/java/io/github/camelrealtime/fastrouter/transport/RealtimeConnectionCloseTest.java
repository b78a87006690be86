package io.github.camelrealtime.fastrouter.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RealtimeConnectionCloseTest extends TransportTestSupport {

    private RealtimeConnection open(RecordingListener listener, int sendQueueCapacity, Duration closeTimeout)
            throws Exception {
        ConnectionSettings settings = new ConnectionSettings(server.uri("/v1/realtime"), Map.of(),
                Duration.ofSeconds(10), 1024, sendQueueCapacity, closeTimeout);
        return RealtimeConnection.open(client, settings, listener).get(20, TimeUnit.SECONDS);
    }

    /** Waits a little for a second, wrong onClosed call, then checks there was exactly one. */
    private static void assertClosedOnce(RecordingListener listener) throws InterruptedException {
        Thread.sleep(300);
        assertThat(listener.closes).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
            "4000, invalid_request_error.beta_api_shape_disabled, REQUEST_REJECTED, false",
            "3000, invalid_request_error.invalid_api_key, AUTHENTICATION, false",
            "1001, Your session hit the maximum duration of 60 minutes., GOING_AWAY, true",
            "1011, internal error, SERVER_ERROR, true",
            "1000, bye, NORMAL, false"})
    void serverCloseIsReportedOnceWithItsCodeAndReason(int code, String reason, CloseKind kind, boolean retryable)
            throws Exception {
        RecordingListener listener = new RecordingListener(true);
        RealtimeConnection connection = open(listener, 4, Duration.ofSeconds(2));
        TestWebSocketServer.Peer peer = server.awaitPeer();
        connection.request(1);

        peer.sendClose(code, reason);

        CloseStatus status = listener.awaitClosed();
        assertThat(status.code()).isEqualTo(code);
        assertThat(status.reason()).isEqualTo(reason);
        assertThat(status.kind()).isEqualTo(kind);
        assertThat(status.retryable()).isEqualTo(retryable);
        assertThat(status.cause()).isNull();
        assertThat(peer.awaitClientClose().code()).as("the JDK answers the close").isEqualTo(code);
        assertThat(connection.isOpen()).isFalse();
        connection.abort();
        connection.close(1000, "again").get(5, TimeUnit.SECONDS);
        assertClosedOnce(listener);
    }

    @Test
    void droppedTcpConnectionIsAbnormalAndRetryable() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        open(listener, 4, Duration.ofSeconds(2)).request(1);
        TestWebSocketServer.Peer peer = server.awaitPeer();

        peer.dropConnection();

        CloseStatus status = listener.awaitClosed();
        assertThat(status.code()).isEqualTo(1006);
        assertThat(status.kind()).isEqualTo(CloseKind.ABNORMAL);
        assertThat(status.retryable()).isTrue();
        assertThat(status.cause()).isInstanceOf(IOException.class);
        assertClosedOnce(listener);
    }

    @Test
    void abortReportsOnceAndFailsEveryPendingSend() throws Exception {
        RecordingListener listener = new RecordingListener();
        RealtimeConnection connection = open(listener, 4, Duration.ofSeconds(2));
        TestWebSocketServer.Peer peer = server.awaitPeer();
        peer.pauseReading();
        List<CompletableFuture<Void>> accepted = fillQueue(connection);

        connection.abort();
        connection.abort();

        CloseStatus status = listener.awaitClosed();
        assertThat(status.code()).isEqualTo(1006);
        assertThat(status.reason()).isEqualTo("aborted");
        assertThat(connection.isOpen()).isFalse();
        List<Throwable> failures = failuresOf(accepted);
        // every send ends (failuresOf waits for each); the socket may have taken some before the end, never the last queued
        assertThat(failures).isNotEmpty().allMatch(f -> f instanceof ConnectionClosedException);
        assertThat(accepted.get(accepted.size() - 1)).isCompletedExceptionally();
        assertThat(failures).filteredOn(f -> !((ConnectionClosedException) f).writeStarted())
                .as("the queued messages were never written").isNotEmpty();
        assertThat(connection.pendingSends()).isZero();
        assertClosedOnce(listener);
    }

    @Test
    void resetByTheServerFailsPendingSends() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        RealtimeConnection connection = open(listener, 4, Duration.ofSeconds(2));
        connection.request(1);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        peer.pauseReading();
        List<CompletableFuture<Void>> accepted = fillQueue(connection);

        peer.dropConnection();

        CloseStatus status = listener.awaitClosed();
        assertThat(status.kind()).isEqualTo(CloseKind.ABNORMAL);
        assertThat(status.retryable()).isTrue();
        // every send ends (failuresOf waits for each); the socket may have taken some before the end, never the last queued
        assertThat(failuresOf(accepted)).isNotEmpty().allMatch(f -> f instanceof ConnectionClosedException);
        assertThat(accepted.get(accepted.size() - 1)).isCompletedExceptionally();
        assertClosedOnce(listener);
    }

    @Test
    void gracefulCloseWritesQueuedMessagesFirst() throws Exception {
        RecordingListener listener = new RecordingListener();
        RealtimeConnection connection = open(listener, 64, Duration.ofSeconds(10));
        TestWebSocketServer.Peer peer = server.awaitPeer();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(connection.send("{\"n\":" + i + "}"));
        }

        CompletableFuture<Void> closed = connection.close(1000, "bye");

        closed.get(20, TimeUnit.SECONDS);
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            assertThat(peer.awaitMessage()).isEqualTo("{\"n\":" + i + "}");
        }
        assertThat(peer.awaitClientClose()).isEqualTo(new TestWebSocketServer.CloseFrame(1000, "bye"));
        CloseStatus status = listener.awaitClosed();
        assertThat(status.kind()).isEqualTo(CloseKind.NORMAL);
        assertThat(status.retryable()).isFalse();
        assertThat(connection.close(1000, "again")).isCompleted();
        assertClosedOnce(listener);
    }

    @Test
    void closeWithoutAnAnswerEndsAfterTheCloseTimeout() throws Exception {
        server.echoClose(false);
        RecordingListener listener = new RecordingListener();
        RealtimeConnection connection = open(listener, 4, Duration.ofMillis(300));
        TestWebSocketServer.Peer peer = server.awaitPeer();

        connection.close(4001, "recycling");

        assertThat(peer.awaitClientClose()).isEqualTo(new TestWebSocketServer.CloseFrame(4001, "recycling"));
        CloseStatus status = listener.awaitClosed();
        assertThat(status.code()).isEqualTo(4001);
        assertThat(status.reason()).isEqualTo("recycling");
        peer.ended().get(20, TimeUnit.SECONDS);
        assertClosedOnce(listener);
    }

    @Test
    void closeCutsALongReasonAndRefusesCodesTheClientMayNotSend() throws Exception {
        RecordingListener listener = new RecordingListener();
        RealtimeConnection connection = open(listener, 4, Duration.ofSeconds(2));
        TestWebSocketServer.Peer peer = server.awaitPeer();

        assertThatThrownBy(() -> connection.close(1009, "too big"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1009");
        connection.close(1000, "é".repeat(100)).get(20, TimeUnit.SECONDS);

        assertThat(peer.awaitClientClose().reason()).isEqualTo("é".repeat(61));
    }

    /** Sends 256 KiB messages while the server does not read, until the queue refuses one. */
    private static List<CompletableFuture<Void>> fillQueue(RealtimeConnection connection) {
        String body = "y".repeat(256 * 1024);
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            CompletableFuture<Void> write = connection.send(body);
            if (write.isCompletedExceptionally()) {
                assertThat(write).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(SendQueueFullException.class);
                return accepted.subList(accepted.size() - connection.pendingSends(), accepted.size());
            }
            accepted.add(write);
        }
        throw new AssertionError("the send queue never filled up");
    }

    private static List<Throwable> failuresOf(List<CompletableFuture<Void>> writes) {
        List<Throwable> failures = new ArrayList<>();
        for (CompletableFuture<Void> write : writes) {
            try {
                write.get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            } catch (Exception e) {
                throw new AssertionError("a pending send neither completed nor failed", e);
            }
        }
        return failures;
    }
}
