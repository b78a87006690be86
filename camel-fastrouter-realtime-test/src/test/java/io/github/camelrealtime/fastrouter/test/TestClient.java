package io.github.camelrealtime.fastrouter.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/** A JDK {@link WebSocket} client for the simulator tests, collecting every server event. */
final class TestClient implements WebSocket.Listener, AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<JsonNode> events = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final List<PongSeen> pongs = new ArrayList<>();
    final AtomicInteger textFrames = new AtomicInteger();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    volatile String closeReason;
    final CompletableFuture<Throwable> error = new CompletableFuture<>();
    private WebSocket webSocket;
    private int nextEventId;

    static TestClient connect(URI uri, Map<String, String> headers) {
        return connect(uri, headers, null);
    }

    static TestClient connect(URI uri, Map<String, String> headers, SSLContext sslContext) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        if (sslContext != null) {
            http.sslContext(sslContext);
        }
        TestClient client = new TestClient();
        WebSocket.Builder builder = http.build().newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        client.webSocket = builder.buildAsync(uri, client).orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static Map<String, String> ga() {
        return Map.of("Authorization", "Bearer " + RealtimeSimulator.DEFAULT_API_KEY);
    }

    static Map<String, String> beta() {
        return Map.of("Authorization", "Bearer " + RealtimeSimulator.DEFAULT_API_KEY, "OpenAI-Beta", "realtime=v1");
    }

    @Override
    public void onOpen(WebSocket ws) {
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        textFrames.incrementAndGet();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            JsonNode node;
            try {
                node = MAPPER.readTree(text);
            } catch (Exception e) {
                node = MAPPER.getNodeFactory().textNode(text);
            }
            synchronized (events) {
                events.add(node);
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable e) {
        error.complete(e);
        closeCode.complete(1006);
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        byte[] payload = new byte[message.remaining()];
        message.get(payload);
        synchronized (events) {
            pongs.add(new PongSeen(new String(payload, java.nio.charset.StandardCharsets.UTF_8), events.size()));
        }
        ws.request(1);
        return null;
    }

    /** A pong from the server: its payload, and how many events had arrived before it. */
    record PongSeen(String payload, int eventsBefore) {
    }

    List<PongSeen> pongs() {
        synchronized (events) {
            return List.copyOf(pongs);
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        ws.request(1);
        return null;
    }

    WebSocket webSocket() {
        return webSocket;
    }

    /** Sends an event, adding an event_id ("evt_N") when absent; returns the event_id. */
    String send(ObjectNode event) {
        if (!event.has("event_id")) {
            event.put("event_id", "evt_" + (++nextEventId));
        }
        sendText(event.toString());
        return event.get("event_id").asText();
    }

    String send(String json) {
        try {
            return send((ObjectNode) MAPPER.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    void sendText(String text) {
        webSocket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    void appendAudio(byte[] audio, int chunkBytes) {
        for (int from = 0; from < audio.length; from += chunkBytes) {
            int to = Math.min(audio.length, from + chunkBytes);
            byte[] chunk = java.util.Arrays.copyOfRange(audio, from, to);
            sendText("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(chunk) + "\"}");
        }
    }

    List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<JsonNode> events(String type) {
        return events().stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    List<String> types() {
        return events().stream().map(e -> e.path("type").asText()).toList();
    }

    /** Waits for the n-th (1-based) event of the type and returns it. */
    JsonNode await(String type, int n) {
        return awaitMatching(e -> type.equals(e.path("type").asText()), n, type);
    }

    JsonNode await(String type) {
        return await(type, 1);
    }

    JsonNode awaitMatching(Predicate<JsonNode> predicate, int n, String description) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<JsonNode> matching = events().stream().filter(predicate).toList();
            if (matching.size() >= n) {
                return matching.get(n - 1);
            }
            assertThat(System.nanoTime()).as("waiting for %d x %s; got %s", n, description, types()).isLessThan(deadline);
            sleep(5);
        }
    }

    /** Waits for the error event caused by the given client event id. */
    JsonNode awaitError(String eventId) {
        return awaitMatching(e -> "error".equals(e.path("type").asText()) && eventId.equals(e.path("error").path("event_id").asText()),
                1, "error for " + eventId).path("error");
    }

    int awaitClose() {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(10);
        while (!closeCode.isDone() && System.nanoTime() < deadline) {
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(1)) {
                try {
                    // the JDK 17 client sometimes never reports a peer's FIN while it only waits to read: a write makes
                    // the dead connection show (not at once, so frames already buffered are read first). At times the
                    // client has already shut its output on the lost connection without telling the listener: the
                    // failed ping is then the only sign, and like the component's heartbeat we take it as 1006
                    webSocket.sendPing(java.nio.ByteBuffer.allocate(0)).whenComplete((ws, failure) -> {
                        if (failure != null) {
                            error.complete(failure);
                            closeCode.complete(1006);
                        }
                    });
                } catch (RuntimeException ignored) {
                    // a ping or pong is still being written, or the socket is already closing
                }
            }
            try {
                return closeCode.get(200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                // ping again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return closeCode.orTimeout(1, TimeUnit.SECONDS).join();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (!webSocket.isOutputClosed()) {
            webSocket.sendClose(1000, "bye");
        }
        webSocket.abort();
    }
}
