package io.github.camelrealtime.fastrouter;

import org.apache.camel.spi.Metadata;

/** The message headers of the {@code fastrouter-realtime} component. */
public final class FastRouterRealtimeConstants {

    @Metadata(description = "The canonical (GA) event type of a consumed event. On the producer, forces the client event "
                            + "the message becomes (GA or beta name).", javaType = "String")
    public static final String EVENT_TYPE = "CamelFastRouterRealtimeEventType";
    @Metadata(label = "consumer", description = "The event type as it came over the wire (beta names in the beta dialect).",
              javaType = "String")
    public static final String WIRE_EVENT_TYPE = "CamelFastRouterRealtimeWireEventType";
    @Metadata(label = "consumer", description = "The event's event_id.", javaType = "String")
    public static final String EVENT_ID = "CamelFastRouterRealtimeEventId";
    @Metadata(description = "The keyed session. On the producer: which of the name's keyed sessions to use (created on "
                            + "first use). On the consumer: the keyed session the event came from.", javaType = "String")
    public static final String SESSION_KEY = "CamelFastRouterRealtimeSessionKey";
    @Metadata(description = "The server's session id (sess_...).", javaType = "String")
    public static final String SESSION_ID = "CamelFastRouterRealtimeSessionId";
    @Metadata(description = "The dialect of the session: beta or ga.", javaType = "String")
    public static final String DIALECT = "CamelFastRouterRealtimeDialect";
    @Metadata(description = "The response id of the event or reply.", javaType = "String")
    public static final String RESPONSE_ID = "CamelFastRouterRealtimeResponseId";
    @Metadata(label = "consumer", description = "The item id of the event.", javaType = "String")
    public static final String ITEM_ID = "CamelFastRouterRealtimeItemId";
    @Metadata(label = "consumer", description = "The output_index of the event.", javaType = "Integer")
    public static final String OUTPUT_INDEX = "CamelFastRouterRealtimeOutputIndex";
    @Metadata(label = "consumer", description = "The content_index of the event.", javaType = "Integer")
    public static final String CONTENT_INDEX = "CamelFastRouterRealtimeContentIndex";
    @Metadata(description = "The function call id. On the producer: the body is the output of that call "
                            + "(a function_call_output, then response.create).", javaType = "String")
    public static final String CALL_ID = "CamelFastRouterRealtimeCallId";
    @Metadata(description = "The function (tool) name of a function call.", javaType = "String")
    public static final String TOOL_NAME = "CamelFastRouterRealtimeToolName";
    @Metadata(description = "The status of a response: completed, cancelled, failed or incomplete (on response.done and "
                            + "replies).", javaType = "String")
    public static final String RESPONSE_STATUS = "CamelFastRouterRealtimeResponseStatus";
    @Metadata(description = "The aggregated text of a response (replies, delivery=responses).", javaType = "String")
    public static final String TEXT = "CamelFastRouterRealtimeText";
    @Metadata(description = "The aggregated audio transcript of a response, or a completed input transcript.",
              javaType = "String")
    public static final String TRANSCRIPT = "CamelFastRouterRealtimeTranscript";
    @Metadata(description = "Input tokens used by the response.", javaType = "Long")
    public static final String INPUT_TOKENS = "CamelFastRouterRealtimeInputTokens";
    @Metadata(description = "Output tokens used by the response.", javaType = "Long")
    public static final String OUTPUT_TOKENS = "CamelFastRouterRealtimeOutputTokens";
    @Metadata(description = "Total tokens used by the response.", javaType = "Long")
    public static final String TOTAL_TOKENS = "CamelFastRouterRealtimeTotalTokens";
    @Metadata(description = "The format of audio bodies: pcm16, g711_ulaw or g711_alaw (wav for WAV bodies).",
              javaType = "String")
    public static final String AUDIO_FORMAT = "CamelFastRouterRealtimeAudioFormat";
    @Metadata(label = "producer", description = "A verb that is not a single wire event: interrupt (barge-in), close (close "
                                                + "the session or keyed session), commit (commit the audio buffer and "
                                                + "create a response), update (apply new session settings at the next turn "
                                                + "boundary: a handoff).", javaType = "String")
    public static final String ACTION = "CamelFastRouterRealtimeAction";
    @Metadata(label = "producer", description = "With action interrupt: how many milliseconds of the current reply were "
                                                + "played (else the wall clock since its first audio).", javaType = "Long")
    public static final String AUDIO_PLAYED_MS = "CamelFastRouterRealtimeAudioPlayedMs";
    @Metadata(label = "producer", description = "true runs the response outside the conversation "
                                                + "(conversation: none); several may run in parallel.", javaType = "Boolean")
    public static final String OUT_OF_BAND = "CamelFastRouterRealtimeOutOfBand";
    @Metadata(description = "Set to true by a guardrail route's reply to stop the response it checked; also set on the "
                            + "guardrail.tripped event the consumer receives.", javaType = "Boolean")
    public static final String GUARDRAIL_TRIPPED = "CamelFastRouterRealtimeGuardrailTripped";

    @Metadata(label = "producer", description = "A JSON String, JsonNode or Map of response.create response fields (instructions, "
                                                + "tool_choice, output_modalities, audio, max_output_tokens, metadata, input, prompt, "
                                                + "tools, reasoning...) merged into this exchange's response.create; the component's own "
                                                + "correlation metadata (camel_request) is kept. With it an InOnly text also asks for a "
                                                + "response.", javaType = "Object")
    public static final String RESPONSE_OPTIONS = "CamelFastRouterRealtimeResponseOptions";
    @Metadata(description = "Cached input tokens of the response (usage.input_token_details.cached_tokens).", javaType = "Long")
    public static final String CACHED_TOKENS = "CamelFastRouterRealtimeCachedTokens";
    @Metadata(description = "Input audio tokens of the response (usage.input_token_details.audio_tokens).", javaType = "Long")
    public static final String INPUT_AUDIO_TOKENS = "CamelFastRouterRealtimeInputAudioTokens";
    @Metadata(description = "Output audio tokens of the response (usage.output_token_details.audio_tokens).", javaType = "Long")
    public static final String OUTPUT_AUDIO_TOKENS = "CamelFastRouterRealtimeOutputAudioTokens";
    @Metadata(label = "producer", description = "With an image body (PNG, JPEG, WebP or GIF bytes, or a File/Path of one): text sent "
                                                + "with the image in the same user message.", javaType = "String")
    public static final String IMAGE_TEXT = "CamelFastRouterRealtimeImageText";
    @Metadata(label = "producer", description = "With an image body: how closely the model looks at it, auto (the default: "
                                                + "high), low (fewer tokens) or high (the input_image part's detail).",
              javaType = "String", enums = "auto,low,high")
    public static final String IMAGE_DETAIL = "CamelFastRouterRealtimeImageDetail";
    @Metadata(description = "On the call recording sent to recordTo: the call's length in milliseconds (the WAV's length).",
              javaType = "Long")
    public static final String RECORDING_DURATION = "CamelFastRouterRealtimeRecordingDuration";
    @Metadata(description = "On the exchange sent to mcpApprovalRoute: the id of the mcp_approval_request item (the "
                            + "approval_request_id its answer names).", javaType = "String")
    public static final String MCP_APPROVAL_REQUEST_ID = "CamelFastRouterRealtimeMcpApprovalRequestId";
    @Metadata(description = "On the exchange sent to mcpApprovalRoute: the server_label of the MCP server whose tool the model "
                            + "wants to run (the tool is in CamelFastRouterRealtimeToolName).", javaType = "String")
    public static final String MCP_SERVER_LABEL = "CamelFastRouterRealtimeMcpServerLabel";
    @Metadata(description = "Set by the reply of mcpApprovalRoute: true approves the MCP tool call, false denies it (wins over "
                            + "the reply body).", javaType = "Boolean")
    public static final String MCP_APPROVED = "CamelFastRouterRealtimeMcpApproved";
    @Metadata(description = "Set by the reply of mcpApprovalRoute: the reason sent with the approval or denial (the model may "
                            + "tell the user); wins over a reason in the reply body.", javaType = "String")
    public static final String MCP_APPROVAL_REASON = "CamelFastRouterRealtimeMcpApprovalReason";

    private FastRouterRealtimeConstants() {
    }
}
