package io.github.camelrealtime.fastrouter.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.transport.RealtimeConnection;

/**
 * The way out of a session: encodes client events (with their {@code event_id}) and writes them on the open socket,
 * or on the socket an exchange's input started on. Lock-free: every audio chunk of every stream passes here. It also
 * keeps what the idle sweep and recycling read: when the session last sent or heard anything, when audio was last
 * appended, and how many InOnly streams are being written.
 */
final class SessionOutput {

    private final SessionKey key;
    private final EventIds ids;
    private final Supplier<Dialect> dialect;
    private final Supplier<String> state;
    /** The open, configured socket, or null: set by the session under its lock, read here without it. */
    private volatile RealtimeConnection socket;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile long lastAppendNanos;
    private final AtomicInteger streams = new AtomicInteger();
    /** The call recording, fed every append and truncation written; null when the call is not recorded. */
    private volatile CallRecorder recorder;

    SessionOutput(SessionKey key, EventIds ids, Supplier<Dialect> dialect, Supplier<String> state) {
        this.key = key;
        this.ids = ids;
        this.dialect = dialect;
        this.state = state;
    }

    void record(CallRecorder callRecorder) {
        this.recorder = callRecorder;
    }

    /** The socket exchanges write to from now on; null while there is none (connecting, reconnecting, closed). */
    void use(RealtimeConnection openSocket) {
        this.socket = openSocket;
    }

    RealtimeConnection socket() {
        return socket;
    }

    /** Something arrived from the server. */
    void heard() {
        lastActivityNanos = System.nanoTime();
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    long lastAppendNanos() {
        return lastAppendNanos;
    }

    int streams() {
        return streams.get();
    }

    EncodedEvent encode(RealtimeEvent event) throws ProtocolException {
        return ids.encode(event, dialect.get());
    }

    <T> CompletableFuture<T> streaming(CompletableFuture<T> stream) {
        streams.incrementAndGet();
        stream.whenComplete((v, err) -> streams.decrementAndGet());
        return stream;
    }

    /** Queues the event on the open socket (only on {@code expectedSocket} when given); completes when written. */
    CompletableFuture<Void> write(EncodedEvent event, RealtimeConnection expectedSocket) {
        long now = System.nanoTime();
        lastActivityNanos = now;
        if (EventTypes.INPUT_AUDIO_BUFFER_APPEND.equals(event.type())) {
            lastAppendNanos = now;
        }
        RealtimeConnection conn = socket;
        if (conn != null && expectedSocket != null && conn != expectedSocket) {
            return CompletableFuture.failedFuture(new RealtimeSessionClosedException("Session " + key
                    + " reconnected while this input was being sent; the rest of it was not sent to the new conversation"));
        }
        if (conn == null) {
            return CompletableFuture.failedFuture(new RealtimeSessionClosedException(
                    "Session " + key + " is not open (" + state.get() + "); " + event.type() + " was not sent"));
        }
        CallRecorder r = recorder;
        if (r != null) {
            recordWritten(r, event);
        }
        return conn.send(event.json());
    }

    private static void recordWritten(CallRecorder r, EncodedEvent event) {
        if (EventTypes.INPUT_AUDIO_BUFFER_APPEND.equals(event.type())) {
            r.userAudio(event.json());
        } else if (EventTypes.CONVERSATION_ITEM_TRUNCATE.equals(event.type())) {
            try {
                com.fasterxml.jackson.databind.JsonNode t = TRUNCATES.readTree(event.json().toString());
                r.truncated(t.path("item_id").asText(null), t.path("audio_end_ms").asLong());
            } catch (java.io.IOException | RuntimeException e) {
                // not a truncation this side can read: the recording keeps the item whole
            }
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper TRUNCATES = new com.fasterxml.jackson.databind.ObjectMapper();

    CompletableFuture<Void> send(RealtimeEvent event) {
        try {
            return write(encode(event), null);
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
