package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.ClientEvents;
import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;

/**
 * The replayable part of a conversation, in conversation order: user text and transcripts, assistant text and
 * transcripts, function calls and their outputs; never audio. Built from what the server reports (items added, items
 * done, input transcripts, deletions, truncations), bounded to {@code maxItems}, and turned back into
 * {@code conversation.item.create} events for a new socket of the same conversation. Pure and single-threaded: the
 * session calls it under its lock.
 *
 * <p>An assistant item the client truncated (barge-in, guardrail) loses its text, as it does on the server: what the
 * caller did not hear is not replayed. Items are replayed with their recorded ids, so the server's echo of a replayed
 * item is recognised and not recorded twice.
 */
final class ConversationHistory {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Client item ids may have at most 32 characters; longer server ids are replayed without an id. */
    private static final int MAX_ITEM_ID = 32;

    /** One item: a message ({@code role}, {@code text}), a function call ({@code name}, arguments in {@code text}), or an output. */
    record Entry(String id, String type, String role, String text, String callId, String name) {

        boolean replayable() {
            return switch (type) {
                case "message" -> text != null && !text.isBlank() && ("user".equals(role) || "assistant".equals(role));
                case "function_call" -> callId != null && name != null;
                case "function_call_output" -> callId != null;
                default -> false;
            };
        }
    }

    private final int maxItems;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** Items the client truncated: their text stays out even when a later event repeats it. */
    private final java.util.Set<String> truncated = new java.util.HashSet<>();

    ConversationHistory(int maxItems) {
        this.maxItems = Math.max(1, maxItems);
    }

    int size() {
        return entries.size();
    }

    List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Applies a server event; true when the history changed. */
    boolean onEvent(RealtimeEvent event) {
        switch (event.type()) {
            case EventTypes.CONVERSATION_ITEM_ADDED, EventTypes.CONVERSATION_ITEM_CREATED, EventTypes.CONVERSATION_ITEM_DONE -> {
                return item(event.fields().get("item"), true);
            }
            case EventTypes.RESPONSE_OUTPUT_ITEM_DONE -> {
                // only items of the conversation (an out-of-band response's items were never added to it)
                return item(event.fields().get("item"), false);
            }
            case EventTypes.CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_COMPLETED -> {
                Entry e = entries.get(event.itemId());
                String transcript = event.text("transcript");
                if (e == null || transcript == null || transcript.isBlank()) {
                    return false;
                }
                entries.put(e.id(), new Entry(e.id(), e.type(), e.role(), transcript.strip(), e.callId(), e.name()));
                return true;
            }
            case EventTypes.CONVERSATION_ITEM_DELETED -> {
                truncated.remove(event.itemId());
                return entries.remove(event.itemId()) != null;
            }
            case EventTypes.CONVERSATION_ITEM_TRUNCATED -> {
                Entry e = entries.get(event.itemId());
                if (e == null || !truncated.add(e.id())) {
                    return false;
                }
                // the server drops the transcript of a truncated item: what was not heard is not context
                entries.put(e.id(), new Entry(e.id(), e.type(), e.role(), null, e.callId(), e.name()));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean item(JsonNode item, boolean mayAdd) {
        if (item == null || !item.isObject()) {
            return false;
        }
        String id = item.path("id").asText(null);
        if (id == null || (!mayAdd && !entries.containsKey(id))) {
            return false;
        }
        Entry known = entries.get(id);
        Entry e = parse(id, item, known);
        if (e != null && truncated.contains(id)) {
            e = new Entry(e.id(), e.type(), e.role(), null, e.callId(), e.name());
        }
        if (e == null || e.equals(known)) {
            return false;
        }
        entries.put(id, e);
        trim();
        return true;
    }

    private static Entry parse(String id, JsonNode item, Entry known) {
        String type = item.path("type").asText("message");
        switch (type) {
            case "message" -> {
                String role = item.path("role").asText(null);
                String text = contentText(item.get("content"));
                if (text == null && known != null) {
                    // an item re-announced without its content (an audio item before its transcript)
                    text = known.text();
                }
                return new Entry(id, type, role, text, null, null);
            }
            case "function_call" -> {
                String arguments = item.path("arguments").asText("");
                return new Entry(id, type, null, arguments.isEmpty() && known != null ? known.text() : arguments,
                        item.path("call_id").asText(null), item.path("name").asText(null));
            }
            case "function_call_output" -> {
                JsonNode output = item.get("output");
                return new Entry(id, type, null, output == null || output.isNull() ? "" : output.isTextual() ? output.asText() : output.toString(),
                        item.path("call_id").asText(null), null);
            }
            default -> {
                return null;
            }
        }
    }

    /** The text of a message's parts ({@code text}, else {@code transcript}), joined by a space; null when none. */
    private static String contentText(JsonNode content) {
        if (content == null || !content.isArray()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            JsonNode value = part.hasNonNull("text") ? part.get("text") : part.get("transcript");
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                text.append(text.length() == 0 ? "" : " ").append(value.asText().strip());
            }
        }
        return text.length() == 0 ? null : text.toString();
    }

    /** Oldest items go first; a call output whose call went is dropped too (the server would not accept it alone). */
    private void trim() {
        Iterator<Entry> it = entries.values().iterator();
        while (entries.size() > maxItems && it.hasNext()) {
            truncated.remove(it.next().id());
            it.remove();
        }
        it = entries.values().iterator();
        while (it.hasNext()) {
            Entry first = it.next();
            if (!"function_call_output".equals(first.type())) {
                break;
            }
            truncated.remove(first.id());
            it.remove();
        }
    }

    // ------------------------------------------------------------------ replay

    /** The {@code conversation.item.create} events that rebuild this history on a new socket of the given dialect. */
    List<RealtimeEvent> replay(Dialect dialect) {
        List<RealtimeEvent> events = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            if (e.replayable()) {
                events.add(ClientEvents.createItem(toItem(e, dialect)));
            }
        }
        return events;
    }

    private static ObjectNode toItem(Entry e, Dialect dialect) {
        ObjectNode item = JSON.objectNode();
        if (e.id().length() <= MAX_ITEM_ID) {
            item.put("id", e.id());
        }
        item.put("type", e.type());
        switch (e.type()) {
            case "message" -> {
                item.put("role", e.role());
                boolean user = "user".equals(e.role());
                String partType = user ? "input_text" : dialect == Dialect.BETA ? "text" : "output_text";
                item.putArray("content").addObject().put("type", partType).put("text", e.text());
            }
            case "function_call" -> {
                item.put("call_id", e.callId());
                item.put("name", e.name());
                item.put("arguments", e.text() == null ? "" : e.text());
            }
            default -> {
                item.put("call_id", e.callId());
                item.put("output", e.text() == null ? "" : e.text());
            }
        }
        return item;
    }

    // ------------------------------------------------------------------ persistence

    /** The history as JSON text (for a {@link HistoryStore}). */
    String toJson() {
        ArrayNode array = JSON.arrayNode();
        for (Entry e : entries.values()) {
            ObjectNode o = array.addObject();
            o.put("id", e.id());
            o.put("type", e.type());
            putIf(o, "role", e.role());
            putIf(o, "text", e.text());
            putIf(o, "call_id", e.callId());
            putIf(o, "name", e.name());
        }
        return array.toString();
    }

    private static void putIf(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    /** Replaces the history with one saved by {@link #toJson()}; unreadable text is ignored (and said so). */
    void restore(String json) {
        if (json == null || json.isBlank()) {
            return;
        }
        JsonNode array;
        try {
            array = MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("The saved conversation history is not valid JSON: " + e.getMessage(), e);
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("The saved conversation history is not a JSON array");
        }
        entries.clear();
        for (JsonNode o : array) {
            String id = o.path("id").asText(null);
            String type = o.path("type").asText(null);
            if (id != null && type != null) {
                entries.put(id, new Entry(id, type, o.path("role").asText(null), o.path("text").asText(null),
                        o.path("call_id").asText(null), o.path("name").asText(null)));
            }
        }
        trim();
    }
}
