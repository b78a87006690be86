package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic answer rules of a response (documented on {@link RealtimeSimulator} and in {@code docs/simulator.md}):
 * what a response says, given its input items, instructions and tools. Pure functions.
 */
final class AnswerRules {

    private static final Pattern SAY_DIRECTIVE = Pattern.compile("^\\s*say:\\s*(.*?)\\s*$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RECALL = Pattern.compile("\\bwhat did i say\\b", Pattern.CASE_INSENSITIVE);

    private AnswerRules() {
    }

    /**
     * @param instructions the response's instructions, else the session's
     * @param mcp          whether the dialect has MCP tools (GA)
     */
    static SimulatedResponse.Answer decide(List<ConversationItem> items, String instructions, JsonNode tools, JsonNode toolChoice,
            SimulatedResponse.Options options, boolean mcp) {
        int lastUser = -1;
        int lastInput = -1;
        for (int i = items.size() - 1; i >= 0 && lastUser < 0; i--) {
            ConversationItem item = items.get(i);
            if (item.isUserMessage()) {
                lastUser = i;
            }
            if (lastInput < 0 && (item.isUserMessage() || item.isFunctionCallOutput() || item.isMcpApprovalResponse())) {
                lastInput = i;
            }
        }
        if (lastInput >= 0 && items.get(lastInput).isFunctionCallOutput()) {
            List<String> outputs = new ArrayList<>();
            for (int i = lastUser + 1; i < items.size(); i++) {
                if (items.get(i).isFunctionCallOutput()) {
                    outputs.add(items.get(i).output);
                }
            }
            String text = "tool results: " + String.join("; ", outputs);
            return new SimulatedResponse.Answer(text, null, null, String.join("", outputs).length(), 0);
        }
        if (lastInput >= 0 && items.get(lastInput).isMcpApprovalResponse()) {
            String text = SimulatedMcp.answerAfterApprovals(items.subList(lastUser + 1, items.size()));
            return new SimulatedResponse.Answer(text, null, null, text.length(), 0);
        }
        ConversationItem user = lastUser >= 0 ? items.get(lastUser) : null;
        if (user != null && user.text != null) {
            List<SimulatedResponse.ToolCall> calls = toolCalls(user.text, tools, toolChoice);
            if (!calls.isEmpty()) {
                return new SimulatedResponse.Answer(null, null, calls, user.text.length(), 0);
            }
            List<SimulatedMcp.Call> mcpCalls = mcp ? SimulatedMcp.callsFor(user.text, tools, toolChoice) : List.of();
            if (!mcpCalls.isEmpty()) {
                return SimulatedMcp.answer(mcpCalls, user.text.length());
            }
        }
        String said = sayDirective(instructions);
        int inputChars = user == null || user.text == null ? 0 : user.text.length();
        double inputMs = user == null || user.text != null ? 0 : user.audioMs;
        if (said != null) {
            return new SimulatedResponse.Answer(said, null, null, inputChars, inputMs);
        }
        if (user == null) {
            return new SimulatedResponse.Answer("Hello from the Realtime simulator.", null, null, 0, 0);
        }
        if (!user.images.isEmpty()) {
            String seen = "[" + String.join("] [", user.images) + "]";
            String text = user.text == null || user.text.isEmpty() ? seen : user.text + " " + seen;
            return new SimulatedResponse.Answer("echo: " + text, null, null, inputChars, 0);
        }
        if (user.text != null && RECALL.matcher(user.text).find()) {
            return new SimulatedResponse.Answer(recall(items, lastUser), null, null, inputChars, 0);
        }
        if (user.text != null) {
            return new SimulatedResponse.Answer("echo: " + user.text, null, null, inputChars, 0);
        }
        String transcript = user.transcript != null ? user.transcript : ConversationItem.simulatedTranscript(user.audioMs);
        if (!options.audioOutput() || user.audio == null) {
            return new SimulatedResponse.Answer("echo: " + transcript, null, null, 0, inputMs);
        }
        byte[] audio = SimulatorAudio.convert(user.audio, user.audioFormat, options.outputFormat());
        return new SimulatedResponse.Answer(transcript, audio, null, 0, inputMs);
    }

    /**
     * The answer to "what did I say before?": the user message before the question (text, else transcript) and the
     * assistant's answer to it, from the conversation items (so a replayed history answers too).
     */
    private static String recall(List<ConversationItem> items, int question) {
        for (int i = question - 1; i >= 0; i--) {
            ConversationItem item = items.get(i);
            if (item.isUserMessage()) {
                String said = item.text != null && !item.text.isBlank() ? item.text : item.transcript;
                String answer = null;
                for (int j = i + 1; j < question && answer == null; j++) {
                    ConversationItem next = items.get(j);
                    if ("message".equals(next.type) && "assistant".equals(next.role)) {
                        answer = next.text != null && !next.text.isBlank() ? next.text : next.transcript;
                    }
                }
                return "earlier you said: " + said + (answer == null ? "" : " (I answered: " + answer + ")");
            }
        }
        return "you said nothing before";
    }

    private static String sayDirective(String instructions) {
        if (instructions == null) {
            return null;
        }
        Matcher m = SAY_DIRECTIVE.matcher(instructions);
        return m.matches() ? m.group(1) : null;
    }

    private static List<SimulatedResponse.ToolCall> toolCalls(String text, JsonNode tools, JsonNode toolChoice) {
        List<String> names = new ArrayList<>();
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                String type = Json.text(tool, "type");
                String name = Json.text(tool, "name");
                if (name != null && (type == null || type.equals("function"))) {
                    names.add(name);
                }
            }
        }
        String choice = toolChoice != null && toolChoice.isTextual() ? toolChoice.textValue() : "auto";
        if (names.isEmpty() || "none".equals(choice)) {
            return List.of();
        }
        String arguments = argumentsFor(text);
        if (toolChoice != null && toolChoice.isObject()) {
            String forced = Json.text(toolChoice, "name");
            if (forced == null) {
                forced = Json.text(toolChoice.path("function"), "name");
            }
            boolean function = !"mcp".equals(Json.text(toolChoice, "type"));
            return function && forced != null && names.contains(forced)
                    ? List.of(new SimulatedResponse.ToolCall(forced, arguments)) : List.of();
        }
        List<String> mentioned = mentionedIn(text, names);
        List<SimulatedResponse.ToolCall> calls = new ArrayList<>();
        for (String name : mentioned) {
            calls.add(new SimulatedResponse.ToolCall(name, arguments));
        }
        if (calls.isEmpty() && "required".equals(choice)) {
            calls.add(new SimulatedResponse.ToolCall(names.get(0), arguments));
        }
        return calls;
    }

    /** The names the text names as whole words (case-insensitive), in order of first mention. */
    static List<String> mentionedIn(String text, List<String> names) {
        record Mention(int index, String name) {
        }
        List<Mention> mentions = new ArrayList<>();
        for (String name : names) {
            Matcher m = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])", Pattern.CASE_INSENSITIVE)
                    .matcher(text);
            if (m.find()) {
                mentions.add(new Mention(m.start(), name));
            }
        }
        mentions.sort(Comparator.comparingInt(Mention::index));
        return mentions.stream().map(Mention::name).toList();
    }

    /** The arguments the simulated model gives any tool: {@code {"query":"<the user text>"}}. */
    static String argumentsFor(String text) {
        ObjectNode arguments = Json.object();
        arguments.put("query", text);
        return Json.write(arguments);
    }
}
