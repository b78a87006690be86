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
    private final Turn turn;
    private final RealtimeConnection socket;

    /**
     * @param turn   the exchange's turn, or null for events that belong to no exchange
     * @param socket the connection the input started on: once the session reconnected, the rest of the input belongs to
     *               a conversation that no longer exists and is not written
     */
    TurnWriter(RealtimeSession session, Turn turn, RealtimeConnection socket) {
        this.session = session;
        this.turn = turn;
        this.socket = socket;
    }

    public RealtimeSession session() {
        return session;
    }

    /** The exchange's turn, or null when the events belong to no exchange. */
    Turn turn() {
        return turn;
    }

    /** Encodes the event for the session's dialect, giving it an {@code event_id} attributed to this exchange. */
    public EncodedEvent encode(RealtimeEvent event) throws ProtocolException {
        EncodedEvent encoded = session.encode(event);
        if (turn != null) {
            session.attribute(turn, encoded.eventId());
        }
        return encoded;
    }

    public CompletableFuture<Void> write(EncodedEvent event) {
        if (turn != null && turn.outcome.settled) {
            // the exchange already ended (timeout, error): its remaining input must not mix with the next turn's
            return CompletableFuture.failedFuture(new RealtimeSessionClosedException(
                    "The exchange of request " + turn.id + " already ended; the rest of its input was not sent"));
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
