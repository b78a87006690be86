package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.protocol.ClientEvents;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * What runs on the server: the aggregate of every response under way, which in-band response holds the conversation
 * (only one may run), and how much audio each assistant item generated (for barge-in). Part of the
 * {@link Conversation}'s state (guarded by the session's lock).
 */
final class ServerResponses {

    private final AudioFormat outputFormat;
    private final Map<String, ResponseAggregator> aggregators = new HashMap<>();
    private final InterruptionClock clock;
    /** The in-band response running on the server (a turn's or the server's own), or null. */
    private String active;
    /** The server said a response is active that this side never saw start: the next response.done ends it. */
    private boolean activeUnseen;

    ServerResponses(AudioFormat outputFormat, LongSupplier nanoTime) {
        this.outputFormat = outputFormat;
        this.clock = new InterruptionClock(outputFormat, nanoTime);
    }

    /** Whether an in-band response runs, so no turn may start (or ask). */
    boolean holdConversation() {
        return active != null || activeUnseen;
    }

    /** The in-band response running, if this side saw it start. */
    String active() {
        return active;
    }

    boolean running(String responseId) {
        return responseId != null && aggregators.containsKey(responseId);
    }

    void started(String responseId, JsonNode metadata, boolean outOfBand, boolean keepAudio) {
        aggregators.put(responseId, new ResponseAggregator(responseId, outputFormat, metadata, outOfBand, keepAudio));
        if (!outOfBand) {
            active = responseId;
            activeUnseen = false;
        }
    }

    /** A delta or part of a response: into its aggregate (and the audio clock). True when it is an in-band response's. */
    boolean add(RealtimeEvent event) {
        if (EventTypes.RESPONSE_OUTPUT_AUDIO_DELTA.equals(event.type())) {
            clock.onAudioDelta(event.itemId(), event.contentIndex() == null ? 0 : event.contentIndex(), event.audioLength());
        }
        ResponseAggregator agg = event.responseId() == null ? null : aggregators.get(event.responseId());
        if (agg == null) {
            return false;
        }
        agg.add(event);
        return !agg.outOfBand();
    }

    /** The response ended: its aggregate (server texts redacted); an in-band one no longer holds the conversation. */
    ResponseResult finished(RealtimeEvent done, UnaryOperator<String> redact) {
        JsonNode response = done.fields().path("response");
        String responseId = response.path("id").asText(null);
        ResponseAggregator agg = responseId == null ? null : aggregators.remove(responseId);
        if (agg == null) {
            JsonNode conversation = response.get("conversation_id");
            agg = new ResponseAggregator(responseId, outputFormat, response.get("metadata"), conversation != null && conversation.isNull(), false);
        }
        if (!agg.outOfBand() && (responseId == null || responseId.equals(active) || active == null)) {
            active = null;
            activeUnseen = false;
        }
        return agg.finish(done, redact);
    }

    /** The conversation is let go of this response (cancelled, or its turn abandoned): the next turn may start. */
    void letGo(String responseId) {
        if (responseId != null) {
            // a response that never ends must not keep its aggregate (with audio) until the socket goes
            aggregators.remove(responseId);
            if (responseId.equals(active)) {
                active = null;
            }
        }
        activeUnseen = false;
    }

    /** The server refused a create because a response is active: when this side saw none start, one is unseen. */
    void serverBusy() {
        if (active == null) {
            activeUnseen = true;
        }
    }

    /**
     * The events that interrupt the reply being played: {@code response.cancel} when the server will not cancel by
     * itself, and a truncation of the playing item at {@code floor(min(played, generated))}.
     */
    List<RealtimeEvent> interrupt(Long playedMs, boolean serverCancels) {
        List<RealtimeEvent> events = new ArrayList<>(2);
        if (active != null && !serverCancels) {
            events.add(ClientEvents.responseCancel(active));
        }
        clock.truncation(playedMs).ifPresent(t -> {
            events.add(ClientEvents.truncate(t.itemId(), t.contentIndex(), t.audioEndMs()));
            clock.markTruncated(t.itemId());
        });
        return events;
    }

    /**
     * The events that stop one response at once (a guardrail tripped): {@code response.cancel} while it runs, whatever
     * the VAD would do, and a truncation of its item at {@code floor(min(played, generated))}, played by the wall clock.
     */
    List<RealtimeEvent> stop(String responseId, String itemId) {
        List<RealtimeEvent> events = new ArrayList<>(2);
        if (running(responseId)) {
            events.add(ClientEvents.responseCancel(responseId));
        }
        if (itemId != null) {
            clock.truncation(itemId, null).ifPresent(t -> {
                events.add(ClientEvents.truncate(t.itemId(), t.contentIndex(), t.audioEndMs()));
                clock.markTruncated(t.itemId());
            });
        }
        return events;
    }

    /** A new socket: nothing runs there yet. */
    void opened() {
        clock.reset();
    }

    /** The socket is gone, and with it every response. */
    void clear() {
        aggregators.clear();
        active = null;
        activeUnseen = false;
    }
}
