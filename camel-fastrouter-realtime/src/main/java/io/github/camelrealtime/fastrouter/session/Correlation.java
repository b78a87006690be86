package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is who on the wire: which turn wrote which {@code event_id}, asked under which request id, owns which server
 * response and which committed input item; which out-of-band turns wait for their response (oldest first); and which
 * request ids belong to abandoned turns. Part of the {@link Conversation}'s state (guarded by the session's lock).
 */
final class Correlation {

    /** Request ids of abandoned turns remembered, so their late responses are cancelled rather than adopted. */
    private static final int REMEMBERED_ABANDONED = 256;

    private final Map<String, Turn> byRequest = new HashMap<>();
    private final Map<String, Turn> byResponse = new HashMap<>();
    private final Map<String, Turn> byEvent = new HashMap<>();
    private final Map<String, Turn> byItem = new HashMap<>();
    private final LinkedHashMap<String, Turn> outOfBandUnbound = new LinkedHashMap<>();
    private final Set<String> abandoned = new LinkedHashSet<>();
    /** Whether the server echoes {@code response.metadata} (then an unmarked response is the server's own). */
    private boolean echoesMetadata;

    void attribute(Turn turn, String eventId) {
        if (!turn.outcome.settled) {
            turn.eventIds.add(eventId);
            byEvent.put(eventId, turn);
        }
    }

    Turn byEvent(String eventId) {
        return eventId == null ? null : byEvent.get(eventId);
    }

    Turn byItem(String itemId) {
        return itemId == null ? null : byItem.get(itemId);
    }

    void item(Turn turn, String itemId) {
        turn.items.add(itemId);
        byItem.put(itemId, turn);
    }

    /** The turn sent its {@code response.create} under its id. */
    void asked(Turn turn) {
        byRequest.put(turn.id, turn);
        if (turn.kind == Turn.Kind.OUT_OF_BAND) {
            outOfBandUnbound.put(turn.id, turn);
        }
    }

    /** The turn's {@code response.create} was refused; it may ask again. */
    void unasked(Turn turn) {
        byRequest.remove(turn.id, turn);
    }

    /** The turn named by a response's echoed metadata; noting that this server echoes it. */
    Turn asker(String requestId) {
        if (requestId == null) {
            return null;
        }
        echoesMetadata = true;
        return byRequest.get(requestId);
    }

    boolean echoesMetadata() {
        return echoesMetadata;
    }

    /** The oldest out-of-band turn without a response, for servers that do not echo metadata. */
    Turn oldestUnboundOutOfBand() {
        if (echoesMetadata) {
            return null;
        }
        for (Turn t : outOfBandUnbound.values()) {
            return t;
        }
        return null;
    }

    void bind(Turn turn, String responseId) {
        turn.responseId = responseId;
        byResponse.put(responseId, turn);
        outOfBandUnbound.remove(turn.id, turn);
    }

    Turn owner(String responseId) {
        return responseId == null ? null : byResponse.get(responseId);
    }

    Turn release(String responseId) {
        return responseId == null ? null : byResponse.remove(responseId);
    }

    /** Whether a running response belongs to an exchange (else it is the server's own, or an abandoned one's). */
    boolean owned(String responseId) {
        return responseId != null && byResponse.containsKey(responseId);
    }

    /** Out-of-band turns waiting for or running their response. */
    int outOfBandRunning() {
        int n = outOfBandUnbound.size();
        for (Turn t : byResponse.values()) {
            if (t.kind == Turn.Kind.OUT_OF_BAND) {
                n++;
            }
        }
        return n;
    }

    boolean nothingRunning() {
        return byResponse.isEmpty() && outOfBandUnbound.isEmpty();
    }

    /** Turns that asked for a response and have not finished (to fail them when the socket is gone). */
    List<Turn> askedTurns() {
        return new ArrayList<>(byRequest.values());
    }

    /** The turn is over: nothing names it any more. */
    void forget(Turn turn) {
        for (String id : turn.eventIds) {
            byEvent.remove(id);
        }
        turn.eventIds.clear();
        for (String item : turn.items) {
            byItem.remove(item);
        }
        byRequest.remove(turn.id, turn);
        outOfBandUnbound.remove(turn.id, turn);
        if (turn.responseId != null) {
            byResponse.remove(turn.responseId, turn);
        }
    }

    void abandoned(String requestId) {
        abandoned.add(requestId);
        if (abandoned.size() > REMEMBERED_ABANDONED) {
            abandoned.remove(abandoned.iterator().next());
        }
    }

    /** Whether the request id is an abandoned turn's (once: its late response is dealt with). */
    boolean wasAbandoned(String requestId) {
        return requestId != null && abandoned.remove(requestId);
    }

    /** The socket is gone, and with it everything the server knew. */
    void clear() {
        byRequest.clear();
        byResponse.clear();
        byEvent.clear();
        byItem.clear();
        outOfBandUnbound.clear();
    }
}
