package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation of one simulated session: its items in order, and the client events on them
 * ({@code conversation.item.create}, {@code .delete}, {@code .retrieve}, {@code .truncate}). Responses, committed audio
 * and MCP listings add their items here too.
 *
 * <p>Every method runs under the session's monitor (called from {@link SimulatedSession}'s synchronized client-event
 * handling and from response steps, which synchronise on the session), so the items need no other synchronisation.
 */
final class SimulatedConversation {

    private final SimulatedSession session;
    private final boolean beta;
    private final SessionSettings settings;
    private final ItemParser parser;
    private final SimulatedMcp mcp;
    /** In conversation order; guarded by the session's monitor. */
    private final List<ConversationItem> items = new ArrayList<>();

    SimulatedConversation(SimulatedSession session, boolean beta, SessionSettings settings, ItemParser parser, SimulatedMcp mcp) {
        this.session = session;
        this.beta = beta;
        this.settings = settings;
        this.parser = parser;
        this.mcp = mcp;
    }

    /** The items themselves (not a copy), to read under the session's monitor: the default input of a response. */
    List<ConversationItem> items() {
        return items;
    }

    /** Appends an item to the conversation and returns the id of the item before it (or null). */
    String append(ConversationItem item) {
        String previous = items.isEmpty() ? null : items.get(items.size() - 1).id;
        items.add(item);
        return previous;
    }

    ConversationItem find(String id) {
        for (ConversationItem item : items) {
            if (item.id.equals(id)) {
                return item;
            }
        }
        return null;
    }

    /** The MCP call item that waits for this approval request, or null. */
    ConversationItem findMcpCall(String approvalRequestId) {
        for (ConversationItem item : items) {
            if ("mcp_call".equals(item.type) && approvalRequestId.equals(item.approvalRequestId)) {
                return item;
            }
        }
        return null;
    }

    /** The id of the item before this one in the conversation, or null. */
    String idBefore(ConversationItem item) {
        int index = items.indexOf(item);
        return index > 0 ? items.get(index - 1).id : null;
    }

    /** {@code conversation.item.created} (beta), or GA's {@code conversation.item.added} and {@code .done}. */
    void sendItemCreated(ConversationItem item, String previous) {
        ObjectNode created = Json.event(beta ? "conversation.item.created" : "conversation.item.added");
        created.put("previous_item_id", previous);
        created.set("item", item.toJson(beta));
        session.send(created);
        if (!beta) {
            ObjectNode done = Json.event("conversation.item.done");
            done.put("previous_item_id", previous);
            done.set("item", item.toJson(false));
            session.send(done);
        }
    }

    // ---- client events ---------------------------------------------------------------------------------------

    void createItem(ObjectNode event, String eventId) {
        JsonNode itemJson = event.get("item");
        if (itemJson == null || !itemJson.isObject()) {
            session.error("missing_required_parameter", "Missing required parameter: 'item'.", "item", eventId);
            return;
        }
        ConversationItem item;
        try {
            item = parser.parse(itemJson, "item");
        } catch (ItemParser.ItemException e) {
            session.error(e.code, e.getMessage(), e.param, eventId);
            return;
        }
        if (settings.transcription()) {
            session.error("invalid_value", "Conversation items are not supported in transcription sessions.", "item", eventId);
            return;
        }
        String previousId = Json.text(event, "previous_item_id");
        String previous;
        if (previousId == null || (!items.isEmpty() && items.get(items.size() - 1).id.equals(previousId))) {
            previous = append(item);
        } else if (previousId.equals("root")) {
            items.add(0, item);
            previous = null;
        } else {
            ConversationItem after = find(previousId);
            if (after == null) {
                session.error("invalid_value", "Previous item with id '" + previousId + "' not found.", "previous_item_id", eventId);
                return;
            }
            items.add(items.indexOf(after) + 1, item);
            previous = previousId;
        }
        sendItemCreated(item, previous);
        if (item.isMcpApprovalResponse()) {
            mcp.approvalAnswered(item);
        }
    }

    void deleteItem(ObjectNode event, String eventId) {
        String itemId = Json.text(event, "item_id");
        ConversationItem item = itemId == null ? null : find(itemId);
        if (item == null) {
            session.error("invalid_value", "Error deleting item: the item with id '" + itemId + "' does not exist.", "item_id", eventId);
            return;
        }
        items.remove(item);
        ObjectNode deleted = Json.event("conversation.item.deleted");
        deleted.put("item_id", itemId);
        session.send(deleted);
    }

    void retrieveItem(ObjectNode event, String eventId) {
        String itemId = Json.text(event, "item_id");
        ConversationItem item = itemId == null ? null : find(itemId);
        if (item == null) {
            session.error("invalid_value", "Error retrieving item: the item with id '" + itemId + "' does not exist.", "item_id", eventId);
            return;
        }
        ObjectNode retrieved = Json.event("conversation.item.retrieved");
        retrieved.set("item", item.toJson(beta));
        session.send(retrieved);
    }

    void truncate(ObjectNode event, String eventId) {
        String itemId = Json.text(event, "item_id");
        ConversationItem item = itemId == null ? null : find(itemId);
        if (item == null) {
            session.error("invalid_value", "Error truncating conversation item: the item with id '" + itemId + "' was not found.",
                    "item_id", eventId);
            return;
        }
        int contentIndex = event.path("content_index").asInt(0);
        if (!item.hasAudioContent || item.audioMs <= 0 || contentIndex != 0) {
            session.error("unsupported_content_type", "Error truncating conversation item: content part " + contentIndex
                    + " of item '" + itemId + "' has no audio.", "content_index", eventId);
            return;
        }
        JsonNode endNode = event.get("audio_end_ms");
        if (endNode == null || !endNode.canConvertToLong()) {
            session.error("missing_required_parameter", "Missing required parameter: 'audio_end_ms'.", "audio_end_ms", eventId);
            return;
        }
        long requested = endNode.asLong();
        if (requested < 0) {
            session.error("integer_below_min_value", "Invalid 'audio_end_ms': integer below minimum value. Expected a value >= 0, but got "
                    + requested + " instead.", "audio_end_ms", eventId);
            return;
        }
        long generated = (long) Math.floor(item.audioMs);
        if (requested > generated) {
            session.error("invalid_value", "Audio content of " + generated + "ms is already shorter than " + requested + "ms",
                    "audio_end_ms", eventId);
            return;
        }
        item.audioMs = requested;
        item.transcript = null;
        ObjectNode truncated = Json.event("conversation.item.truncated");
        truncated.put("item_id", itemId);
        truncated.put("content_index", contentIndex);
        truncated.put("audio_end_ms", requested);
        session.send(truncated);
    }
}
