package io.github.camelrealtime.fastrouter.session;

import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * Receives what a session hears, in arrival order, on the session's delivery lane (never the socket's thread).
 * A listener may block: the session then stops reading from the socket (flow control) instead of buffering.
 */
public interface SessionListener {

    /** Every server event, plus the component's {@code connection.*} lifecycle events. */
    void onEvent(RealtimeSession session, RealtimeEvent event);

    /** Every finished response, aggregated, right after its {@code response.done} event was delivered. */
    void onResponse(RealtimeSession session, ResponseResult response);

    /** Whether {@link #onEvent} wants this event; events nobody wants skip the delivery lane. */
    default boolean wants(RealtimeEvent event) {
        return true;
    }

    /** Whether {@link #onResponse} needs the responses' audio (otherwise only InOut waiters make the session keep it). */
    default boolean wantsResponseAudio() {
        return true;
    }
}
