package io.github.camelrealtime.fastrouter.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.openai.client.okhttp.OkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.core.ObjectMappers;
import com.openai.core.http.WebSocketWriteNotAttempted;
import com.openai.helpers.RealtimeConnection;
import com.openai.models.realtime.InputAudioBufferAppendEvent;
import com.openai.models.realtime.RealtimeClientEvent;
import com.openai.models.realtime.RealtimeServerEvent;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;

/**
 * The other Java option: openai-java's GA {@link RealtimeConnection} on its OkHttp transport, used as its README shows.
 * Appends are typed {@link InputAudioBufferAppendEvent}s with a base64 String, queued with {@code send} (retried
 * after 0.2 ms while OkHttp's 16 MiB send queue is full, as the SDK asks); a reader
 * thread takes typed {@link RealtimeServerEvent}s with {@code receive()} and decodes each audio delta's base64.
 * Built only with the Maven profile {@code openai-java} (benchmarks/run turns it on); found by reflection.
 */
public final class OpenAiJavaClient implements LoadClient {

    private final URI uri;
    private final String apiKey;
    private final int chunkBytes;
    private final CompletableFuture<Void> sessionCreated = new CompletableFuture<>();
    private final ByteTally audioReceived = new ByteTally();
    private RealtimeConnection connection;
    private Thread reader;
    private volatile boolean closing;

    public OpenAiJavaClient(URI uri, String apiKey, int chunkMillis) {
        this.uri = uri;
        this.apiKey = apiKey;
        this.chunkBytes = AudioFormat.PCM16.bytesForMillis(chunkMillis);
    }

    @Override
    public String name() {
        return "openaiJava";
    }

    @Override
    public void open(Duration timeout) throws Exception {
        // the SDK takes an http(s) base URL and derives ws(s)://…/realtime from it; model as a query parameter
        String base = "http://" + uri.getAuthority() + uri.getPath().replaceAll("/realtime$", "") + "?model=gpt-realtime";
        ClientOptions options = ClientOptions.builder()
                .httpClient(OkHttpClient.builder().build())
                .baseUrl(base)
                .apiKey(apiKey)
                .build();
        connection = RealtimeConnection.connect(options);
        reader = new Thread(this::read, "openai-java-reader");
        reader.setDaemon(true);
        reader.start();
        sessionCreated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        try {
            while (!closing) {
                RealtimeServerEvent event = connection.receive();
                if (event.isResponseOutputAudioDelta()) {
                    byte[] audio = Base64.getDecoder().decode(event.asResponseOutputAudioDelta().delta());
                    audioReceived.add(audio.length);
                } else if (event.isSessionCreated()) {
                    sessionCreated.complete(null);
                } else if (event.isError()) {
                    System.err.println("openaiJava client got an error event: " + event);
                }
            }
        } catch (RuntimeException e) {
            if (!closing) {
                sessionCreated.completeExceptionally(e);
                System.err.println("openaiJava client reader stopped: " + e);
            }
        }
    }

    @Override
    public void sendAudio(byte[] pcm16) {
        for (int off = 0; off < pcm16.length; off += chunkBytes) {
            byte[] chunk = Arrays.copyOfRange(pcm16, off, Math.min(pcm16.length, off + chunkBytes));
            send(RealtimeClientEvent.ofInputAudioBufferAppend(InputAudioBufferAppendEvent.builder()
                    .audio(Base64.getEncoder().encodeToString(chunk))
                    .build()));
        }
    }

    /** OkHttp queues up to 16 MiB; beyond that the SDK refuses the command (Busy) and the caller retries later. */
    private void send(RealtimeClientEvent event) {
        while (true) {
            try {
                connection.send(event);
                return;
            } catch (WebSocketWriteNotAttempted.Busy busy) {
                LockSupport.parkNanos(200_000);
            }
        }
    }

    @Override
    public void sendEvent(String json) throws Exception {
        send(ObjectMappers.jsonMapper().readValue(json, RealtimeClientEvent.class));
    }

    @Override
    public CompletableFuture<Long> expectAudio(long bytes) {
        return audioReceived.expectMore(bytes);
    }

    @Override
    public void close() {
        closing = true;
        if (connection != null) {
            connection.close();
        }
    }
}
