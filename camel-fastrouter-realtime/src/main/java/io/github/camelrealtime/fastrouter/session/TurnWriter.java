package io.github.camelrealtime.fastrouter.session;

import java.util.concurrent.CompletableFuture;

import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * Writes client events on behalf of one exchange: each event's {@code event_id} is remembered for that exchange, so a
 * server {@code error} naming it fails the right exchange.
 */
public final class TurnWriter {

    private final RealtimeSession session;
    private final ResponseRequest request;

    TurnWriter(RealtimeSession session, ResponseRequest request) {
        this.session = session;
        this.request = request;
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
        return session.write(event);
    }

    public CompletableFuture<Void> send(RealtimeEvent event) {
        try {
            return write(encode(event));
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
