package io.github.camelrealtime.fastrouter.session;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.protocol.RealtimeCodec;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * Names what a session writes: every client event gets an {@code event_id} ({@code evt_<prefix>_<n>}, so a server error
 * can name it) unless it has one, and every exchange's request an id ({@code <prefix>-<n>}, echoed in
 * {@code response.metadata}). The prefix is random per session. Thread-safe and lock-free: encoding an audio chunk
 * takes no session lock.
 */
final class EventIds {

    private final String prefix = Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffL, 36);
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final RealtimeCodec codec;

    EventIds(RealtimeCodec codec) {
        this.codec = codec;
    }

    String nextEventId() {
        return "evt_" + prefix + "_" + Long.toString(events.incrementAndGet(), 36);
    }

    String nextRequestId() {
        return prefix + "-" + requests.incrementAndGet();
    }

    /** Gives the event an {@code event_id} (if it has none) and encodes it for the dialect. */
    EncodedEvent encode(RealtimeEvent event, Dialect dialect) throws ProtocolException {
        String eventId = event.eventId();
        RealtimeEvent withId = event;
        if (eventId == null || eventId.isEmpty()) {
            eventId = nextEventId();
            withId = event.withEventId(eventId);
        }
        return new EncodedEvent(eventId, event.type(), codec.encode(withId, dialect));
    }
}
