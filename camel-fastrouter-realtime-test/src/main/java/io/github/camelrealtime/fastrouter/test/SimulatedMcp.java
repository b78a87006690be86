package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MCP tools as a GA server runs them (beta has none). The server lists an MCP server's tools when a
 * {@code session.update} declares it; a call that needs approval ends its response with the call's arguments and an
 * {@code mcp_approval_request}, and runs when the client's {@code mcp_approval_response} approves it; the answer that
 * uses its output comes with the client's next {@code response.create} (the server does not go on by itself). A call
 * that needs no approval runs inside its response, which then answers. The flow follows what the openai-ruby realtime
 * MCP example waits for against the live API; {@code docs/simulator.md} has the exact events.
 *
 * <p>Every method runs under the session's monitor, like the rest of the session's state.
 */
final class SimulatedMcp {

    /** One call the simulated model makes: server, tool, arguments, and whether it waits for an approval. */
    record Call(String serverLabel, String name, String arguments, boolean needsApproval) {
    }

    private static final int ARGUMENT_DELTA_CHARS = 24;

    private final SimulatedSession session;
    /** Server labels whose tools were listed on this connection. */
    private final Set<String> listed = new HashSet<>();
    /** Approval requests already answered (a second answer is an error). */
    private final Set<String> answered = new HashSet<>();

    SimulatedMcp(SimulatedSession session) {
        this.session = session;
    }

    /** What a simulated MCP tool returns: {@code "<label>/<tool> answered <arguments>"}. */
    static String output(String serverLabel, String name, String arguments) {
        return serverLabel + "/" + name + " answered " + arguments;
    }

    // ---- listing ----------------------------------------------------------------------------------------------

    /** After {@code session.updated}: one {@code mcp_list_tools} item per MCP server not listed yet on this connection. */
    void listTools(JsonNode tools) {
        if (tools == null || !tools.isArray()) {
            return;
        }
        for (JsonNode tool : tools) {
            String label = Json.text(tool, "server_label");
            if (!"mcp".equals(Json.text(tool, "type")) || label == null || !listed.add(label)) {
                continue;
            }
            ConversationItem item = new ConversationItem(Json.id("mcpl_"), "mcp_list_tools");
            item.serverLabel = label;
            String previous = session.conversation().append(item);
            ObjectNode added = Json.event("conversation.item.added");
            added.put("previous_item_id", previous);
            added.set("item", item.toJson(false));
            session.send(added);
            session.send(itemIdEvent("mcp_list_tools.in_progress", item.id));
            item.mcpTools = Json.array();
            for (String name : toolNames(tool)) {
                ObjectNode listedTool = item.mcpTools.addObject();
                listedTool.put("name", name);
                listedTool.put("description", "Simulated tool " + name + " of the MCP server " + label);
                ObjectNode schema = listedTool.putObject("input_schema");
                schema.put("type", "object");
                schema.putObject("properties").putObject("query").put("type", "string");
                listedTool.putNull("annotations");
            }
            session.send(itemIdEvent("mcp_list_tools.completed", item.id));
            ObjectNode done = Json.event("conversation.item.done");
            done.put("previous_item_id", previous);
            done.set("item", item.toJson(false));
            session.send(done);
        }
    }

    /** The tools of a simulated MCP server: its {@code allowed_tools} (names or {@code tool_names}), else one named as its label. */
    private static List<String> toolNames(JsonNode tool) {
        JsonNode allowed = tool.get("allowed_tools");
        JsonNode names = allowed != null && allowed.isObject() ? allowed.get("tool_names") : allowed;
        List<String> result = new ArrayList<>();
        if (names != null && names.isArray()) {
            names.forEach(n -> {
                if (n.isTextual()) {
                    result.add(n.textValue());
                }
            });
        }
        if (result.isEmpty()) {
            result.add(Json.text(tool, "server_label"));
        }
        return result;
    }

    /** {@code require_approval}: {@code never} or a {@code never} filter naming the tool skip it; anything else (default) asks. */
    private static boolean needsApproval(JsonNode tool, String name) {
        JsonNode policy = tool.get("require_approval");
        if (policy != null && policy.isTextual()) {
            return !"never".equals(policy.textValue());
        }
        JsonNode never = policy == null ? null : policy.path("never").get("tool_names");
        if (never != null && never.isArray()) {
            for (JsonNode n : never) {
                if (name.equals(n.asText())) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- calling ----------------------------------------------------------------------------------------------

    /**
     * The MCP calls a user text makes: one per MCP tool it names (whole word, case-insensitive), in order of first
     * mention, arguments {@code {"query":"<the user text>"}}. {@code tool_choice} {@code none} disables them, a forced
     * function excludes them, {@code {type:"mcp", server_label, name}} forces that tool, {@code required} calls the first
     * MCP tool when none is named.
     */
    static List<Call> callsFor(String text, JsonNode tools, JsonNode toolChoice) {
        Map<String, Call> byName = new LinkedHashMap<>();
        if (tools != null && tools.isArray()) {
            String arguments = AnswerRules.argumentsFor(text);
            for (JsonNode tool : tools) {
                String label = Json.text(tool, "server_label");
                if ("mcp".equals(Json.text(tool, "type")) && label != null) {
                    for (String name : toolNames(tool)) {
                        byName.putIfAbsent(name, new Call(label, name, arguments, needsApproval(tool, name)));
                    }
                }
            }
        }
        String choice = toolChoice != null && toolChoice.isTextual() ? toolChoice.textValue() : "auto";
        if (byName.isEmpty() || "none".equals(choice)) {
            return List.of();
        }
        if (toolChoice != null && toolChoice.isObject()) {
            if (!"mcp".equals(Json.text(toolChoice, "type"))) {
                return List.of();
            }
            String label = Json.text(toolChoice, "server_label");
            String name = Json.text(toolChoice, "name");
            return byName.values().stream().filter(c -> c.serverLabel().equals(label) && (name == null || c.name().equals(name)))
                    .limit(1).toList();
        }
        List<Call> calls = new ArrayList<>();
        for (String name : AnswerRules.mentionedIn(text, new ArrayList<>(byName.keySet()))) {
            calls.add(byName.get(name));
        }
        if (calls.isEmpty() && "required".equals(choice)) {
            calls.add(byName.values().iterator().next());
        }
        return calls;
    }

    /** A response making these calls: when none waits for approval it also answers, {@code "mcp results: "} + outputs. */
    static SimulatedResponse.Answer answer(List<Call> calls, int inputChars) {
        boolean waits = calls.stream().anyMatch(Call::needsApproval);
        String text = waits ? null : "mcp results: " + String.join("; ", calls.stream()
                .map(c -> output(c.serverLabel(), c.name(), c.arguments())).toList());
        return new SimulatedResponse.Answer(text, null, null, inputChars, 0, calls);
    }

    /** Plans each call's events in the response: its item and arguments, then the run or the approval request. */
    void plan(SimulatedResponse response, List<Call> calls) {
        for (Call call : calls) {
            int index = response.nextOutputIndex();
            ConversationItem item = new ConversationItem(Json.id("mcp_"), "mcp_call");
            item.serverLabel = call.serverLabel();
            item.name = call.name();
            item.arguments = "";
            item.outputIndex = index;
            ConversationItem request = call.needsApproval() ? new ConversationItem(Json.id("mcpr_"), "mcp_approval_request") : null;
            if (request != null) {
                item.approvalRequestId = request.id;
                request.serverLabel = call.serverLabel();
                request.name = call.name();
                request.arguments = call.arguments();
            }
            response.step(() -> response.addItem(item));
            String arguments = call.arguments();
            for (int from = 0; from < arguments.length(); from += ARGUMENT_DELTA_CHARS) {
                String delta = arguments.substring(from, Math.min(arguments.length(), from + ARGUMENT_DELTA_CHARS));
                response.step(() -> {
                    ObjectNode event = response.itemEvent("response.mcp_call_arguments.delta", item, index);
                    event.put("delta", delta);
                    item.arguments += delta;
                    response.produced(delta.length());
                    session.send(event);
                });
            }
            response.step(() -> {
                ObjectNode event = response.itemEvent("response.mcp_call_arguments.done", item, index);
                event.put("arguments", arguments);
                session.send(event);
            });
            if (request == null) {
                response.step(() -> session.send(callEvent("response.mcp_call.in_progress", item)));
                response.step(() -> {
                    item.output = output(item.serverLabel, item.name, item.arguments);
                    session.send(callEvent("response.mcp_call.completed", item));
                });
                response.step(() -> response.sendItemDone(index, item));
            } else {
                int requestIndex = response.nextOutputIndex();
                response.step(() -> response.addItem(request));
                response.step(() -> response.sendItemDone(requestIndex, request));
            }
        }
    }

    // ---- approvals ----------------------------------------------------------------------------------------------

    /**
     * Reads a client's {@code mcp_approval_response} item into {@code item}; returns what is wrong with it (as the
     * server says it), or null.
     */
    SessionSettings.Violation readApprovalResponse(JsonNode json, String path, ConversationItem item) {
        String requestId = Json.text(json, "approval_request_id");
        if (requestId == null) {
            return new SessionSettings.Violation("missing_required_parameter",
                    "Missing required parameter: '" + path + ".approval_request_id'.", path + ".approval_request_id");
        }
        JsonNode approve = json.get("approve");
        if (approve == null || !approve.isBoolean()) {
            return new SessionSettings.Violation(approve == null ? "missing_required_parameter" : "invalid_type",
                    approve == null ? "Missing required parameter: '" + path + ".approve'."
                            : "Invalid type for '" + path + ".approve': expected a boolean.", path + ".approve");
        }
        ConversationItem request = session.conversation().find(requestId);
        if (request == null || !"mcp_approval_request".equals(request.type)) {
            return new SessionSettings.Violation("invalid_value", "Invalid 'approval_request_id': no MCP approval request with id '"
                    + requestId + "' in the conversation.", path + ".approval_request_id");
        }
        if (answered.contains(requestId)) {
            return new SessionSettings.Violation("invalid_value", "The MCP approval request '" + requestId
                    + "' has already been answered.", path + ".approval_request_id");
        }
        item.approvalRequestId = requestId;
        item.approve = approve.booleanValue();
        item.reason = Json.text(json, "reason");
        return null;
    }

    /** A client's approval response joined the conversation: an approved call runs now. */
    void approvalAnswered(ConversationItem response) {
        answered.add(response.approvalRequestId);
        ConversationItem call = response.approve ? session.conversation().findMcpCall(response.approvalRequestId) : null;
        if (call == null) {
            return;
        }
        session.send(callEvent("response.mcp_call.in_progress", call));
        call.output = output(call.serverLabel, call.name, call.arguments);
        session.send(callEvent("response.mcp_call.completed", call));
        ObjectNode done = Json.event("conversation.item.done");
        done.put("previous_item_id", session.conversation().idBefore(call));
        done.set("item", call.toJson(false));
        session.send(done);
    }

    /**
     * The answer after approval responses (the items since the last user message): {@code "mcp results: "} + the
     * outputs of the calls that ran, and for each denial {@code "the MCP tool <name> was denied: <reason>"}.
     */
    static String answerAfterApprovals(List<ConversationItem> sinceUser) {
        Map<String, ConversationItem> requests = new HashMap<>();
        List<String> results = new ArrayList<>();
        List<String> denials = new ArrayList<>();
        for (ConversationItem item : sinceUser) {
            if ("mcp_approval_request".equals(item.type)) {
                requests.put(item.id, item);
            } else if ("mcp_call".equals(item.type) && item.output != null) {
                results.add(item.output);
            } else if (item.isMcpApprovalResponse() && !item.approve) {
                ConversationItem request = requests.get(item.approvalRequestId);
                denials.add("the MCP tool " + (request == null ? "call" : request.name) + " was denied: "
                        + (item.reason == null || item.reason.isBlank() ? "no reason given" : item.reason));
            }
        }
        List<String> parts = new ArrayList<>();
        if (!results.isEmpty()) {
            parts.add("mcp results: " + String.join("; ", results));
        }
        parts.addAll(denials);
        return parts.isEmpty() ? "mcp results: none" : String.join("; ", parts);
    }

    // ---- events -------------------------------------------------------------------------------------------------

    private static ObjectNode itemIdEvent(String type, String itemId) {
        ObjectNode event = Json.event(type);
        event.put("item_id", itemId);
        return event;
    }

    /** {@code response.mcp_call.*}: the call's item and output index (these events name no response). */
    private static ObjectNode callEvent(String type, ConversationItem call) {
        ObjectNode event = itemIdEvent(type, call.id);
        event.put("output_index", call.outputIndex);
        return event;
    }
}
