package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The protocol state of one simulated connection: session settings, input audio buffer, turn detection,
 * conversation and responses. Every method runs under the session's monitor (client events on the reading
 * thread, response steps on the scheduler), so the state needs no other synchronisation.
 */
final class SimulatedSession {

    private static final Set<String> BETA_CLIENT_TYPES = Set.of("session.update", "transcription_session.update",
            "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear", "output_audio_buffer.clear",
            "conversation.item.create", "conversation.item.delete", "conversation.item.retrieve", "conversation.item.truncate",
            "response.create", "response.cancel");
    private static final Set<String> GA_CLIENT_TYPES = Set.of("session.update", "session.close",
            "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear", "output_audio_buffer.clear",
            "conversation.item.create", "conversation.item.delete", "conversation.item.retrieve", "conversation.item.truncate",
            "response.create", "response.cancel");
    private static final int MIN_COMMIT_MS = 100;
    private static final int RATE_LIMIT_REQUESTS = 1000;
    private static final int RATE_LIMIT_TOKENS = 40000;

    private final SimulatedConnection connection;
    private final RealtimeSimulator simulator;
    private final boolean beta;
    private final String conversationId = Json.id("conv_");
    private final String sessionId = Json.id("sess_");
    private final SessionSettings settings;
    private final List<ConversationItem> conversation = new ArrayList<>();
    private final List<SimulatedResponse> activeResponses = new ArrayList<>();
    private final SimulatedMcp mcp = new SimulatedMcp(this);
    private SimulatedResponse activeInConversation;
    private int queuedResponses;

    private final GrowableBytes inputBuffer = new GrowableBytes(64 * 1024);
    private final GrowableBytes decoded = new GrowableBytes(16 * 1024);
    private double appendedMs;
    private double bufferStartMs;
    private VoiceActivityDetector vad;
    private JsonNode vadConfig;
    private SimulatorAudioFormat vadFormat;
    private String speechItemId;
    private long speechStartMs;

    private int responsesDone;
    private long tokensUsed;
    /** Bumped by anything the idle timeout must not outlive (a client event other than an append, speech). */
    private long idleGeneration;
    /** Text tokens of the context the last in-conversation response saw: the next one finds them cached. */
    private int cachedContextTokens;
    /** Replaying a capture or withholding {@code session.created}: client events are recorded, not answered. */
    private boolean replaying;

    SimulatedSession(SimulatedConnection connection, RealtimeSimulator simulator, boolean beta, boolean transcription, String model) {
        this.connection = connection;
        this.simulator = simulator;
        this.beta = beta;
        long expiresAt = System.currentTimeMillis() / 1000 + (beta ? 30 * 60 : 60 * 60);
        this.settings = new SessionSettings(beta, transcription, sessionId, model, simulator.settings().serverVadByDefault(), expiresAt);
    }

    boolean beta() {
        return beta;
    }

    String conversationId() {
        return conversationId;
    }

    String sessionId() {
        return sessionId;
    }

    SimulatedMcp mcp() {
        return mcp;
    }

    void send(ObjectNode event) {
        connection.sendEvent(event);
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------------

    synchronized void onOpen(List<String> replayLines) {
        if (replayLines != null) {
            replaying = true;
            replay(replayLines, 0);
            return;
        }
        ObjectNode created = Json.event(beta && settings.transcription() ? "transcription_session.created" : "session.created");
        created.set("session", settings.snapshot());
        send(created);
        if (beta && !settings.transcription()) {
            ObjectNode conversationCreated = Json.event("conversation.created");
            ObjectNode c = conversationCreated.putObject("conversation");
            c.put("id", conversationId);
            c.put("object", "realtime.conversation");
            send(conversationCreated);
        }
        configureVad();
    }

    private static final long REPLAY_REST_AFTER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    /** The simulator's current pause between response steps (settable at run time). */
    private long responseDelayNanos() {
        return simulator.faults().responseDelay().toNanos();
    }

    /** The upgrade happened but the server stays silent: no {@code session.created}, client events unanswered. */
    synchronized void withhold() {
        replaying = true;
    }

    private void replay(List<String> lines, int index) {
        if (index >= lines.size() || !connection.isOpen()) {
            return;
        }
        long responseDelayNanos = responseDelayNanos();
        if (responseDelayNanos == 0) {
            if (index == 0 && lines.size() > 1) {
                // the first event alone, the rest a moment later, as a real server sends session.created alone: bytes
                // that arrive with the 101 response, more than the JDK 17 client reads at once, are at times decoded
                // wrongly by it (docs/transport.md), which no real server's timing provokes
                connection.sendRaw(lines.get(0));
                simulator.schedule(() -> {
                    synchronized (this) {
                        replay(lines, 1);
                    }
                }, REPLAY_REST_AFTER_NANOS);
                return;
            }
            lines.subList(index, lines.size()).forEach(connection::sendRaw);
            return;
        }
        connection.sendRaw(lines.get(index));
        simulator.schedule(() -> {
            synchronized (this) {
                replay(lines, index + 1);
            }
        }, responseDelayNanos);
    }

    // ---- client events -----------------------------------------------------------------------------------------

    /** Handles one text message; returns the parsed event (or a text node for invalid JSON) for the records. */
    synchronized JsonNode onClientMessage(byte[] bytes, int length) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(bytes, 0, length);
        } catch (IOException e) {
            event = null;
        }
        if (event == null || !event.isObject()) {
            String raw = new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
            if (!replaying) {
                error("invalid_json", "The server had trouble parsing your request as JSON: "
                        + (event == null ? "invalid JSON" : "expected a JSON object") + ".", null, null);
            }
            return event == null ? Json.NODES.textNode(raw) : event;
        }
        if (!replaying) {
            handle((ObjectNode) event);
        }
        return event;
    }

    private void handle(ObjectNode event) {
        String type = Json.text(event, "type");
        String eventId = Json.text(event, "event_id");
        if (type == null) {
            error("missing_required_parameter", "Missing required parameter: 'type'.", "type", eventId);
            return;
        }
        Set<String> known = beta ? BETA_CLIENT_TYPES : GA_CLIENT_TYPES;
        if (!known.contains(type)) {
            error("invalid_value", "Invalid value: '" + type + "'. Supported values are: " + quotedList(known) + ".", "type", eventId);
            return;
        }
        if (!type.equals("input_audio_buffer.append")) {
            idleGeneration++;
        }
        switch (type) {
            case "session.update" -> sessionUpdate(event, eventId, false);
            case "transcription_session.update" -> sessionUpdate(event, eventId, true);
            case "session.close" -> connection.close(1000, "");
            case "input_audio_buffer.append" -> append(event, eventId);
            case "input_audio_buffer.commit" -> commit(eventId);
            case "input_audio_buffer.clear" -> clearBuffer();
            case "output_audio_buffer.clear" -> {
                ObjectNode cleared = Json.event("output_audio_buffer.cleared");
                cleared.put("response_id", activeInConversation == null ? null : activeInConversation.id);
                send(cleared);
            }
            case "conversation.item.create" -> createItem(event, eventId);
            case "conversation.item.delete" -> deleteItem(event, eventId);
            case "conversation.item.retrieve" -> retrieveItem(event, eventId);
            case "conversation.item.truncate" -> truncate(event, eventId);
            case "response.create" -> createResponse(event, eventId);
            case "response.cancel" -> cancelResponse(event, eventId);
            default -> error("invalid_value", "Invalid value: '" + type + "'.", "type", eventId);
        }
    }

    private static String quotedList(Set<String> values) {
        StringBuilder b = new StringBuilder();
        for (String v : new TreeSet<>(values)) {
            b.append(b.length() == 0 ? "" : ", ").append('\'').append(v).append('\'');
        }
        return b.toString();
    }

    void error(String code, String message, String param, String eventId) {
        error("invalid_request_error", code, message, param, eventId, true);
    }

    private void error(String type, String code, String message, String param, String eventId, boolean withEventId) {
        ObjectNode event = Json.event("error");
        ObjectNode error = event.putObject("error");
        error.put("type", type);
        error.put("code", code);
        error.put("message", message);
        error.put("param", param);
        if (withEventId) {
            error.put("event_id", eventId);
        }
        send(event);
    }

    /** A server-side error not caused by a client event: no {@code event_id}. */
    synchronized void serverError(String code, String message) {
        error("server_error", code, message, null, null, false);
    }

    private void sessionUpdate(ObjectNode event, String eventId, boolean transcriptionEvent) {
        if (beta && !transcriptionEvent && settings.transcription()) {
            error("invalid_value", "session.update is not supported in a transcription session; use transcription_session.update.",
                    "type", eventId);
            return;
        }
        JsonNode update = event.get("session");
        SessionSettings.Violation violation = settings.validate(update, transcriptionEvent);
        if (violation != null) {
            error(violation.code(), violation.message(), violation.param(), eventId);
            return;
        }
        settings.apply(update, transcriptionEvent);
        ObjectNode updated = Json.event(beta && settings.transcription() ? "transcription_session.updated" : "session.updated");
        updated.set("session", settings.snapshot());
        send(updated);
        if (!beta && !settings.transcription()) {
            mcp.listTools(settings.tools());
        }
        configureVad();
    }

    // ---- input audio ---------------------------------------------------------------------------------------------

    private void append(ObjectNode event, String eventId) {
        JsonNode audio = event.get("audio");
        if (audio == null || !audio.isTextual()) {
            error("missing_required_parameter", "Missing required parameter: 'audio'.", "audio", eventId);
            return;
        }
        decoded.clear();
        try {
            Base64Audio.decodeInto(audio.textValue(), decoded);
        } catch (IllegalArgumentException e) {
            error("invalid_value", "Invalid 'audio'. Expected base64-encoded audio bytes.", "audio", eventId);
            return;
        }
        SimulatorAudioFormat format = settings.inputFormat();
        inputBuffer.append(decoded.array(), 0, decoded.length());
        appendedMs += format.millis(decoded.length());
        if (vad != null) {
            vad.feed(decoded.array(), 0, decoded.length(), vadListener);
        }
    }

    private void commit(String eventId) {
        SimulatorAudioFormat format = settings.inputFormat();
        double bufferedMs = format.millis(inputBuffer.length());
        if (bufferedMs < MIN_COMMIT_MS) {
            error("input_audio_buffer_commit_empty", String.format(java.util.Locale.ROOT,
                    "Error committing input audio buffer: buffer too small. Expected at least %dms of audio, but buffer only has %.2fms of audio.",
                    MIN_COMMIT_MS, bufferedMs), null, eventId);
            return;
        }
        byte[] audio = inputBuffer.copy(0, inputBuffer.length());
        inputBuffer.clear();
        bufferStartMs = appendedMs;
        if (vad != null) {
            vad.resetTurn();
        }
        speechItemId = null;
        commitAudio(Json.id("item_"), audio, format);
    }

    private void clearBuffer() {
        inputBuffer.clear();
        bufferStartMs = appendedMs;
        if (vad != null) {
            vad.resetTurn();
        }
        speechItemId = null;
        send(Json.event("input_audio_buffer.cleared"));
    }

    /** Sends committed, the user item events and the transcription; returns the new item. */
    private ConversationItem commitAudio(String itemId, byte[] audio, SimulatorAudioFormat format) {
        ConversationItem item = new ConversationItem(itemId, "message");
        item.role = "user";
        item.audio = audio;
        item.audioFormat = format;
        item.audioMs = format.millis(audio.length);
        item.hasAudioContent = true;
        String previous = appendToConversation(item);
        ObjectNode committed = Json.event("input_audio_buffer.committed");
        committed.put("previous_item_id", previous);
        committed.put("item_id", itemId);
        send(committed);
        sendItemCreated(item, previous);
        String transcript = ConversationItem.simulatedTranscript(item.audioMs);
        if (settings.transcribes()) {
            for (String word : SimulatedResponse.words(transcript)) {
                ObjectNode delta = Json.event("conversation.item.input_audio_transcription.delta");
                delta.put("item_id", itemId);
                delta.put("content_index", 0);
                delta.put("delta", word);
                send(delta);
            }
            ObjectNode completed = Json.event("conversation.item.input_audio_transcription.completed");
            completed.put("item_id", itemId);
            completed.put("content_index", 0);
            completed.put("transcript", transcript);
            ObjectNode usage = completed.putObject("usage");
            int audioTokens = (int) Math.ceil(item.audioMs / 100);
            int textTokens = (transcript.length() + 3) / 4;
            usage.put("type", "tokens");
            usage.put("total_tokens", audioTokens + textTokens);
            usage.put("input_tokens", audioTokens);
            ObjectNode details = usage.putObject("input_token_details");
            details.put("text_tokens", 0);
            details.put("audio_tokens", audioTokens);
            usage.put("output_tokens", textTokens);
            send(completed);
        }
        item.transcript = transcript;
        return item;
    }

    private void sendItemCreated(ConversationItem item, String previous) {
        ObjectNode created = Json.event(beta ? "conversation.item.created" : "conversation.item.added");
        created.put("previous_item_id", previous);
        created.set("item", item.toJson(beta));
        send(created);
        if (!beta) {
            ObjectNode done = Json.event("conversation.item.done");
            done.put("previous_item_id", previous);
            done.set("item", item.toJson(false));
            send(done);
        }
    }

    // ---- turn detection ------------------------------------------------------------------------------------------

    private void configureVad() {
        JsonNode td = settings.turnDetection();
        if (td == null) {
            vad = null;
            vadConfig = null;
            return;
        }
        if (td.equals(vadConfig) && vad != null && vadFormat == settings.inputFormat()) {
            return;
        }
        vadConfig = td.deepCopy();
        vadFormat = settings.inputFormat();
        double threshold = td.path("threshold").asDouble(0.5);
        int silenceMs;
        if ("semantic_vad".equals(Json.text(td, "type"))) {
            threshold = 0.5;
            String eagerness = td.path("eagerness").asText("auto");
            silenceMs = switch (eagerness) {
                case "low" -> 1500;
                case "high" -> 300;
                default -> 800;
            };
        } else {
            silenceMs = td.path("silence_duration_ms").asInt(200);
        }
        vad = new VoiceActivityDetector(settings.inputFormat(), threshold, silenceMs, Math.round(appendedMs));
    }

    private final VoiceActivityDetector.Listener vadListener = new VoiceActivityDetector.Listener() {
        @Override
        public void speechStarted(long startMs) {
            idleGeneration++;
            int prefix = vadConfig.path("prefix_padding_ms").asInt(300);
            speechStartMs = Math.max(0, startMs - prefix);
            speechItemId = Json.id("item_");
            ObjectNode event = Json.event("input_audio_buffer.speech_started");
            event.put("audio_start_ms", speechStartMs);
            event.put("item_id", speechItemId);
            send(event);
            if (vadConfig.path("interrupt_response").asBoolean(true) && activeInConversation != null && !settings.transcription()) {
                activeInConversation.cancel("turn_detected");
            }
        }

        @Override
        public void speechStopped(long endMs, long detectedAtMs) {
            String itemId = speechItemId == null ? Json.id("item_") : speechItemId;
            speechItemId = null;
            ObjectNode event = Json.event("input_audio_buffer.speech_stopped");
            event.put("audio_end_ms", endMs);
            event.put("item_id", itemId);
            send(event);
            SimulatorAudioFormat format = settings.inputFormat();
            int bytesPerMs = format.bytesPerMillisecond();
            int from = clamp((long) Math.floor(speechStartMs - bufferStartMs) * bytesPerMs, inputBuffer.length());
            int to = clamp((long) Math.ceil(endMs - bufferStartMs) * bytesPerMs, inputBuffer.length());
            int consumed = clamp((long) Math.ceil(detectedAtMs - bufferStartMs) * bytesPerMs, inputBuffer.length());
            byte[] audio = inputBuffer.copy(from, Math.max(from, to));
            inputBuffer.removePrefix(consumed);
            bufferStartMs += format.millis(consumed);
            commitAudio(itemId, audio, format);
            if (!settings.transcription() && vadConfig.path("create_response").asBoolean(true)) {
                if (activeInConversation != null) {
                    queuedResponses++;
                } else {
                    startResponse(defaultOptions(), null, null, null, null);
                }
            }
        }
    };

    private static int clamp(long value, int max) {
        return (int) Math.max(0, Math.min(max, value));
    }

    // ---- conversation items --------------------------------------------------------------------------------------

    /** Appends an item to the conversation and returns the id of the item before it (or null). */
    String appendToConversation(ConversationItem item) {
        String previous = conversation.isEmpty() ? null : conversation.get(conversation.size() - 1).id;
        conversation.add(item);
        return previous;
    }

    ConversationItem findItem(String id) {
        for (ConversationItem item : conversation) {
            if (item.id.equals(id)) {
                return item;
            }
        }
        return null;
    }

    /** The MCP call item that waits for this approval request, or null. */
    ConversationItem findMcpCall(String approvalRequestId) {
        for (ConversationItem item : conversation) {
            if ("mcp_call".equals(item.type) && approvalRequestId.equals(item.approvalRequestId)) {
                return item;
            }
        }
        return null;
    }

    /** The id of the item before this one in the conversation, or null. */
    String idBefore(ConversationItem item) {
        int index = conversation.indexOf(item);
        return index > 0 ? conversation.get(index - 1).id : null;
    }

    private void createItem(ObjectNode event, String eventId) {
        JsonNode itemJson = event.get("item");
        if (itemJson == null || !itemJson.isObject()) {
            error("missing_required_parameter", "Missing required parameter: 'item'.", "item", eventId);
            return;
        }
        ConversationItem item;
        try {
            item = parseItem(itemJson, "item");
        } catch (ItemException e) {
            error(e.code, e.getMessage(), e.param, eventId);
            return;
        }
        if (settings.transcription()) {
            error("invalid_value", "Conversation items are not supported in transcription sessions.", "item", eventId);
            return;
        }
        String previousId = Json.text(event, "previous_item_id");
        String previous;
        if (previousId == null || (!conversation.isEmpty() && conversation.get(conversation.size() - 1).id.equals(previousId))) {
            previous = appendToConversation(item);
        } else if (previousId.equals("root")) {
            conversation.add(0, item);
            previous = null;
        } else {
            ConversationItem after = findItem(previousId);
            if (after == null) {
                error("invalid_value", "Previous item with id '" + previousId + "' not found.", "previous_item_id", eventId);
                return;
            }
            conversation.add(conversation.indexOf(after) + 1, item);
            previous = previousId;
        }
        sendItemCreated(item, previous);
        if (item.isMcpApprovalResponse()) {
            mcp.approvalAnswered(item);
        }
    }

    private static final class ItemException extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;
        final String param;

        ItemException(String code, String message, String param) {
            super(message);
            this.code = code;
            this.param = param;
        }
    }

    private ConversationItem parseItem(JsonNode json, String path) throws ItemException {
        String type = Json.text(json, "type");
        if (type == null) {
            type = "message";
        }
        String id = Json.text(json, "id");
        ConversationItem item = new ConversationItem(id == null ? Json.id("item_") : id, type);
        switch (type) {
            case "message" -> {
                String role = Json.text(json, "role");
                if (role == null) {
                    throw new ItemException("missing_required_parameter", "Missing required parameter: '" + path + ".role'.", path + ".role");
                }
                if (!Set.of("user", "assistant", "system").contains(role)) {
                    throw new ItemException("invalid_value", "Invalid value: '" + role
                            + "'. Supported values are: 'user', 'assistant', and 'system'.", path + ".role");
                }
                item.role = role;
                JsonNode content = json.get("content");
                if (content == null || !content.isArray()) {
                    throw new ItemException("missing_required_parameter", "Missing required parameter: '" + path + ".content'.",
                            path + ".content");
                }
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < content.size(); i++) {
                    JsonNode part = content.get(i);
                    String partType = Json.text(part, "type");
                    if ("input_audio".equals(partType) || "audio".equals(partType) || "output_audio".equals(partType)) {
                        String audio = Json.text(part, "audio");
                        SimulatorAudioFormat format = settings.inputFormat();
                        if (audio != null) {
                            GrowableBytes bytes = new GrowableBytes(audio.length());
                            try {
                                Base64Audio.decodeInto(audio, bytes);
                            } catch (IllegalArgumentException e) {
                                throw new ItemException("invalid_value", "Invalid '" + path + ".content[" + i
                                        + "].audio'. Expected base64-encoded audio bytes.", path + ".content[" + i + "].audio");
                            }
                            item.audio = bytes.copy(0, bytes.length());
                            item.audioMs = format.millis(bytes.length());
                        }
                        item.audioFormat = format;
                        item.hasAudioContent = true;
                        String transcript = Json.text(part, "transcript");
                        item.transcript = transcript != null ? transcript : ConversationItem.simulatedTranscript(item.audioMs);
                    } else if ("input_image".equals(partType)) {
                        item.images.add(describeImage(Json.text(part, "image_url"), path + ".content[" + i + "].image_url")
                                + imageDetail(Json.text(part, "detail"), path + ".content[" + i + "].detail"));
                    } else if (Set.of("input_text", "text", "output_text").contains(partType)) {
                        if (text.length() > 0) {
                            text.append(' ');
                        }
                        text.append(part.path("text").asText(""));
                    } else {
                        throw new ItemException("invalid_value", "Invalid value: '" + partType
                                + "'. Supported values are: 'input_text', 'input_audio', 'input_image', 'text', 'output_text' and "
                                + "'output_audio'.",
                                path + ".content[" + i + "].type");
                    }
                }
                if (!item.hasAudioContent || text.length() > 0) {
                    item.text = text.toString();
                }
            }
            case "function_call_output" -> {
                item.callId = Json.text(json, "call_id");
                if (item.callId == null) {
                    throw new ItemException("missing_required_parameter", "Missing required parameter: '" + path + ".call_id'.",
                            path + ".call_id");
                }
                JsonNode output = json.get("output");
                if (output == null || output.isNull()) {
                    throw new ItemException("missing_required_parameter", "Missing required parameter: '" + path + ".output'.",
                            path + ".output");
                }
                item.output = output.isTextual() ? output.textValue() : Json.write(output);
            }
            case "function_call" -> {
                item.callId = Json.text(json, "call_id");
                item.name = Json.text(json, "name");
                item.arguments = json.path("arguments").asText("");
                if (item.name == null || item.callId == null) {
                    throw new ItemException("missing_required_parameter", "Missing required parameter: '" + path
                            + (item.name == null ? ".name'." : ".call_id'."), path + (item.name == null ? ".name" : ".call_id"));
                }
            }
            case "mcp_approval_response" -> {
                if (beta) {
                    throw unsupportedItemType(type, path);
                }
                SessionSettings.Violation wrong = mcp.readApprovalResponse(json, path, item);
                if (wrong != null) {
                    throw new ItemException(wrong.code(), wrong.message(), wrong.param());
                }
            }
            default -> throw unsupportedItemType(type, path);
        }
        return item;
    }

    private ItemException unsupportedItemType(String type, String path) {
        return new ItemException("invalid_value", "Invalid value: '" + type + "'. Supported values are: 'message', 'function_call', "
                + (beta ? "and 'function_call_output'." : "'function_call_output', and 'mcp_approval_response'."), path + ".type");
    }

    private void deleteItem(ObjectNode event, String eventId) {
        String itemId = Json.text(event, "item_id");
        ConversationItem item = itemId == null ? null : findItem(itemId);
        if (item == null) {
            error("invalid_value", "Error deleting item: the item with id '" + itemId + "' does not exist.", "item_id", eventId);
            return;
        }
        conversation.remove(item);
        ObjectNode deleted = Json.event("conversation.item.deleted");
        deleted.put("item_id", itemId);
        send(deleted);
    }

    private void retrieveItem(ObjectNode event, String eventId) {
        String itemId = Json.text(event, "item_id");
        ConversationItem item = itemId == null ? null : findItem(itemId);
        if (item == null) {
            error("invalid_value", "Error retrieving item: the item with id '" + itemId + "' does not exist.", "item_id", eventId);
            return;
        }
        ObjectNode retrieved = Json.event("conversation.item.retrieved");
        retrieved.set("item", item.toJson(beta));
        send(retrieved);
    }

    private void truncate(ObjectNode event, String eventId) {
        String itemId = Json.text(event, "item_id");
        ConversationItem item = itemId == null ? null : findItem(itemId);
        if (item == null) {
            error("invalid_value", "Error truncating conversation item: the item with id '" + itemId + "' was not found.",
                    "item_id", eventId);
            return;
        }
        int contentIndex = event.path("content_index").asInt(0);
        if (!item.hasAudioContent || item.audioMs <= 0 || contentIndex != 0) {
            error("unsupported_content_type", "Error truncating conversation item: content part " + contentIndex
                    + " of item '" + itemId + "' has no audio.", "content_index", eventId);
            return;
        }
        JsonNode endNode = event.get("audio_end_ms");
        if (endNode == null || !endNode.canConvertToLong()) {
            error("missing_required_parameter", "Missing required parameter: 'audio_end_ms'.", "audio_end_ms", eventId);
            return;
        }
        long requested = endNode.asLong();
        if (requested < 0) {
            error("integer_below_min_value", "Invalid 'audio_end_ms': integer below minimum value. Expected a value >= 0, but got "
                    + requested + " instead.", "audio_end_ms", eventId);
            return;
        }
        long generated = (long) Math.floor(item.audioMs);
        if (requested > generated) {
            error("invalid_value", "Audio content of " + generated + "ms is already shorter than " + requested + "ms",
                    "audio_end_ms", eventId);
            return;
        }
        item.audioMs = requested;
        item.transcript = null;
        ObjectNode truncated = Json.event("conversation.item.truncated");
        truncated.put("item_id", itemId);
        truncated.put("content_index", contentIndex);
        truncated.put("audio_end_ms", requested);
        send(truncated);
    }

    // ---- responses -------------------------------------------------------------------------------------------

    private SimulatedResponse.Options defaultOptions() {
        return new SimulatedResponse.Options(false, NullNode.instance, settings.audioOutput(), settings.outputFormat(), settings.voice());
    }

    private void createResponse(ObjectNode event, String eventId) {
        ScriptedFaults.CreateRejection rejection = simulator.faults().takeCreateRejection();
        if (rejection != null) {
            error("invalid_request_error", rejection.code(), rejection.message(), null, eventId, rejection.withEventId());
            return;
        }
        if (settings.transcription()) {
            error("invalid_value", "Responses are not supported in transcription sessions.", "type", eventId);
            return;
        }
        JsonNode r = event.path("response");
        if (!r.isMissingNode() && !r.isNull() && !r.isObject()) {
            error("invalid_type", "Invalid type for 'response': expected an object.", "response", eventId);
            return;
        }
        if (beta && r.has("output_modalities")) {
            error("unknown_parameter", "Unknown parameter: 'response.output_modalities'.", "response.output_modalities", eventId);
            return;
        }
        if (!beta && r.has("modalities")) {
            error("unknown_parameter", "Unknown parameter: 'response.modalities'.", "response.modalities", eventId);
            return;
        }
        boolean outOfBand = "none".equals(Json.text(r, "conversation"));
        boolean audioOutput = settings.audioOutput();
        JsonNode modalities = r.get(beta ? "modalities" : "output_modalities");
        if (modalities != null && modalities.isArray()) {
            if (!beta && modalities.size() != 1) {
                error("invalid_value", "Invalid value for 'response.output_modalities': supported values are ['audio'] and ['text'].",
                        "response.output_modalities", eventId);
                return;
            }
            audioOutput = false;
            for (JsonNode m : modalities) {
                audioOutput |= "audio".equals(m.asText());
            }
        }
        SimulatorAudioFormat outputFormat = settings.outputFormat();
        SimulatorAudioFormat requested = beta ? SimulatorAudioFormat.fromBetaName(Json.text(r, "output_audio_format"))
                : SimulatorAudioFormat.fromGaType(Json.text(r.path("audio").path("output").path("format"), "type"));
        if (requested != null) {
            outputFormat = requested;
        }
        String voice = beta ? Json.text(r, "voice") : Json.text(r.path("audio").path("output"), "voice");
        List<ConversationItem> input = conversation;
        JsonNode inputJson = r.get("input");
        if (inputJson != null && inputJson.isArray()) {
            input = new ArrayList<>();
            for (int i = 0; i < inputJson.size(); i++) {
                JsonNode element = inputJson.get(i);
                if ("item_reference".equals(Json.text(element, "type"))) {
                    ConversationItem referenced = findItem(Json.text(element, "id"));
                    if (referenced == null) {
                        error("invalid_value", "Item with id '" + Json.text(element, "id") + "' not found.", "response.input[" + i + "].id", eventId);
                        return;
                    }
                    input.add(referenced);
                    continue;
                }
                try {
                    input.add(parseItem(element, "response.input[" + i + "]"));
                } catch (ItemException e) {
                    error(e.code, e.getMessage(), e.param, eventId);
                    return;
                }
            }
        }
        if (!outOfBand && activeInConversation != null) {
            error("conversation_already_has_active_response", "Conversation already has an active response in progress: "
                    + activeInConversation.id + ". Wait until the response is finished before creating a new one.", null, eventId);
            return;
        }
        JsonNode tools = r.has("tools") ? r.get("tools") : settings.tools();
        JsonNode toolChoice = r.has("tool_choice") ? r.get("tool_choice") : settings.toolChoice();
        SimulatedResponse.Options options = new SimulatedResponse.Options(outOfBand, r.path("metadata").isObject() ? r.get("metadata") : NullNode.instance,
                audioOutput, outputFormat, voice == null ? settings.voice() : voice);
        startResponse(options, input, Json.text(r, "instructions"), tools, toolChoice);
    }

    private void startResponse(SimulatedResponse.Options options, List<ConversationItem> input, String instructions,
            JsonNode tools, JsonNode toolChoice) {
        SimulatedResponse.Answer answer = AnswerRules.decide(input == null ? conversation : input,
                instructions != null ? instructions : settings.instructions(), tools == null ? settings.tools() : tools,
                toolChoice == null ? settings.toolChoice() : toolChoice, options, !beta);
        String[] failure = simulator.faults().takeResponseFailure();
        SimulatedResponse response = new SimulatedResponse(this, options, answer,
                failure == null ? null : failure[0], failure == null ? null : failure[1], simulator.faults().takeHang());
        activeResponses.add(response);
        if (!options.outOfBand()) {
            activeInConversation = response;
        }
        scheduleStep(response, 0);
    }

    private void scheduleStep(SimulatedResponse response, long delayNanos) {
        Runnable step = () -> {
            synchronized (this) {
                if (!connection.isOpen()) {
                    return;
                }
                response.runNextStep();
                if (response.hasMoreSteps()) {
                    scheduleStep(response, responseDelayNanos());
                }
            }
        };
        simulator.schedule(step, delayNanos);
    }

    /** Called by a response when it has sent {@code response.done}. */
    void responseFinished(SimulatedResponse response, int totalTokens) {
        activeResponses.remove(response);
        responsesDone++;
        tokensUsed += totalTokens;
        ObjectNode limits = Json.event("rate_limits.updated");
        ArrayNode list = limits.putArray("rate_limits");
        if (beta) {
            ObjectNode requests = list.addObject();
            requests.put("name", "requests");
            requests.put("limit", RATE_LIMIT_REQUESTS);
            requests.put("remaining", Math.max(0, RATE_LIMIT_REQUESTS - responsesDone));
            requests.put("reset_seconds", 60.0);
        }
        ObjectNode tokens = list.addObject();
        tokens.put("name", "tokens");
        tokens.put("limit", RATE_LIMIT_TOKENS);
        tokens.put("remaining", Math.max(0, RATE_LIMIT_TOKENS - tokensUsed));
        tokens.put("reset_seconds", 60.0);
        send(limits);
        if (response == activeInConversation) {
            activeInConversation = null;
            if (queuedResponses > 0) {
                queuedResponses--;
                startResponse(defaultOptions(), null, null, null, null);
            } else {
                armIdleTimeout(response.audioMs());
            }
        }
    }

    /** Text tokens the next in-conversation response finds cached, and what the one just done leaves cached. */
    int cachedTokens(boolean outOfBand, int contextTextTokens) {
        int cached = outOfBand ? 0 : Math.min(cachedContextTokens, contextTextTokens);
        return cached;
    }

    void contextSeen(boolean outOfBand, int contextTextTokens) {
        if (!outOfBand) {
            cachedContextTokens = contextTextTokens;
        }
    }

    /**
     * GA server VAD with {@code idle_timeout_ms}: that long after the reply's audio would have finished playing, with no
     * speech and no client event but appends in between, {@code input_audio_buffer.timeout_triggered} and a response.
     */
    private void armIdleTimeout(double replyAudioMs) {
        JsonNode td = settings.turnDetection();
        if (beta || td == null || !"server_vad".equals(Json.text(td, "type")) || !td.path("idle_timeout_ms").isNumber()) {
            return;
        }
        long generation = ++idleGeneration;
        long delayMs = td.get("idle_timeout_ms").asLong() + Math.round(replyAudioMs);
        simulator.schedule(() -> {
            synchronized (this) {
                if (!connection.isOpen() || generation != idleGeneration || activeInConversation != null) {
                    return;
                }
                ObjectNode triggered = Json.event("input_audio_buffer.timeout_triggered");
                triggered.put("audio_start_ms", Math.round(bufferStartMs));
                triggered.put("audio_end_ms", Math.round(appendedMs));
                triggered.put("item_id", Json.id("item_"));
                send(triggered);
                startResponse(defaultOptions(), null, null, null, null);
            }
        }, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(delayMs));
    }

    private void cancelResponse(ObjectNode event, String eventId) {
        String responseId = Json.text(event, "response_id");
        SimulatedResponse target = null;
        if (responseId != null) {
            for (SimulatedResponse r : activeResponses) {
                if (r.id.equals(responseId)) {
                    target = r;
                }
            }
        } else if (activeInConversation != null) {
            target = activeInConversation;
        } else if (!activeResponses.isEmpty()) {
            target = activeResponses.get(activeResponses.size() - 1);
        }
        if (target == null) {
            error("response_cancel_not_active", "Cancellation failed: no active response found", null, eventId);
            return;
        }
        target.cancel("client_cancelled");
    }

    /** "image/png, 67 bytes" for a base64 data URL of a PNG, JPEG, WebP or GIF; anything else is rejected as the API does. */
    private static String describeImage(String url, String param) throws ItemException {
        java.util.regex.Matcher m = url == null ? null
                : Pattern.compile("^data:(image/(?:png|jpeg|webp|gif));base64,(.*)$", Pattern.DOTALL).matcher(url);
        if (m == null || !m.matches()) {
            throw new ItemException("invalid_value", "Invalid '" + param + "'. Expected a base64-encoded data URL with an image"
                    + " MIME type (e.g. 'data:image/png;base64,...').", param);
        }
        try {
            return m.group(1) + ", " + java.util.Base64.getDecoder().decode(m.group(2)).length + " bytes";
        } catch (IllegalArgumentException e) {
            throw new ItemException("invalid_value", "Invalid '" + param + "'. Expected base64-encoded image bytes.", param);
        }
    }

    /** ", detail low" for a given detail level; the API's error for a level it does not know. */
    private static String imageDetail(String detail, String param) throws ItemException {
        if (detail == null) {
            return "";
        }
        if (!Set.of("auto", "low", "high").contains(detail)) {
            throw new ItemException("invalid_value", "Invalid value: '" + detail + "'. Supported values are: 'auto', 'low' and 'high'.",
                    param);
        }
        return ", detail " + detail;
    }

    // ---- faults ------------------------------------------------------------------------------------------------

    /** Expiry: GA closes 1001; beta sends {@code error session_expired} then closes 1000. */
    synchronized void expire() {
        if (beta) {
            error("session_expired", "Your session hit the maximum duration of 30 minutes.", null, null);
            connection.close(1000, "");
        } else {
            connection.close(1001, "Your session hit the maximum duration of 60 minutes.");
        }
    }

    /** Sends a valid {@code conversation.item.retrieved} whose text has {@code chars} characters. */
    synchronized void sendHugeEvent(int chars) {
        ConversationItem item = new ConversationItem(Json.id("item_"), "message");
        item.role = "assistant";
        StringBuilder text = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            text.append((char) ('a' + i % 26));
        }
        item.text = text.toString();
        ObjectNode event = Json.event("conversation.item.retrieved");
        event.set("item", item.toJson(beta));
        send(event);
    }

    synchronized void betaShapeDisabled() {
        ObjectNode event = Json.event("error");
        ObjectNode error = event.putObject("error");
        error.put("type", "invalid_request_error");
        error.put("code", "beta_api_shape_disabled");
        error.put("message", "The beta Realtime API shape (OpenAI-Beta: realtime=v1) is no longer supported."
                + " Remove the header to use the GA Realtime API.");
        error.putNull("param");
        error.putNull("event_id");
        send(event);
        connection.close(4000, "invalid_request_error.beta_api_shape_disabled");
    }
}
