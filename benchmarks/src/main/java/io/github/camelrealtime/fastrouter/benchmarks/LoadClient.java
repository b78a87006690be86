package io.github.camelrealtime.fastrouter.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One way of talking to the Realtime server in the load scenarios: through the component, or a bare JDK WebSocket. */
interface LoadClient extends AutoCloseable {

    /** A short name for the JSON output: {@code component} or {@code bareJdk}. */
    String name();

    /** Connects and waits until the session is open. */
    void open(Duration timeout) throws Exception;

    /** Sends raw pcm16 as {@code input_audio_buffer.append} events of the client's chunk length; returns once written. */
    void sendAudio(byte[] pcm16) throws Exception;

    /** Sends a client event given as JSON, e.g. {@code {"type":"input_audio_buffer.commit"}}; returns once written. */
    void sendEvent(String json) throws Exception;

    /**
     * Expects {@code bytes} more decoded bytes of {@code response.output_audio.delta}s; the future completes when
     * they have all been decoded and handed to the application.
     */
    CompletableFuture<Long> expectAudio(long bytes);

    @Override
    void close() throws Exception;
}
