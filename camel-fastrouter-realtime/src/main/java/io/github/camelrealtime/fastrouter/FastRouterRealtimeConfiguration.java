package io.github.camelrealtime.fastrouter;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/** The options of a {@code fastrouter-realtime} endpoint (and the component-level defaults). */
@UriParams
public class FastRouterRealtimeConfiguration implements Cloneable {

    // ---------------------------------------------------------------- connection

    @UriParam(label = "common", defaultValue = "wss://api.fastrouter.ai/v1/realtime",
              description = "The Realtime server URL. ws:// is accepted only for loopback hosts unless allowInsecure=true. "
                            + "Point it at OpenAI (wss://api.openai.com/v1/realtime), Azure OpenAI or any compatible server.")
    private String baseUrl = "wss://api.fastrouter.ai/v1/realtime";
    @UriParam(label = "security", secret = true,
              description = "The API key, sent as Authorization: Bearer. Defaults to the environment variable FASTROUTER_API_KEY.")
    @Metadata(secret = true)
    private String apiKey;
    @UriParam(label = "common", description = "The model (the ?model= query), e.g. openai/gpt-realtime. None means the server's default.")
    private String model;
    @UriParam(label = "common", defaultValue = "auto", enums = "beta,ga,auto",
              description = "The wire shape: beta (OpenAI-Beta: realtime=v1 header), ga, or auto (connect as FastRouter documents, "
                            + "beta, and switch to GA when the server answers beta_api_shape_disabled; remembered per endpoint).")
    private String dialect = "auto";
    @UriParam(label = "common", defaultValue = "conversation", enums = "conversation,transcription",
              description = "conversation for a voice agent session; transcription opens a transcription-only session (?intent=transcription).")
    private String intent = "conversation";
    @UriParam(label = "common", description = "Controls a SIP call accepted through the provider's SIP trunk: connects with ?call_id= and no model.")
    private String callId;
    @UriParam(label = "common", prefix = "header.", multiValue = true,
              description = "Extra handshake headers, e.g. header.api-key=... for Azure, header.OpenAI-Project=..., header.traceparent=...")
    private Map<String, Object> headers = new LinkedHashMap<>();
    @UriParam(label = "common", defaultValue = "10000", javaType = "java.time.Duration",
              description = "How long the WebSocket handshake may take.")
    private long connectTimeout = 10_000;
    @UriParam(label = "security", description = "TLS settings (trust store, key store) for wss://.")
    private SSLContextParameters sslContextParameters;
    @UriParam(label = "security", defaultValue = "false",
              description = "Allow ws:// (unencrypted) to non-loopback hosts. Never use with a real API key on a network.")
    private boolean allowInsecure;

    // ---------------------------------------------------------------- session

    @UriParam(label = "session", description = "System instructions for the model.")
    private String instructions;
    @UriParam(label = "session", description = "The output voice, e.g. alloy, ash, ballad, coral, echo, sage, shimmer, verse, marin, "
                                               + "cedar; or a custom voice as a JSON object, {\"id\":\"voice_1234\"} (GA only).")
    private String voice;
    @UriParam(label = "session", enums = "audio,text",
              description = "Comma list of output modalities: audio or text (GA accepts one; beta accepts text or audio,text).")
    private String outputModalities;
    @UriParam(label = "session", enums = "pcm16,g711_ulaw,g711_alaw", defaultValue = "pcm16",
              description = "The format of audio sent to the server: pcm16 (24 kHz 16-bit mono), g711_ulaw or g711_alaw (8 kHz). "
                            + "WAV input of any rate is converted to it.")
    private String inputAudioFormat;
    @UriParam(label = "session", enums = "pcm16,g711_ulaw,g711_alaw", defaultValue = "pcm16",
              description = "The format of audio the server sends back.")
    private String outputAudioFormat;
    @UriParam(label = "session", enums = "server_vad,semantic_vad,none",
              description = "Turn detection: server_vad or semantic_vad (the server commits turns and answers by itself) or none "
                            + "(the component commits and asks for each response).")
    private String turnDetection;
    @UriParam(label = "session", description = "Server VAD activation threshold, 0.0 to 1.0.")
    private Double vadThreshold;
    @UriParam(label = "session", description = "Server VAD: audio kept before detected speech, in ms.")
    private Integer vadPrefixPaddingMs;
    @UriParam(label = "session", description = "Server VAD: silence that ends a turn, in ms.")
    private Integer vadSilenceDurationMs;
    @UriParam(label = "session", enums = "low,medium,high,auto", description = "Semantic VAD eagerness.")
    private String vadEagerness;
    @UriParam(label = "session", description = "With VAD: whether the server creates a response at the end of each turn (server default true).")
    private Boolean createResponse;
    @UriParam(label = "session", description = "With VAD: whether the server cancels a playing response when the user starts speaking (server default true).")
    private Boolean interruptResponse;
    @UriParam(label = "session", description = "Input transcription model, e.g. whisper-1 or gpt-4o-transcribe. Enables input transcripts.")
    private String transcriptionModel;
    @UriParam(label = "session", description = "Input transcription language (ISO-639-1, e.g. en).")
    private String transcriptionLanguage;
    @UriParam(label = "session", enums = "near_field,far_field", description = "Input noise reduction.")
    private String noiseReduction;
    @UriParam(label = "session", description = "Sampling temperature (beta only: 0.6 to 1.2).")
    private Double temperature;
    @UriParam(label = "session", description = "Maximum output tokens of a response (1 to 4096), or inf for the model's maximum.")
    private String maxOutputTokens;
    @UriParam(label = "session", description = "Speech speed (0.25 to 1.5).")
    private Double speed;
    @UriParam(label = "session,tools",
              description = "Tools: a JSON array, or a classpath:/file: resource holding one, of function tools and (GA only) MCP "
                            + "tools ({\"type\":\"mcp\",\"server_label\":...,\"server_url\":...}).")
    private String tools;
    @UriParam(label = "session,tools", description = "auto, none, required, or the name of a function to force.")
    private String toolChoice;
    @UriParam(label = "session,advanced",
              description = "Raw JSON object merged last into the session object of session.update (for settings without an option).")
    private String sessionConfig;
    @UriParam(label = "session",
              description = "Server VAD idle timeout in ms (GA turn_detection.idle_timeout_ms): after this much silence following the "
                            + "assistant's last reply the server emits input_audio_buffer.timeout_triggered and responds as if the "
                            + "user had spoken. server_vad only; GA only.")
    private Integer vadIdleTimeoutMs;
    @UriParam(label = "session", enums = "minimal,low,medium,high,xhigh",
              description = "Reasoning effort of reasoning realtime models such as gpt-realtime-2 (GA reasoning.effort). GA only.")
    private String reasoningEffort;
    @UriParam(label = "session,tools",
              description = "Whether the model may call several tools in parallel (GA parallel_tool_calls; reasoning models). GA only.")
    private Boolean parallelToolCalls;
    @UriParam(label = "session",
              description = "Context truncation (GA truncation): auto, disabled, or a JSON object such as "
                            + "{\"type\":\"retention_ratio\",\"retention_ratio\":0.8}. GA only.")
    private String truncation;
    @UriParam(label = "session",
              description = "A reusable prompt (GA prompt): its id (pmpt_...) or a JSON object with id, version and variables. GA only.")
    private String prompt;
    @UriParam(label = "session",
              description = "Tracing to the provider's traces dashboard: auto, or a JSON object with workflow_name, group_id, metadata.")
    private String tracing;
    @UriParam(label = "session",
              description = "Comma list of additional fields the server includes in its output, e.g. "
                            + "item.input_audio_transcription.logprobs (GA; beta only in transcription sessions).")
    private String include;
    @UriParam(label = "session",
              description = "A prompt (vocabulary, context) for the input transcription model; needs transcriptionModel.")
    private String transcriptionPrompt;

    // ---------------------------------------------------------------- producer

    @UriParam(label = "producer", defaultValue = "100", description = "Audio is sent as input_audio_buffer.append events of this many milliseconds.")
    private int chunkMillis = 100;
    @UriParam(label = "producer", defaultValue = "false",
              description = "Send audio chunks at real-time speed (as if live), e.g. to feed server VAD from a file.")
    private boolean paceRealtime;
    @UriParam(label = "producer", defaultValue = "60000", javaType = "java.time.Duration",
              description = "How long an InOut exchange waits for its reply (its response.done, or its transcript), counted from "
                            + "when it was sent to the producer, its wait for its turn included.")
    private long responseTimeout = 60_000;
    @UriParam(label = "common", defaultValue = "auto", enums = "auto,text,audio,wav,response",
              description = "Body of InOut replies and of delivery=responses exchanges: text, audio (raw, session output format), wav, "
                            + "response (the aggregate object); auto = text for text sessions, wav for audio sessions.")
    private String replyFormat = "auto";
    @UriParam(label = "common", enums = "pcm16,g711_ulaw,g711_alaw",
              description = "Convert audio bodies handed to routes (consumer audio deltas, audio/wav replies) to this format, e.g. "
                            + "g711_ulaw for a phone bridge while the session speaks pcm16. Default: the session's output format.")
    private String deliveryAudioFormat;

    // ---------------------------------------------------------------- consumer

    @UriParam(label = "consumer", description = "Comma list of event types to deliver (GA or beta names). Default: all.")
    private String eventTypes;
    @UriParam(label = "consumer", defaultValue = "events", enums = "events,responses",
              description = "events: one exchange per server event; responses: one exchange per completed response (or completed "
                            + "transcript in transcription sessions).")
    private String delivery = "events";
    @UriParam(label = "consumer", defaultValue = "true",
              description = "Whether the consumer opens the name's default (unkeyed) session when it starts. Set false when only "
                            + "keyed sessions are used (one per call, header CamelFastRouterRealtimeSessionKey): the consumer then "
                            + "receives the events of the keyed sessions producers open, and holds no idle socket of its own.")
    private boolean openDefaultSession = true;

    // ---------------------------------------------------------------- tools

    @UriParam(label = "tools", prefix = "toolRoute.", multiValue = true,
              description = "The endpoint that answers function {name}: toolRoute.get_weather=direct:weather. Its reply body becomes "
                            + "the function_call_output and the conversation continues.")
    private Map<String, Object> toolRoutes = new LinkedHashMap<>();
    @UriParam(label = "tools",
              description = "The endpoint that answers MCP approval requests (GA; MCP tools declared in tools with require_approval "
                            + "other than never). Each mcp_approval_request item is sent to it as an InOut exchange: body a Map "
                            + "(type, id, server_label, name, arguments), headers CamelFastRouterRealtimeMcpApprovalRequestId, "
                            + "CamelFastRouterRealtimeMcpServerLabel, CamelFastRouterRealtimeToolName, session key. The reply "
                            + "approves or denies: header CamelFastRouterRealtimeMcpApproved, or a body true/false, approve/deny "
                            + "(optionally followed by ': reason'), or a Map/JSON {approve, reason}; header "
                            + "CamelFastRouterRealtimeMcpApprovalReason sets the reason. A failing route or an unreadable reply "
                            + "denies, with the failure as the reason. The component then sends the mcp_approval_response, waits "
                            + "for the approved calls to end, and asks for the answer (an InOut exchange gets that final answer). "
                            + "Without it the consumer receives the request and a producer message answers it.")
    private String mcpApprovalRoute;

    // ---------------------------------------------------------------- voice agents

    @UriParam(label = "agent", defaultValue = "text", enums = "text,none",
              description = "What a new socket of the same conversation (reconnect, recycle, another instance taking the call "
                            + "over) gets replayed: text replays the history (user text and transcripts, assistant text and "
                            + "transcripts, function calls and outputs; never audio) as conversation items; none starts empty.")
    private String historyReplay = "text";
    @UriParam(label = "agent",
              description = "Where the conversation's replayable history lives, keyed by session key, so another instance can "
                            + "take a call over (a Camel StateRepository<String, String> bean, e.g. #callHistory). Default: "
                            + "in memory, in the live session (it survives reconnects and recycles, not a new session).")
    private org.apache.camel.spi.StateRepository<String, String> historyRepository;
    @UriParam(label = "agent", defaultValue = "50",
              description = "The history keeps at most this many items (messages, function calls, outputs); the oldest go "
                            + "first. Every replayed item costs input tokens on the new socket's responses.")
    private int historyMaxItems = 50;
    @UriParam(label = "agent",
              description = "The endpoint that checks the assistant's output as it grows (body: the transcript or text so far; "
                            + "headers: session key, response id). A reply with header CamelFastRouterRealtimeGuardrailTripped=true "
                            + "(or a failure) stops the response: cancel, truncate at what was played, a guardrail.tripped event.")
    private String guardrailRoute;
    @UriParam(label = "agent", defaultValue = "100",
              description = "The guardrail route is called each time the output grew by this many characters, and once when the "
                            + "response is over; 0 calls it only at the end.")
    private int guardrailDebounceChars = 100;
    @UriParam(label = "agent",
              description = "The endpoint that receives the call recording when a session closes (close, idle timeout, the "
                            + "component stopping, or given up after failures): one stereo 16-bit PCM WAV at the output format's "
                            + "rate, left the user's audio as sent, right the assistant's as played (cut at barge-ins); headers: "
                            + "session key, CamelFastRouterRealtimeRecordingDuration, CamelFileName. E.g. file:recordings.")
    private String recordTo;

    // ---------------------------------------------------------------- lifecycle

    @UriParam(label = "lifecycle", defaultValue = "true",
              description = "Reconnect after transport failures and retryable closes (1001, 1005, 1006, 408, 429, 5xx), with backoff.")
    private boolean reconnect = true;
    @UriParam(label = "lifecycle", defaultValue = "500", javaType = "java.time.Duration", description = "First reconnect delay.")
    private long reconnectInitialDelay = 500;
    @UriParam(label = "lifecycle", defaultValue = "30000", javaType = "java.time.Duration", description = "Longest reconnect delay.")
    private long reconnectMaxDelay = 30_000;
    @UriParam(label = "lifecycle", defaultValue = "0", description = "Reconnect attempts before giving up; 0 means unlimited.")
    private int reconnectMaxAttempts;
    @UriParam(label = "lifecycle", defaultValue = "1500000", javaType = "java.time.Duration",
              description = "Recycle the socket after this long, at a quiet moment (no exchange waiting, no response running), "
                            + "before the server's own cap (30 min beta, 60 min GA) cuts a reply off; the settings are sent again "
                            + "on the new socket, which is a new, empty conversation. 0 turns it off.")
    private long maxSessionDuration = 1_500_000;
    @UriParam(label = "lifecycle", defaultValue = "300000", javaType = "java.time.Duration",
              description = "Close a keyed session (one per call, per Kafka key...) when nothing was sent or received on it for this "
                            + "long and no exchange waits on it. 0 keeps keyed sessions until closed with the close action.")
    private long sessionIdleTimeout = 300_000;
    @UriParam(label = "lifecycle", defaultValue = "30000", javaType = "java.time.Duration",
              description = "When nothing arrives from the server for this long, ping it; when nothing arrives within as long again, "
                            + "the socket is treated as lost (1006) and reconnected. Catches half-open connections. 0 turns it off.")
    private long heartbeatInterval = 30_000;
    @UriParam(label = "lifecycle", defaultValue = "16777216",
              description = "Largest inbound message accepted, in characters (16 MiB). A larger one closes the socket with 1009 and an error.")
    private int maxMessageSize = 16 * 1024 * 1024;
    @UriParam(label = "lifecycle", defaultValue = "1024",
              description = "Events waiting to be written per session; beyond it sends fail clearly instead of growing memory.")
    private int sendQueueCapacity = 1024;

    public FastRouterRealtimeConfiguration copy() {
        try {
            FastRouterRealtimeConfiguration copy = (FastRouterRealtimeConfiguration) clone();
            copy.headers = new LinkedHashMap<>(headers);
            copy.toolRoutes = new LinkedHashMap<>(toolRoutes);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getDialect() {
        return dialect;
    }

    public void setDialect(String dialect) {
        this.dialect = dialect;
    }

    public String getIntent() {
        return intent;
    }

    public void setIntent(String intent) {
        this.intent = intent;
    }

    public String getCallId() {
        return callId;
    }

    public void setCallId(String callId) {
        this.callId = callId;
    }

    public Map<String, Object> getHeaders() {
        return headers;
    }

    public void setHeaders(Map<String, Object> headers) {
        this.headers = headers;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public boolean isAllowInsecure() {
        return allowInsecure;
    }

    public void setAllowInsecure(boolean allowInsecure) {
        this.allowInsecure = allowInsecure;
    }

    public String getInstructions() {
        return instructions;
    }

    public void setInstructions(String instructions) {
        this.instructions = instructions;
    }

    public String getVoice() {
        return voice;
    }

    public void setVoice(String voice) {
        this.voice = voice;
    }

    public String getOutputModalities() {
        return outputModalities;
    }

    public void setOutputModalities(String outputModalities) {
        this.outputModalities = outputModalities;
    }

    public String getInputAudioFormat() {
        return inputAudioFormat;
    }

    public void setInputAudioFormat(String inputAudioFormat) {
        this.inputAudioFormat = inputAudioFormat;
    }

    public String getOutputAudioFormat() {
        return outputAudioFormat;
    }

    public void setOutputAudioFormat(String outputAudioFormat) {
        this.outputAudioFormat = outputAudioFormat;
    }

    public String getTurnDetection() {
        return turnDetection;
    }

    public void setTurnDetection(String turnDetection) {
        this.turnDetection = turnDetection;
    }

    public Double getVadThreshold() {
        return vadThreshold;
    }

    public void setVadThreshold(Double vadThreshold) {
        this.vadThreshold = vadThreshold;
    }

    public Integer getVadPrefixPaddingMs() {
        return vadPrefixPaddingMs;
    }

    public void setVadPrefixPaddingMs(Integer vadPrefixPaddingMs) {
        this.vadPrefixPaddingMs = vadPrefixPaddingMs;
    }

    public Integer getVadSilenceDurationMs() {
        return vadSilenceDurationMs;
    }

    public void setVadSilenceDurationMs(Integer vadSilenceDurationMs) {
        this.vadSilenceDurationMs = vadSilenceDurationMs;
    }

    public String getVadEagerness() {
        return vadEagerness;
    }

    public void setVadEagerness(String vadEagerness) {
        this.vadEagerness = vadEagerness;
    }

    public Boolean getCreateResponse() {
        return createResponse;
    }

    public void setCreateResponse(Boolean createResponse) {
        this.createResponse = createResponse;
    }

    public Boolean getInterruptResponse() {
        return interruptResponse;
    }

    public void setInterruptResponse(Boolean interruptResponse) {
        this.interruptResponse = interruptResponse;
    }

    public String getTranscriptionModel() {
        return transcriptionModel;
    }

    public void setTranscriptionModel(String transcriptionModel) {
        this.transcriptionModel = transcriptionModel;
    }

    public String getTranscriptionLanguage() {
        return transcriptionLanguage;
    }

    public void setTranscriptionLanguage(String transcriptionLanguage) {
        this.transcriptionLanguage = transcriptionLanguage;
    }

    public String getNoiseReduction() {
        return noiseReduction;
    }

    public void setNoiseReduction(String noiseReduction) {
        this.noiseReduction = noiseReduction;
    }

    public Double getTemperature() {
        return temperature;
    }

    public void setTemperature(Double temperature) {
        this.temperature = temperature;
    }

    public String getMaxOutputTokens() {
        return maxOutputTokens;
    }

    public void setMaxOutputTokens(String maxOutputTokens) {
        this.maxOutputTokens = maxOutputTokens;
    }

    public Integer getVadIdleTimeoutMs() {
        return vadIdleTimeoutMs;
    }

    public void setVadIdleTimeoutMs(Integer vadIdleTimeoutMs) {
        this.vadIdleTimeoutMs = vadIdleTimeoutMs;
    }

    public String getReasoningEffort() {
        return reasoningEffort;
    }

    public void setReasoningEffort(String reasoningEffort) {
        this.reasoningEffort = reasoningEffort;
    }

    public Boolean getParallelToolCalls() {
        return parallelToolCalls;
    }

    public void setParallelToolCalls(Boolean parallelToolCalls) {
        this.parallelToolCalls = parallelToolCalls;
    }

    public String getTruncation() {
        return truncation;
    }

    public void setTruncation(String truncation) {
        this.truncation = truncation;
    }

    public String getPrompt() {
        return prompt;
    }

    public void setPrompt(String prompt) {
        this.prompt = prompt;
    }

    public String getTracing() {
        return tracing;
    }

    public void setTracing(String tracing) {
        this.tracing = tracing;
    }

    public String getInclude() {
        return include;
    }

    public void setInclude(String include) {
        this.include = include;
    }

    public String getTranscriptionPrompt() {
        return transcriptionPrompt;
    }

    public void setTranscriptionPrompt(String transcriptionPrompt) {
        this.transcriptionPrompt = transcriptionPrompt;
    }

    public Double getSpeed() {
        return speed;
    }

    public void setSpeed(Double speed) {
        this.speed = speed;
    }

    public String getTools() {
        return tools;
    }

    public void setTools(String tools) {
        this.tools = tools;
    }

    public String getToolChoice() {
        return toolChoice;
    }

    public void setToolChoice(String toolChoice) {
        this.toolChoice = toolChoice;
    }

    public String getSessionConfig() {
        return sessionConfig;
    }

    public void setSessionConfig(String sessionConfig) {
        this.sessionConfig = sessionConfig;
    }

    public int getChunkMillis() {
        return chunkMillis;
    }

    public void setChunkMillis(int chunkMillis) {
        this.chunkMillis = chunkMillis;
    }

    public boolean isPaceRealtime() {
        return paceRealtime;
    }

    public void setPaceRealtime(boolean paceRealtime) {
        this.paceRealtime = paceRealtime;
    }

    public long getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(long responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public String getReplyFormat() {
        return replyFormat;
    }

    public void setReplyFormat(String replyFormat) {
        this.replyFormat = replyFormat;
    }

    public String getDeliveryAudioFormat() {
        return deliveryAudioFormat;
    }

    public void setDeliveryAudioFormat(String deliveryAudioFormat) {
        this.deliveryAudioFormat = deliveryAudioFormat;
    }

    public String getEventTypes() {
        return eventTypes;
    }

    public void setEventTypes(String eventTypes) {
        this.eventTypes = eventTypes;
    }

    public String getDelivery() {
        return delivery;
    }

    public void setDelivery(String delivery) {
        this.delivery = delivery;
    }

    public boolean isOpenDefaultSession() {
        return openDefaultSession;
    }

    public void setOpenDefaultSession(boolean openDefaultSession) {
        this.openDefaultSession = openDefaultSession;
    }

    public Map<String, Object> getToolRoutes() {
        return toolRoutes;
    }

    public void setToolRoutes(Map<String, Object> toolRoutes) {
        this.toolRoutes = toolRoutes;
    }

    public String getMcpApprovalRoute() {
        return mcpApprovalRoute;
    }

    public void setMcpApprovalRoute(String mcpApprovalRoute) {
        this.mcpApprovalRoute = mcpApprovalRoute;
    }

    public boolean isReconnect() {
        return reconnect;
    }

    public void setReconnect(boolean reconnect) {
        this.reconnect = reconnect;
    }

    public long getReconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public void setReconnectInitialDelay(long reconnectInitialDelay) {
        this.reconnectInitialDelay = reconnectInitialDelay;
    }

    public long getReconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public void setReconnectMaxDelay(long reconnectMaxDelay) {
        this.reconnectMaxDelay = reconnectMaxDelay;
    }

    public int getReconnectMaxAttempts() {
        return reconnectMaxAttempts;
    }

    public void setReconnectMaxAttempts(int reconnectMaxAttempts) {
        this.reconnectMaxAttempts = reconnectMaxAttempts;
    }

    public long getMaxSessionDuration() {
        return maxSessionDuration;
    }

    public void setMaxSessionDuration(long maxSessionDuration) {
        this.maxSessionDuration = maxSessionDuration;
    }

    public long getSessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    public void setSessionIdleTimeout(long sessionIdleTimeout) {
        this.sessionIdleTimeout = sessionIdleTimeout;
    }

    public long getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(long heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public int getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public int getSendQueueCapacity() {
        return sendQueueCapacity;
    }

    public void setSendQueueCapacity(int sendQueueCapacity) {
        this.sendQueueCapacity = sendQueueCapacity;
    }

    public String getHistoryReplay() {
        return historyReplay;
    }

    public void setHistoryReplay(String historyReplay) {
        this.historyReplay = historyReplay;
    }

    public org.apache.camel.spi.StateRepository<String, String> getHistoryRepository() {
        return historyRepository;
    }

    public void setHistoryRepository(org.apache.camel.spi.StateRepository<String, String> historyRepository) {
        this.historyRepository = historyRepository;
    }

    public int getHistoryMaxItems() {
        return historyMaxItems;
    }

    public void setHistoryMaxItems(int historyMaxItems) {
        this.historyMaxItems = historyMaxItems;
    }

    public String getGuardrailRoute() {
        return guardrailRoute;
    }

    public void setGuardrailRoute(String guardrailRoute) {
        this.guardrailRoute = guardrailRoute;
    }

    public String getRecordTo() {
        return recordTo;
    }

    public void setRecordTo(String recordTo) {
        this.recordTo = recordTo;
    }

    public int getGuardrailDebounceChars() {
        return guardrailDebounceChars;
    }

    public void setGuardrailDebounceChars(int guardrailDebounceChars) {
        this.guardrailDebounceChars = guardrailDebounceChars;
    }
}
