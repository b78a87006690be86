package io.github.camelrealtime.fastrouter.session;

import java.util.concurrent.CompletableFuture;

import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.transport.RealtimeConnection;

/**
 * Writes client events on behalf of one exchange: each event's {@code event_id} is remembered for that exchange, so a
 * server {@code error} naming it fails the right exchange; once the exchange has ended, or the socket it started on is
 * gone, nothing more is written for it.
 */
public final class TurnWriter {

    private final RealtimeSession session;
    private final ResponseRequest request;
    private final RealtimeConnection socket;

    /**
     * @param socket the connection the input started on: once the session reconnected, the rest of the input belongs to
     *               a conversation that no longer exists and is not written
     */
    TurnWriter(RealtimeSession session, ResponseRequest request, RealtimeConnection socket) {
        this.session = session;
        this.request = request;
        this.socket = socket;
    }

    public RealtimeSession session() {
        return session;
    }

    /** Encodes the event for the session's dialect, giving it an {@code event_id} attributed to this exchange. */
    public EncodedEvent encode(RealtimeEvent event) throws ProtocolException {
        EncodedEvent encoded = session.encode(event);
        if (request != null) {
            session.attribute(request, encoded.eventId());
        }
        return encoded;
    }

    public CompletableFuture<Void> write(EncodedEvent event) {
        if (request != null && request.settled.get()) {
            // the exchange already failed (timeout, error): its remaining input must not mix with the next turn's
            return CompletableFuture.failedFuture(new RealtimeSessionClosedException(
                    "The exchange of request " + request.requestId + " already ended; the rest of its input was not sent"));
        }
        return session.write(event, socket);
    }

    public CompletableFuture<Void> send(RealtimeEvent event) {
        try {
            return write(encode(event));
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
