package io.github.camelrealtime.fastrouter.session;

/** A completed function call of a response: what the model asked for and the id its output must carry. */
public record ToolCall(String name, String callId, String arguments, String itemId, String responseId, int outputIndex) {
}
