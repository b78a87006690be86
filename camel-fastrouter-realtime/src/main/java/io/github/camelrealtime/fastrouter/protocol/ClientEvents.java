package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The client events the component writes on its own (as opposed to events a route hands it): one place that knows
 * their JSON shape. Every builder returns a fresh event without {@code event_id}; the session gives it one.
 */
public final class ClientEvents {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ClientEvents() {
    }

    /** An event that is just its type: {@code input_audio_buffer.commit}, {@code input_audio_buffer.clear}. */
    public static RealtimeEvent simple(String type) {
        ObjectNode fields = JSON.objectNode();
        fields.put("type", type);
        return RealtimeEvent.of(type, fields);
    }

    public static RealtimeEvent commit() {
        return simple(EventTypes.INPUT_AUDIO_BUFFER_COMMIT);
    }

    public static RealtimeEvent clearInputBuffer() {
        return simple(EventTypes.INPUT_AUDIO_BUFFER_CLEAR);
    }

    /** A user message item with one {@code input_text} part. */
    public static ObjectNode userMessage(String text) {
        ObjectNode item = JSON.objectNode();
        item.put("type", "message");
        item.put("role", "user");
        ArrayNode content = item.putArray("content");
        content.addObject().put("type", "input_text").put("text", text);
        return item;
    }

    /**
     * A user message item with one {@code input_image} part (a data URL, with its {@code detail} when given: auto, low,
     * high), preceded by an {@code input_text} part if given.
     */
    public static ObjectNode userImage(String dataUrl, String text, String detail) {
        ObjectNode item = JSON.objectNode();
        item.put("type", "message");
        item.put("role", "user");
        ArrayNode content = item.putArray("content");
        if (text != null && !text.isBlank()) {
            content.addObject().put("type", "input_text").put("text", text);
        }
        ObjectNode image = content.addObject().put("type", "input_image").put("image_url", dataUrl);
        if (detail != null) {
            image.put("detail", detail);
        }
        return item;
    }

    /** {@code conversation.item.create} of this item. */
    public static RealtimeEvent createItem(ObjectNode item) {
        return itemCreate(item);
    }

    /** {@code conversation.item.create} of a user text message. */
    public static RealtimeEvent userText(String text) {
        return itemCreate(userMessage(text));
    }

    /** {@code conversation.item.create} of a {@code function_call_output}. */
    public static RealtimeEvent functionCallOutput(String callId, String output) {
        ObjectNode item = JSON.objectNode();
        item.put("type", "function_call_output");
        item.put("call_id", callId);
        item.put("output", output);
        return itemCreate(item);
    }

    /**
     * {@code conversation.item.create} of an {@code mcp_approval_response} answering the {@code mcp_approval_request} item
     * {@code approvalRequestId}; {@code reason} is left out when null.
     */
    public static RealtimeEvent mcpApprovalResponse(String approvalRequestId, boolean approve, String reason) {
        ObjectNode item = JSON.objectNode();
        item.put("type", "mcp_approval_response");
        item.put("approval_request_id", approvalRequestId);
        item.put("approve", approve);
        if (reason != null) {
            item.put("reason", reason);
        }
        return itemCreate(item);
    }

    private static RealtimeEvent itemCreate(ObjectNode item) {
        ObjectNode fields = JSON.objectNode();
        fields.put("type", EventTypes.CONVERSATION_ITEM_CREATE);
        fields.set("item", item);
        return RealtimeEvent.of(EventTypes.CONVERSATION_ITEM_CREATE, fields);
    }

    /**
     * {@code response.create} with these response parameters (copied) and {@code metadata[metadataKey] = requestId}
     * added to whatever metadata the parameters carry, so the server's echo tells whose response it is.
     */
    public static RealtimeEvent responseCreate(ObjectNode params, String metadataKey, String requestId) {
        ObjectNode response = params == null ? JSON.objectNode() : params.deepCopy();
        ObjectNode metadata = response.get("metadata") instanceof ObjectNode o ? o : response.putObject("metadata");
        metadata.put(metadataKey, requestId);
        ObjectNode fields = JSON.objectNode();
        fields.put("type", EventTypes.RESPONSE_CREATE);
        fields.set("response", response);
        return RealtimeEvent.of(EventTypes.RESPONSE_CREATE, fields);
    }

    /** {@code response.cancel}, of this response when given (else the server's current one). */
    public static RealtimeEvent responseCancel(String responseId) {
        ObjectNode fields = JSON.objectNode();
        fields.put("type", EventTypes.RESPONSE_CANCEL);
        if (responseId != null) {
            fields.put("response_id", responseId);
        }
        return RealtimeEvent.of(EventTypes.RESPONSE_CANCEL, fields);
    }

    /** {@code conversation.item.truncate} of an assistant item's audio at {@code audioEndMs}. */
    public static RealtimeEvent truncate(String itemId, int contentIndex, long audioEndMs) {
        ObjectNode fields = JSON.objectNode();
        fields.put("type", EventTypes.CONVERSATION_ITEM_TRUNCATE);
        fields.put("item_id", itemId);
        fields.put("content_index", contentIndex);
        fields.put("audio_end_ms", audioEndMs);
        return RealtimeEvent.of(EventTypes.CONVERSATION_ITEM_TRUNCATE, fields);
    }
}
