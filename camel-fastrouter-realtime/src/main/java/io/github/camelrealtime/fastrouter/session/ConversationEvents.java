package io.github.camelrealtime.fastrouter.session;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.protocol.ClientEvents;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each server event means for the {@link Conversation}: the session it reports, the items the server commits,
 * the responses it starts and ends (whose they are, and what follows: a tool round, the next turn), transcripts,
 * and errors (whose they are). The other half of the conversation's rules, on the same state: pure and
 * single-threaded like it (called under the session's lock).
 */
final class ConversationEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationEvents.class);

    private final Conversation c;

    ConversationEvents(Conversation conversation) {
        this.c = conversation;
    }

    /** Applies one server event; returns the aggregate when the event ends a response. */
    ResponseResult apply(RealtimeEvent event, List<Action> out) {
        switch (event.type()) {
            case EventTypes.SESSION_CREATED -> c.effective = c.effective.update(event);
            case EventTypes.SESSION_UPDATED -> {
                c.effective = c.effective.update(event);
                Turn t = c.current;
                // the server may answer before this side saw its write complete (the turn still in INPUT)
                if (t != null && t.kind == Turn.Kind.UPDATE && (t.phase == Turn.Phase.AWAIT_ANSWER || t.phase == Turn.Phase.INPUT)) {
                    c.settleReply(t, event, out);
                    c.finishCurrent(t, out);
                }
            }
            case EventTypes.INPUT_AUDIO_BUFFER_SPEECH_STARTED -> {
                c.speaking = true;
                c.lastSpeechNanos = c.nanoTime.getAsLong();
            }
            case EventTypes.INPUT_AUDIO_BUFFER_SPEECH_STOPPED -> {
                c.speaking = false;
                c.lastSpeechNanos = c.nanoTime.getAsLong();
            }
            case EventTypes.INPUT_AUDIO_BUFFER_COMMITTED -> onCommitted(event, out);
            case EventTypes.INPUT_AUDIO_BUFFER_CLEARED -> {
                c.bufferEmptiedNanos = c.nanoTime.getAsLong();
                if (!c.clearsUnanswered.isEmpty()) {
                    c.clearsUnanswered.remove(c.clearsUnanswered.iterator().next());
                }
            }
            case EventTypes.RESPONSE_CREATED -> onResponseCreated(event, out);
            case EventTypes.RESPONSE_DONE -> {
                return onResponseDone(event, out);
            }
            case EventTypes.ERROR -> onError(event, out);
            case EventTypes.CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_COMPLETED -> onTranscript(event, null, out);
            case EventTypes.CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_FAILED -> onTranscript(event,
                    new RealtimeServerErrorException(event.fields().at("/error/type").asText(null),
                            event.fields().at("/error/code").asText(null), c.redact.apply(event.fields().at("/error/message").asText(null)),
                            event.fields().at("/error/param").asText(null), null), out);
            case EventTypes.RESPONSE_FUNCTION_CALL_ARGUMENTS_DONE -> {
                if (c.responses.add(event)) {
                    c.tools.ledger.callMade(event.responseId(), event.callId());
                }
            }
            case EventTypes.RESPONSE_MCP_CALL_COMPLETED, EventTypes.RESPONSE_MCP_CALL_FAILED -> {
                c.responses.add(event);
                c.mcpCallEnded(event.itemId(), out);
            }
            case EventTypes.CONVERSATION_ITEM_DONE -> {
                c.responses.add(event);
                JsonNode item = event.fields().path("item");
                if ("mcp_call".equals(item.path("type").asText()) && (item.hasNonNull("output") || item.hasNonNull("error"))) {
                    c.mcpCallEnded(item.path("id").asText(null), out);
                }
            }
            case EventTypes.RESPONSE_OUTPUT_AUDIO_DELTA -> {
                c.responses.add(event);
                Turn owner = c.ids.owner(event.responseId());
                if (owner != null && owner.outcome.firstAudioNanos == 0) {
                    owner.outcome.firstAudioNanos = c.nanoTime.getAsLong();
                }
            }
            default -> c.responses.add(event);
        }
        return null;
    }

    private void onCommitted(RealtimeEvent event, List<Action> out) {
        c.speaking = false;
        c.bufferEmptiedNanos = c.nanoTime.getAsLong();
        String itemId = event.itemId();
        if (!c.clearsUnanswered.isEmpty()) {
            LOG.debug("Session {}: item {} was committed from abandoned audio before its clear; no turn takes it", c.name, itemId);
            return;
        }
        Turn t = c.current;
        if (itemId == null || t == null || !t.audio() || (t.phase != Turn.Phase.INPUT && t.phase != Turn.Phase.AWAIT_COMMIT)) {
            return;
        }
        c.ids.item(t, itemId);
        if (t.phase == Turn.Phase.AWAIT_COMMIT && (t.kind == Turn.Kind.AUDIO || t.clientCommitted)) {
            c.committed(t, out);
        }
    }

    private void onResponseCreated(RealtimeEvent event, List<Action> out) {
        JsonNode response = event.fields().path("response");
        String responseId = response.path("id").asText(null);
        if (responseId == null) {
            return;
        }
        String requestId = response.path("metadata").path(Turn.METADATA_KEY).asText(null);
        Turn owner = c.ids.asker(requestId);
        boolean outOfBand = owner != null ? owner.kind == Turn.Kind.OUT_OF_BAND : isOutOfBand(response);
        if (owner == null && requestId == null) {
            owner = outOfBand ? c.ids.oldestUnboundOutOfBand() : adopter();
        }
        if (owner != null && owner.responseId == null) {
            c.ids.bind(owner, responseId);
            if (owner.phase == Turn.Phase.AWAIT_MCP_CALLS) {
                // the server went on by itself after the approved MCP calls: this response is the turn's answer
                owner.phase = Turn.Phase.AWAIT_ANSWER;
            }
        } else if (owner == null && c.ids.wasAbandoned(requestId)) {
            // the answer to an exchange that already failed: nobody waits for it, the conversation must not
            out.add(c.send(ClientEvents.responseCancel(responseId), null));
        }
        boolean keepAudio = (owner != null && owner.outcome.replyWanted()) || c.responseAudioWanted.get();
        c.responses.started(responseId, response.get("metadata"), outOfBand, keepAudio);
    }

    private static boolean isOutOfBand(JsonNode response) {
        JsonNode conversation = response.get("conversation_id");
        return conversation != null && conversation.isNull();
    }

    /**
     * Who takes an unmarked in-band response: the current audio turn once the server committed one of its items (the
     * server answers what it committed), a turn waiting for the MCP calls it approved (the server went on by itself), or
     * a turn that asked a server that does not echo metadata. Never a turn whose audio has not been committed yet: that
     * response answers someone else's input.
     */
    private Turn adopter() {
        Turn t = c.current;
        if (t == null || t.responseId != null || t.outcome.settled) {
            return null;
        }
        if ((t.kind == Turn.Kind.AUDIO && !t.items.isEmpty()) || t.phase == Turn.Phase.AWAIT_MCP_CALLS) {
            return t;
        }
        return t.createSent && !c.ids.echoesMetadata() ? t : null;
    }

    private ResponseResult onResponseDone(RealtimeEvent event, List<Action> out) {
        ResponseResult result = c.responses.finished(event, c.redact);
        Turn owner = c.ids.release(result.responseId());
        boolean continuing = false;
        McpRound approvals = result.outOfBand() || !result.completed() ? McpRound.NONE : c.tools.approvalsOf(result);
        if (!result.outOfBand() && result.completed() && (!result.toolCalls().isEmpty() || !approvals.isEmpty())) {
            ToolRoundPlanner.Plan plan = c.tools.plan(result, approvals, owner, c.nanoTime.getAsLong());
            out.addAll(plan.actions());
            if (plan.followUp() != null) {
                continuing = true;
                if (owner != null) {
                    c.forget(owner);
                    owner.phase = Turn.Phase.DONE;
                    if (owner == c.current) {
                        c.current = null;
                    }
                }
                c.queue.addFirst(plan.followUp());
            }
        } else {
            c.tools.settleEarlier(result, out);
        }
        if (owner != null && !continuing && owner.kind == Turn.Kind.AUDIO && !owner.clientCommitted
            && "cancelled".equals(result.status()) && "turn_detected".equals(result.statusReason())) {
            // the caller went on speaking (more of this upload): the answer is the one to what the VAD commits next
            owner.responseId = null;
        } else if (owner != null && !continuing) {
            c.settleResult(owner, result, out);
            if (owner == c.current && owner.audio() && (owner.phase == Turn.Phase.INPUT || c.speaking)) {
                // answered while more of its audio was being sent or spoken: the rest is no other turn's input
                c.clearLeftover(out);
            }
            c.finishCurrentOrForget(owner, out);
        }
        retryCreate(out);
        c.pump(out);
        return result;
    }

    /** A create that raced a response the server started by itself is sent again once that one ended. */
    private void retryCreate(List<Action> out) {
        Turn t = c.current;
        if (t != null && !c.responses.holdConversation() && t.phase == Turn.Phase.AWAIT_ANSWER && !t.createSent
            && t.responseId == null && t.createEventId != null) {
            c.sendCreate(t, out);
        }
    }

    private void onTranscript(RealtimeEvent event, Throwable failure, List<Action> out) {
        String itemId = event.itemId();
        Turn owner = c.ids.byItem(itemId);
        if (owner == null) {
            return;
        }
        if (failure != null) {
            if (owner == c.current) {
                c.abandon(owner, failure, out);
            } else {
                c.settleFailure(owner, failure, out);
                c.forget(owner);
            }
            return;
        }
        owner.transcripts.put(itemId, event);
        c.completeTranscripts(owner, out);
    }

    private void onError(RealtimeEvent event, List<Action> out) {
        JsonNode error = event.fields().path("error");
        String code = error.path("code").asText(null);
        String eventId = error.path("event_id").asText(null);
        String message = c.redact.apply(error.path("message").asText(null));
        if (eventId != null && c.clearsUnanswered.remove(eventId)) {
            // a server that refuses the clear will not answer it with cleared either: stop waiting for it
            LOG.warn("Session {}: the server refused input_audio_buffer.clear [{}] {}", c.name, code, message);
            return;
        }
        Turn owner = c.ids.byEvent(eventId);
        if (owner == null) {
            onUncorrelatedError(code, message, error, out);
            return;
        }
        boolean createRejected = eventId.equals(owner.createEventId);
        if (createRejected && "conversation_already_has_active_response".equals(code) && owner.kind != Turn.Kind.OUT_OF_BAND) {
            raceLost(owner, out);
            return;
        }
        if (eventId.equals(owner.commitEventId) && "input_audio_buffer_commit_empty".equals(code) && !owner.items.isEmpty()) {
            // the server's VAD committed the audio just before the client did: harmless
            if (owner == c.current && owner.phase == Turn.Phase.AWAIT_COMMIT) {
                c.committed(owner, out);
            }
            return;
        }
        RealtimeServerErrorException failure = new RealtimeServerErrorException(error.path("type").asText(null), code, message,
                error.path("param").asText(null), eventId);
        if (owner == c.current) {
            c.abandon(owner, failure, out);
        } else {
            c.settleFailure(owner, failure, out);
            if (owner.kind == Turn.Kind.OUT_OF_BAND && createRejected) {
                c.forget(owner);
            }
        }
    }

    /**
     * The turn's {@code response.create} met a response the server started by itself. An audio turn whose item the
     * server committed takes that response (the server is answering its audio); any other turn asks again once it ends.
     */
    private void raceLost(Turn owner, List<Action> out) {
        if (owner.responseId != null) {
            return;
        }
        String running = c.responses.active();
        if (owner.kind == Turn.Kind.AUDIO && !owner.items.isEmpty() && running != null && !c.ids.owned(running)) {
            c.ids.bind(owner, running);
            return;
        }
        LOG.debug("Session {}: response.create of {} raced a server response; asking again after it", c.name, owner.id);
        owner.createSent = false;
        c.ids.unasked(owner);
        c.responses.serverBusy();
    }

    /**
     * An error naming no event of ours is only logged: it cannot be told apart from an error about something else that
     * crossed the exchange's request on the wire. A turn whose {@code response.create} a server rejects without naming
     * it fails at its deadline, which frees the conversation.
     */
    private void onUncorrelatedError(String code, String message, JsonNode error, List<Action> out) {
        if ("response_cancel_not_active".equals(code)) {
            LOG.debug("Session {}: {}", c.name, message);
            return;
        }
        LOG.warn("Session {}: server error [{}] {}", c.name, code, message);
    }
}
