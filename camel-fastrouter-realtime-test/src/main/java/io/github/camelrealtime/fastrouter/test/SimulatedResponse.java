package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One response being produced: a precomputed list of steps, each sending one server event, run one at a time by
 * the session's scheduler so the connection keeps reading client events meanwhile (and a cancel can stop it).
 */
final class SimulatedResponse {

    /**
     * What the response says: text (sent as text or as tone audio with a transcript), echoed audio, or tool calls; MCP
     * calls (GA) come before the text, if any.
     */
    record Answer(String text, byte[] audio, List<ToolCall> calls, int inputTextChars, double inputAudioMs,
            List<SimulatedMcp.Call> mcpCalls) {
        Answer(String text, byte[] audio, List<ToolCall> calls, int inputTextChars, double inputAudioMs) {
            this(text, audio, calls, inputTextChars, inputAudioMs, List.of());
        }
    }

    record ToolCall(String name, String arguments) {
    }

    /** Parameters of the response as the client asked for them. */
    record Options(boolean outOfBand, JsonNode metadata, boolean audioOutput, SimulatorAudioFormat outputFormat, String voice) {
    }

    private static final int ARGUMENT_DELTA_CHARS = 24;
    private static final int AUDIO_DELTA_MS = 100;
    private static final double TONE_HZ = 440;
    private static final int TONE_MS_PER_CHAR = 60;
    private static final double TONE_AMPLITUDE = 0.3;

    final String id;
    final Options options;
    private final SimulatedSession session;
    private final boolean beta;
    private final Answer answer;
    private final List<Runnable> steps = new ArrayList<>();
    private final List<ConversationItem> outputItems = new ArrayList<>();
    private int next;
    /** Output items planned so far: the output_index of the next one. */
    private int plannedItems;
    private boolean finished;
    private ConversationItem openItem;
    private String openItemPreviousId;
    private int producedTextChars;
    private double producedAudioMs;

    /**
     * @param hang when true the response never sends {@code response.done} by itself: it stays active (its last
     *             planned step is left out) until it is cancelled
     */
    SimulatedResponse(SimulatedSession session, Options options, Answer answer, String failureCode, String failureMessage,
            boolean hang) {
        this.id = Json.id("resp_");
        this.session = session;
        this.beta = session.beta();
        this.options = options;
        this.answer = answer;
        steps.add(() -> {
            ObjectNode event = Json.event("response.created");
            event.set("response", responseJson("in_progress", NullNode.instance, null));
            session.send(event);
        });
        if (failureCode != null) {
            steps.add(() -> {
                ObjectNode details = Json.object();
                details.put("type", "failed");
                ObjectNode error = details.putObject("error");
                error.put("type", "tokens");
                error.put("code", failureCode);
                error.put("message", failureMessage);
                finish("failed", details);
            });
            if (hang) {
                steps.remove(steps.size() - 1);
            }
            return;
        }
        if (answer.calls() != null && !answer.calls().isEmpty()) {
            for (ToolCall call : answer.calls()) {
                planToolCall(nextOutputIndex(), call);
            }
        } else {
            if (!answer.mcpCalls().isEmpty()) {
                session.mcp().plan(this, answer.mcpCalls());
            }
            if (answer.text() != null) {
                planMessage();
            }
        }
        if (!hang) {
            steps.add(() -> finish("completed", NullNode.instance));
        }
    }

    boolean finished() {
        return finished;
    }

    /** Milliseconds of audio this response produced (how long its playback takes). */
    double audioMs() {
        return producedAudioMs;
    }

    boolean hasMoreSteps() {
        return !finished && next < steps.size();
    }

    void runNextStep() {
        if (hasMoreSteps()) {
            steps.get(next++).run();
        }
    }

    /** Ends the response at once with {@code status: cancelled} and the given reason. */
    void cancel(String reason) {
        if (finished) {
            return;
        }
        if (openItem != null) {
            openItem.status = "incomplete";
            sendItemDone(outputItems.size() - 1, openItem);
        }
        ObjectNode details = Json.object();
        details.put("type", "cancelled");
        details.put("reason", reason);
        finish("cancelled", details);
    }

    private void planMessage() {
        ConversationItem item = new ConversationItem(Json.id("item_"), "message");
        item.role = "assistant";
        item.status = "in_progress";
        item.audioFormat = options.outputFormat();
        int outputIndex = nextOutputIndex();
        boolean audio = options.audioOutput();
        String text = answer.text();
        byte[] audioBytes = !audio ? null
                : answer.audio() != null ? answer.audio()
                : SimulatorAudio.tone(options.outputFormat(), TONE_HZ, TONE_MS_PER_CHAR * text.length(), TONE_AMPLITUDE);
        steps.add(() -> addItem(item));
        steps.add(() -> {
            ObjectNode event = contentEvent("response.content_part.added", item, outputIndex);
            ObjectNode part = event.putObject("part");
            if (audio) {
                item.hasAudioContent = true;
                item.transcript = "";
                part.put("type", "audio");
                part.put("transcript", "");
            } else {
                item.text = "";
                part.put("type", "text");
                part.put("text", "");
            }
            session.send(event);
        });
        List<String> words = words(text);
        int chunkBytes = options.outputFormat().bytesPerMillisecond() * AUDIO_DELTA_MS;
        int chunks = audioBytes == null ? 0 : (audioBytes.length + chunkBytes - 1) / chunkBytes;
        for (int k = 0; k < Math.max(words.size(), chunks); k++) {
            if (k < chunks) {
                int from = k * chunkBytes;
                int to = Math.min(audioBytes.length, from + chunkBytes);
                steps.add(() -> {
                    ObjectNode event = contentEvent(beta ? "response.audio.delta" : "response.output_audio.delta", item, outputIndex);
                    event.put("delta", Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(audioBytes, from, to)));
                    double ms = options.outputFormat().millis(to - from);
                    item.audioMs += ms;
                    producedAudioMs += ms;
                    session.send(event);
                });
            }
            if (k < words.size()) {
                String word = words.get(k);
                steps.add(() -> {
                    String type = audio ? (beta ? "response.audio_transcript.delta" : "response.output_audio_transcript.delta")
                            : (beta ? "response.text.delta" : "response.output_text.delta");
                    ObjectNode event = contentEvent(type, item, outputIndex);
                    event.put("delta", word);
                    if (!beta) {
                        event.put("obfuscation", obfuscation(word));
                    }
                    if (audio) {
                        item.transcript += word;
                    } else {
                        item.text += word;
                    }
                    producedTextChars += word.length();
                    session.send(event);
                });
            }
        }
        if (audio) {
            steps.add(() -> session.send(contentEvent(beta ? "response.audio.done" : "response.output_audio.done", item, outputIndex)));
            steps.add(() -> {
                ObjectNode event = contentEvent(beta ? "response.audio_transcript.done" : "response.output_audio_transcript.done",
                        item, outputIndex);
                event.put("transcript", text);
                session.send(event);
            });
        } else {
            steps.add(() -> {
                ObjectNode event = contentEvent(beta ? "response.text.done" : "response.output_text.done", item, outputIndex);
                event.put("text", text);
                session.send(event);
            });
        }
        steps.add(() -> {
            ObjectNode event = contentEvent("response.content_part.done", item, outputIndex);
            ObjectNode part = event.putObject("part");
            part.put("type", audio ? "audio" : "text");
            part.put(audio ? "transcript" : "text", text);
            session.send(event);
        });
        steps.add(() -> {
            item.status = "completed";
            sendItemDone(outputIndex, item);
        });
    }

    private void planToolCall(int outputIndex, ToolCall call) {
        ConversationItem item = new ConversationItem(Json.id("item_"), "function_call");
        item.status = "in_progress";
        item.name = call.name();
        item.callId = Json.id("call_");
        item.arguments = "";
        steps.add(() -> addItem(item));
        String arguments = call.arguments();
        for (int from = 0; from < arguments.length(); from += ARGUMENT_DELTA_CHARS) {
            String delta = arguments.substring(from, Math.min(arguments.length(), from + ARGUMENT_DELTA_CHARS));
            steps.add(() -> {
                ObjectNode event = itemEvent("response.function_call_arguments.delta", item, outputIndex);
                event.put("call_id", item.callId);
                event.put("delta", delta);
                item.arguments += delta;
                producedTextChars += delta.length();
                session.send(event);
            });
        }
        steps.add(() -> {
            ObjectNode event = itemEvent("response.function_call_arguments.done", item, outputIndex);
            event.put("call_id", item.callId);
            if (!beta) {
                event.put("name", item.name);
            }
            event.put("arguments", arguments);
            session.send(event);
        });
        steps.add(() -> {
            item.status = "completed";
            sendItemDone(outputIndex, item);
        });
    }

    /** The output_index of the next output item planned. */
    int nextOutputIndex() {
        return plannedItems++;
    }

    /** Adds a step to the plan (one server event, usually). */
    void step(Runnable step) {
        steps.add(step);
    }

    /** Text the response produced outside a message (tool arguments): counted as output tokens. */
    void produced(int textChars) {
        producedTextChars += textChars;
    }

    void addItem(ConversationItem item) {
        outputItems.add(item);
        openItem = item;
        ObjectNode added = Json.event("response.output_item.added");
        added.put("response_id", id);
        added.put("output_index", outputItems.size() - 1);
        added.set("item", item.toJson(beta));
        session.send(added);
        if (!options.outOfBand()) {
            openItemPreviousId = session.conversation().append(item);
            ObjectNode created = Json.event(beta ? "conversation.item.created" : "conversation.item.added");
            created.put("previous_item_id", openItemPreviousId);
            created.set("item", item.toJson(beta));
            session.send(created);
        }
    }

    void sendItemDone(int outputIndex, ConversationItem item) {
        ObjectNode event = Json.event("response.output_item.done");
        event.put("response_id", id);
        event.put("output_index", outputIndex);
        event.set("item", item.toJson(beta));
        session.send(event);
        if (!beta && !options.outOfBand()) {
            ObjectNode done = Json.event("conversation.item.done");
            done.put("previous_item_id", openItemPreviousId);
            done.set("item", item.toJson(false));
            session.send(done);
        }
        openItem = null;
    }

    ObjectNode itemEvent(String type, ConversationItem item, int outputIndex) {
        ObjectNode event = Json.event(type);
        event.put("response_id", id);
        event.put("item_id", item.id);
        event.put("output_index", outputIndex);
        return event;
    }

    private ObjectNode contentEvent(String type, ConversationItem item, int outputIndex) {
        ObjectNode event = itemEvent(type, item, outputIndex);
        event.put("content_index", 0);
        return event;
    }

    private void finish(String status, JsonNode statusDetails) {
        finished = true;
        ObjectNode usage = usage(status.equals("failed"));
        ObjectNode event = Json.event("response.done");
        event.set("response", responseJson(status, statusDetails, usage));
        session.send(event);
        session.responseFinished(this, usage.get("total_tokens").asInt());
    }

    private ObjectNode responseJson(String status, JsonNode statusDetails, ObjectNode usage) {
        ObjectNode r = Json.object();
        r.put("object", "realtime.response");
        r.put("id", id);
        r.put("status", status);
        r.set("status_details", statusDetails);
        ArrayNode output = r.putArray("output");
        if (usage != null) {
            outputItems.forEach(item -> output.add(item.toJson(beta)));
        }
        r.put("conversation_id", options.outOfBand() ? null : session.conversationId());
        if (beta) {
            ArrayNode modalities = r.putArray("modalities");
            if (options.audioOutput()) {
                modalities.add("audio");
            }
            modalities.add("text");
            r.put("voice", options.voice());
            r.put("output_audio_format", options.outputFormat().betaName());
            r.put("temperature", 0.8);
        } else {
            r.putArray("output_modalities").add(options.audioOutput() ? "audio" : "text");
        }
        r.put("max_output_tokens", "inf");
        if (!beta) {
            ObjectNode out = r.putObject("audio").putObject("output");
            ObjectNode format = out.putObject("format");
            format.put("type", options.outputFormat().gaType());
            if (options.outputFormat() == SimulatorAudioFormat.PCM16) {
                format.put("rate", 24000);
            }
            out.put("voice", options.voice());
        }
        r.set("usage", usage == null ? NullNode.instance : usage);
        r.set("metadata", Json.isNull(options.metadata()) ? NullNode.instance : options.metadata().deepCopy());
        return r;
    }

    /** Token counts: text tokens = ceil(chars / 4), audio tokens = ceil(ms / 100). */
    private ObjectNode usage(boolean failed) {
        int inputText = failed ? 0 : ceilDiv(answer.inputTextChars(), 4);
        int inputAudio = failed ? 0 : (int) Math.ceil(answer.inputAudioMs() / 100);
        int outputText = ceilDiv(producedTextChars, 4);
        int outputAudio = (int) Math.ceil(producedAudioMs / 100);
        ObjectNode usage = Json.object();
        usage.put("total_tokens", inputText + inputAudio + outputText + outputAudio);
        usage.put("input_tokens", inputText + inputAudio);
        usage.put("output_tokens", outputText + outputAudio);
        ObjectNode in = usage.putObject("input_token_details");
        in.put("text_tokens", inputText);
        in.put("audio_tokens", inputAudio);
        if (!beta) {
            in.put("image_tokens", 0);
        }
        // the context the previous in-conversation response saw is cached for this one (a text-only model of caching)
        int cachedText = failed ? 0 : session.cachedTokens(options.outOfBand(), inputText);
        session.contextSeen(options.outOfBand(), inputText + outputText);
        in.put("cached_tokens", cachedText);
        ObjectNode cached = in.putObject("cached_tokens_details");
        cached.put("text_tokens", cachedText);
        cached.put("audio_tokens", 0);
        if (!beta) {
            cached.put("image_tokens", 0);
        }
        ObjectNode out = usage.putObject("output_token_details");
        out.put("text_tokens", outputText);
        out.put("audio_tokens", outputAudio);
        return usage;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Splits text into word deltas, each word carrying the whitespace before it. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1)))) {
                if (i > start) {
                    words.add(text.substring(start, i));
                }
                start = i;
            }
        }
        return words;
    }

    private static String obfuscation(String delta) {
        int length = Math.max(1, 16 - delta.length() % 16);
        return Json.id("").substring(0, Math.min(length, 21));
    }
}
