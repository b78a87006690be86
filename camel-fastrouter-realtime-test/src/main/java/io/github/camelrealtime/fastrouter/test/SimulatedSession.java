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

/**
 * The protocol state of one simulated connection: session settings, input audio buffer, turn detection,
 * conversation and responses. Every method runs under the session's monitor (client events on the reading
 * thread, response steps on the scheduler), so the state needs no other synchronisation. The parts it delegates to,
 * {@link SimulatedConversation} (the items and the client events on them), {@link ItemParser},
 * {@link InputAudioBuffer} (the input audio buffer and turn detection), {@link SimulatedMcp} and
 * {@link SimulatedResponse}, are called only from here or from response steps, so under this monitor too.
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
    private static final int RATE_LIMIT_REQUESTS = 1000;
    private static final int RATE_LIMIT_TOKENS = 40000;

    private final SimulatedConnection connection;
    private final RealtimeSimulator simulator;
    private final boolean beta;
    private final String conversationId = Json.id("conv_");
    private final String sessionId = Json.id("sess_");
    private final SessionSettings settings;
    private final SimulatedMcp mcp = new SimulatedMcp(this);
    private final ItemParser itemParser;
    private final SimulatedConversation conversation;
    private final InputAudioBuffer inputAudio;
    // the mutable state below is guarded by this session's monitor
    private final List<SimulatedResponse> activeResponses = new ArrayList<>();
    private SimulatedResponse activeInConversation;
    private int queuedResponses;

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
        this.itemParser = new ItemParser(beta, settings, mcp);
        this.conversation = new SimulatedConversation(this, beta, settings, itemParser, mcp);
        this.inputAudio = new InputAudioBuffer(this, settings, conversation);
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

    SimulatedConversation conversation() {
        return conversation;
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
        inputAudio.configureVad();
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

    /**
     * Handles one text message. The parsed event (or a text node for invalid JSON) goes to {@code record} before it is
     * answered, so a client that has seen the answer also finds its event in the simulator's records.
     */
    synchronized void onClientMessage(byte[] bytes, int length, java.util.function.Consumer<JsonNode> record) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(bytes, 0, length);
        } catch (IOException e) {
            event = null;
        }
        if (event == null || !event.isObject()) {
            String raw = new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
            record.accept(event == null ? Json.NODES.textNode(raw) : event);
            if (!replaying) {
                error("invalid_json", "The server had trouble parsing your request as JSON: "
                        + (event == null ? "invalid JSON" : "expected a JSON object") + ".", null, null);
            }
            return;
        }
        record.accept(event);
        if (!replaying) {
            handle((ObjectNode) event);
        }
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
            activity();
        }
        switch (type) {
            case "session.update" -> sessionUpdate(event, eventId, false);
            case "transcription_session.update" -> sessionUpdate(event, eventId, true);
            case "session.close" -> connection.close(1000, "");
            case "input_audio_buffer.append" -> inputAudio.append(event, eventId);
            case "input_audio_buffer.commit" -> inputAudio.commit(eventId);
            case "input_audio_buffer.clear" -> inputAudio.clear();
            case "output_audio_buffer.clear" -> {
                ObjectNode cleared = Json.event("output_audio_buffer.cleared");
                cleared.put("response_id", activeInConversation == null ? null : activeInConversation.id);
                send(cleared);
            }
            case "conversation.item.create" -> conversation.createItem(event, eventId);
            case "conversation.item.delete" -> conversation.deleteItem(event, eventId);
            case "conversation.item.retrieve" -> conversation.retrieveItem(event, eventId);
            case "conversation.item.truncate" -> conversation.truncate(event, eventId);
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
        inputAudio.configureVad();
    }

    // ---- turns: what InputAudioBuffer, under this monitor, reports to the session -------------------------------

    /** Something the idle timeout must not outlive happened: a client event other than an append, or speech. */
    void activity() {
        idleGeneration++;
    }

    /** Server VAD heard a turn start with {@code interrupt_response}: it cancels the response in the conversation, if any. */
    void interruptResponse() {
        if (activeInConversation != null && !settings.transcription()) {
            activeInConversation.cancel("turn_detected");
        }
    }

    /** Server VAD committed a turn with {@code create_response}: a response, queued while one is active. */
    void respondToTurn() {
        if (activeInConversation != null) {
            queuedResponses++;
        } else {
            startResponse(defaultOptions(), null, null, null, null);
        }
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
        List<ConversationItem> input = conversation.items();
        JsonNode inputJson = r.get("input");
        if (inputJson != null && inputJson.isArray()) {
            input = new ArrayList<>();
            for (int i = 0; i < inputJson.size(); i++) {
                JsonNode element = inputJson.get(i);
                if ("item_reference".equals(Json.text(element, "type"))) {
                    ConversationItem referenced = conversation.find(Json.text(element, "id"));
                    if (referenced == null) {
                        error("invalid_value", "Item with id '" + Json.text(element, "id") + "' not found.", "response.input[" + i + "].id", eventId);
                        return;
                    }
                    input.add(referenced);
                    continue;
                }
                try {
                    input.add(itemParser.parse(element, "response.input[" + i + "]"));
                } catch (ItemParser.ItemException e) {
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
        SimulatedResponse.Answer answer = AnswerRules.decide(input == null ? conversation.items() : input,
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
                triggered.put("audio_start_ms", Math.round(inputAudio.bufferStartMs()));
                triggered.put("audio_end_ms", Math.round(inputAudio.appendedMs()));
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
