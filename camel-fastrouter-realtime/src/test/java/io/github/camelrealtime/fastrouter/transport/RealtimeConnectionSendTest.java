package io.github.camelrealtime.fastrouter.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RealtimeConnectionSendTest extends TransportTestSupport {

    private RealtimeConnection open(RecordingListener listener, int sendQueueCapacity) throws Exception {
        ConnectionSettings settings = new ConnectionSettings(server.uri("/v1/realtime"), Map.of(),
                Duration.ofSeconds(10), 1024, sendQueueCapacity, Duration.ofSeconds(2));
        return RealtimeConnection.open(client, settings, listener).get(20, TimeUnit.SECONDS);
    }

    @Test
    void concurrentSendersKeepTheirOrderAndAllArrive() throws Exception {
        int senders = 8;
        int perSender = 500;
        RealtimeConnection connection = open(new RecordingListener(), senders * perSender);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        List<CompletableFuture<Void>> writes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < perSender; n++) {
                    writes.add(connection.send("{\"sender\":" + sender + ",\"n\":" + n + "}"));
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(20));
        }

        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        Map<Integer, List<Integer>> received = new HashMap<>();
        for (int i = 0; i < senders * perSender; i++) {
            String message = peer.awaitMessage();
            int sender = Integer.parseInt(message.substring(message.indexOf(':') + 1, message.indexOf(',')));
            int n = Integer.parseInt(message.substring(message.lastIndexOf(':') + 1, message.length() - 1));
            received.computeIfAbsent(sender, k -> new ArrayList<>()).add(n);
        }
        assertThat(writes).hasSize(senders * perSender).allMatch(write -> !write.isCompletedExceptionally());
        List<Integer> expected = IntStream.range(0, perSender).boxed().toList();
        assertThat(received).hasSize(senders);
        received.values().forEach(order -> assertThat(order).isEqualTo(expected));
        assertThat(connection.pendingSends()).isZero();
        connection.abort();
    }

    @Test
    void fullQueueFailsFastAndSendsNothingOfTheRefusedMessage() throws Exception {
        RealtimeConnection connection = open(new RecordingListener(), 4);
        TestWebSocketServer.Peer peer = server.awaitPeer();
        peer.pauseReading();
        String body = "x".repeat(256 * 1024);
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        CompletableFuture<Void> refused = null;

        for (int i = 0; i < 1_000 && refused == null; i++) {
            CompletableFuture<Void> write = connection.send(i + ":" + body);
            if (write.isCompletedExceptionally()) {
                refused = write;
            } else {
                accepted.add(write);
            }
        }

        assertThat(refused).as("the queue filled up while the server was not reading").isNotNull();
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(SendQueueFullException.class)
                .withMessageContaining("sendQueueCapacity=4");
        assertThat(connection.pendingSends()).isBetween(1, 4);
        assertThat(connection.isOpen()).isTrue();

        peer.resumeReading();
        CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < accepted.size(); i++) {
            assertThat(peer.awaitMessage()).isEqualTo(i + ":" + body);
        }
        connection.send("after").get(20, TimeUnit.SECONDS);
        assertThat(peer.awaitMessage()).isEqualTo("after");
        connection.abort();
    }

    @Test
    void refusesUnpairedSurrogatesWithoutHarmingTheConnection() throws Exception {
        RealtimeConnection connection = open(new RecordingListener(), 4);
        TestWebSocketServer.Peer peer = server.awaitPeer();

        assertThat(connection.send("{\"text\":\"\uD83D\"}")).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IllegalArgumentException.class)
                .withMessageContaining("unpaired surrogate at index 9");
        connection.send("{\"text\":\"\uD83D\uDE00\"}").get(20, TimeUnit.SECONDS);
        assertThat(peer.awaitMessage()).isEqualTo("{\"text\":\"\uD83D\uDE00\"}");
        connection.abort();
    }

    @Test
    void sendAfterCloseFailsWithConnectionClosed() throws Exception {
        RealtimeConnection connection = open(new RecordingListener(), 4);
        server.awaitPeer();

        connection.close(1000, "done");

        assertThat(connection.send("late")).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ConnectionClosedException.class);
    }
}
