package io.github.camelrealtime.fastrouter.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;

/**
 * The baseline: what a developer writes by hand against the Realtime API with {@code java.net.http.WebSocket} and
 * Jackson. Appends are built as an {@link ObjectNode} with the chunk as a {@link Base64} String and written with
 * {@code writeValueAsString}, sent one at a time ({@code sendText(..).join()}, as the JDK allows one outstanding
 * send). Received messages are collected into a String, read with {@code readTree}, and audio deltas decoded with
 * {@link Base64#getDecoder()} on the listener thread.
 */
final class BareJdkClient implements LoadClient {

    private final URI uri;
    private final String apiKey;
    private final int chunkBytes;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CompletableFuture<Void> sessionCreated = new CompletableFuture<>();
    private final ByteTally audioReceived = new ByteTally();
    private WebSocket webSocket;

    BareJdkClient(URI uri, String apiKey, int chunkMillis) {
        this.uri = uri;
        this.apiKey = apiKey;
        this.chunkBytes = AudioFormat.PCM16.bytesForMillis(chunkMillis);
    }

    @Override
    public String name() {
        return "bareJdk";
    }

    @Override
    public void open(Duration timeout) throws Exception {
        webSocket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + apiKey)
                .connectTimeout(timeout)
                .buildAsync(uri, new Listener())
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        sessionCreated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void sendAudio(byte[] pcm16) throws Exception {
        for (int off = 0; off < pcm16.length; off += chunkBytes) {
            byte[] chunk = Arrays.copyOfRange(pcm16, off, Math.min(pcm16.length, off + chunkBytes));
            ObjectNode append = mapper.createObjectNode();
            append.put("type", "input_audio_buffer.append");
            append.put("audio", Base64.getEncoder().encodeToString(chunk));
            webSocket.sendText(mapper.writeValueAsString(append), true).join();
        }
    }

    @Override
    public void sendEvent(String json) {
        webSocket.sendText(json, true).join();
    }

    @Override
    public CompletableFuture<Long> expectAudio(long bytes) {
        return audioReceived.expectMore(bytes);
    }

    @Override
    public void close() throws Exception {
        if (webSocket != null) {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    private void handle(String message) throws Exception {
        JsonNode event = mapper.readTree(message);
        switch (event.path("type").asText()) {
            case "session.created" -> sessionCreated.complete(null);
            case "response.output_audio.delta" -> {
                byte[] audio = Base64.getDecoder().decode(event.get("delta").asText());
                audioReceived.add(audio.length);
            }
            case "error" -> System.err.println("bareJdk client got an error event: " + message);
            default -> {
                // other events are not part of the load
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    handle(message);
                } catch (Exception e) {
                    System.err.println("bareJdk client cannot handle a message: " + e);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            sessionCreated.completeExceptionally(error);
            System.err.println("bareJdk client WebSocket error: " + error);
        }
    }
}
