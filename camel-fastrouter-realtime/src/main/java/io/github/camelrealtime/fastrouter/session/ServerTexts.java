package io.github.camelrealtime.fastrouter.session;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.transport.Secrets;

/**
 * Masks credentials in the texts a server writes ("Incorrect API key provided: sk-…"), in place, before the event
 * reaches a log, an exception, a header or a route. Only events that carry such texts are touched: {@code error}, a
 * failed transcription, and a {@code response.done} that did not complete.
 */
final class ServerTexts {

    private ServerTexts() {
    }

    static void redact(RealtimeEvent event, List<String> secrets) {
        if (EventTypes.ERROR.equals(event.type())
            || EventTypes.CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_FAILED.equals(event.type())) {
            redactMessage(event.fields().get("error"), secrets);
        } else if (EventTypes.RESPONSE_DONE.equals(event.type())) {
            JsonNode response = event.fields().path("response");
            if (!"completed".equals(response.path("status").asText())) {
                redactMessage(response.path("status_details").get("error"), secrets);
            }
        }
    }

    private static void redactMessage(JsonNode holder, List<String> secrets) {
        if (holder instanceof ObjectNode o && o.hasNonNull("message")) {
            o.put("message", Secrets.redact(o.get("message").asText(), secrets));
        }
    }
}
