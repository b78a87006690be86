package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** One item of a simulated conversation: a message, a function call or its output, or an MCP item (GA). */
final class ConversationItem {

    final String id;
    final String type;
    String role;
    String status = "completed";
    /** Text content of a message (input_text/text/output_text parts joined by a space), or null. */
    String text;
    /** Audio of a message (user input or generated assistant audio so far), or null. */
    byte[] audio;
    SimulatorAudioFormat audioFormat;
    /** Milliseconds of audio generated so far (assistant) or present (user). */
    double audioMs;
    boolean hasAudioContent;
    String transcript;
    /** Input images of a user message, described as "media/type, N bytes". */
    final java.util.List<String> images = new java.util.ArrayList<>();
    String callId;
    String name;
    String arguments;
    String output;
    /** MCP items: the server's label; an approval response's request id, decision and reason; a tool list's tools. */
    String serverLabel;
    String approvalRequestId;
    boolean approve;
    String reason;
    ArrayNode mcpTools;
    /** Where an MCP call sits in the output of the response that made it (its later events carry it). */
    int outputIndex;

    ConversationItem(String id, String type) {
        this.id = id;
        this.type = type;
    }

    boolean isUserMessage() {
        return "message".equals(type) && "user".equals(role);
    }

    boolean isFunctionCallOutput() {
        return "function_call_output".equals(type);
    }

    boolean isMcpApprovalResponse() {
        return "mcp_approval_response".equals(type);
    }

    /** The item as the server shows it in item events (no audio payloads). */
    ObjectNode toJson(boolean beta) {
        ObjectNode item = Json.object();
        item.put("id", id);
        if (beta) {
            item.put("object", "realtime.item");
        }
        item.put("type", type);
        switch (type) {
            case "function_call" -> {
                item.put("status", status);
                item.put("name", name);
                item.put("call_id", callId);
                item.put("arguments", arguments == null ? "" : arguments);
            }
            case "function_call_output" -> {
                item.put("call_id", callId);
                item.put("output", output);
            }
            case "mcp_call" -> {
                item.put("server_label", serverLabel);
                item.put("name", name);
                item.put("arguments", arguments == null ? "" : arguments);
                item.put("approval_request_id", approvalRequestId);
                item.put("output", output);
                item.putNull("error");
            }
            case "mcp_approval_request" -> {
                item.put("server_label", serverLabel);
                item.put("name", name);
                item.put("arguments", arguments);
            }
            case "mcp_approval_response" -> {
                item.put("approval_request_id", approvalRequestId);
                item.put("approve", approve);
                item.put("reason", reason);
            }
            case "mcp_list_tools" -> {
                item.put("server_label", serverLabel);
                item.set("tools", mcpTools == null ? Json.array() : mcpTools.deepCopy());
            }
            default -> {
                item.put("status", status);
                item.put("role", role);
                ArrayNode content = item.putArray("content");
                if (hasAudioContent) {
                    ObjectNode part = content.addObject();
                    if ("assistant".equals(role)) {
                        part.put("type", beta ? "audio" : "output_audio");
                    } else {
                        part.put("type", "input_audio");
                    }
                    part.put("transcript", transcript);
                } else if (text != null) {
                    ObjectNode part = content.addObject();
                    part.put("type", "assistant".equals(role) ? (beta ? "text" : "output_text") : "input_text");
                    part.put("text", text);
                }
            }
        }
        return item;
    }

    /** The deterministic transcript the simulator gives to audio of the given length. */
    static String simulatedTranscript(double millis) {
        return String.format(Locale.ROOT, "[simulated transcript of %.2f s of audio]", millis / 1000.0);
    }
}
