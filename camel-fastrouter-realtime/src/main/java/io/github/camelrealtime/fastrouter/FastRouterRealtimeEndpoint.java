package io.github.camelrealtime.fastrouter;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.SessionSettings;
import io.github.camelrealtime.fastrouter.protocol.SessionUpdateEncoder;
import io.github.camelrealtime.fastrouter.session.AgentFeatures;
import io.github.camelrealtime.fastrouter.session.DialectChoice;
import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.SessionKey;
import io.github.camelrealtime.fastrouter.session.SessionOptions;
import io.github.camelrealtime.fastrouter.session.McpApprover;
import io.github.camelrealtime.fastrouter.session.ToolInvoker;
import io.github.camelrealtime.fastrouter.transport.RealtimeUris;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.ResourceHelper;

/**
 * A named realtime session: producers turn messages into client events, consumers receive server events.
 * A producer and a consumer of the same name share one session (one socket).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "fastrouter-realtime", title = "FastRouter Realtime",
             syntax = "fastrouter-realtime:sessionName", category = { Category.AI },
             headersClass = FastRouterRealtimeConstants.class)
public class FastRouterRealtimeEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    static final String API_KEY_ENV = "FASTROUTER_API_KEY";

    @UriPath(description = "The session name within the CamelContext: a producer and a consumer with the same name share one "
                           + "live session; keyed sessions (header CamelFastRouterRealtimeSessionKey) live under it.")
    @Metadata(required = true)
    private String sessionName;
    @UriParam
    private FastRouterRealtimeConfiguration configuration;

    private SessionOptions sessionOptions;
    private ReplyFormat replyFormat;
    private AudioFormat deliveryAudioFormat;
    private ToolInvoker toolInvoker;
    /** Null when the application answers MCP approval requests (no mcpApprovalRoute). */
    private McpApprover mcpApprover;
    private AgentFeatures agentFeatures = AgentFeatures.NONE;

    public FastRouterRealtimeEndpoint(String uri, FastRouterRealtimeComponent component, String sessionName,
                                      FastRouterRealtimeConfiguration configuration) {
        super(uri, component);
        this.sessionName = sessionName;
        this.configuration = configuration;
    }

    @Override
    public FastRouterRealtimeComponent getComponent() {
        return (FastRouterRealtimeComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return new FastRouterRealtimeProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        FastRouterRealtimeConsumer consumer = new FastRouterRealtimeConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public boolean isLenientProperties() {
        return false;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        FastRouterRealtimeConfiguration c = configuration;
        URI uri = RealtimeUris.build(c.getBaseUrl(), c.getCallId() == null ? c.getModel() : null, c.getIntent(), c.getCallId());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("wss") && !scheme.equals("ws")) {
            throw new IllegalArgumentException("baseUrl must be a ws:// or wss:// URL, not " + RealtimeUris.redact(uri));
        }
        if (scheme.equals("ws") && !RealtimeUris.isLoopback(uri) && !c.isAllowInsecure()) {
            throw new IllegalArgumentException("baseUrl " + RealtimeUris.redact(uri) + " is unencrypted (ws://) and not a loopback host; "
                                               + "use wss:// or set allowInsecure=true");
        }
        if (c.getChunkMillis() < 10 || c.getChunkMillis() > 15_000) {
            throw new IllegalArgumentException("chunkMillis must be between 10 and 15000, not " + c.getChunkMillis());
        }
        if (c.getSendQueueCapacity() < 1 || c.getMaxMessageSize() < 1024) {
            throw new IllegalArgumentException("sendQueueCapacity must be at least 1 and maxMessageSize at least 1024");
        }
        boolean transcription = "transcription".equalsIgnoreCase(c.getIntent());
        SessionSettings settings = sessionSettings(c, transcription);
        DialectChoice dialect = DialectChoice.of(c.getDialect());
        // fail at startup, not on the wire: every dialect this endpoint may speak must accept the settings
        for (Dialect d : dialect.auto() ? List.of(Dialect.BETA, Dialect.GA) : List.of(dialect.connectWith())) {
            try {
                SessionUpdateEncoder.sessionUpdate(settings, d);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid session settings for endpoint " + getEndpointBaseUri() + " in the "
                                                   + d.wireName() + " dialect" + (dialect.auto() ? " (dialect=auto may use both)" : "")
                                                   + ": " + e.getMessage(), e);
            }
        }
        AudioFormat input = c.getInputAudioFormat() == null ? AudioFormat.PCM16 : AudioFormat.fromName(c.getInputAudioFormat());
        AudioFormat output = c.getOutputAudioFormat() == null ? AudioFormat.PCM16 : AudioFormat.fromName(c.getOutputAudioFormat());
        List<String> modalities = settings.outputModalities();
        boolean textOutput = modalities != null && modalities.size() == 1 && "text".equals(modalities.get(0));
        sessionOptions = new SessionOptions(
                uri,
                resolveApiKey(c.getApiKey()),
                stringHeaders(c.getHeaders()),
                dialect,
                Duration.ofMillis(c.getConnectTimeout()),
                c.getMaxMessageSize(),
                c.getSendQueueCapacity(),
                c.getHeartbeatInterval() <= 0 ? null : Duration.ofMillis(c.getHeartbeatInterval()),
                c.getSessionIdleTimeout() <= 0 ? null : Duration.ofMillis(c.getSessionIdleTimeout()),
                c.getMaxSessionDuration() <= 0 ? null : Duration.ofMillis(c.getMaxSessionDuration()),
                settings,
                input,
                output,
                textOutput,
                transcription,
                Duration.ofMillis(c.getResponseTimeout()),
                c.isReconnect(),
                Duration.ofMillis(c.getReconnectInitialDelay()),
                Duration.ofMillis(c.getReconnectMaxDelay()),
                c.getReconnectMaxAttempts());
        replyFormat = ReplyFormat.resolve(c.getReplyFormat(), textOutput);
        deliveryAudioFormat = c.getDeliveryAudioFormat() == null ? output : AudioFormat.fromName(c.getDeliveryAudioFormat());
        // validated here so a bad value fails at startup; the consumer keeps its own parsed copy
        EventTypeFilter.parse(c.getEventTypes());
        Delivery.parse(c.getDelivery());
        toolInvoker = c.getToolRoutes().isEmpty() ? ToolInvoker.NONE : new RouteToolInvoker(this, c.getToolRoutes());
        mcpApprover = c.getMcpApprovalRoute() == null || c.getMcpApprovalRoute().isBlank() ? null
                : new RouteMcpApprover(this, c.getMcpApprovalRoute().trim());
        agentFeatures = agentFeatures(c);
    }

    private AgentFeatures agentFeatures(FastRouterRealtimeConfiguration c) {
        String replay = c.getHistoryReplay() == null ? "text" : c.getHistoryReplay().trim().toLowerCase(Locale.ROOT);
        if (!replay.equals("text") && !replay.equals("none")) {
            throw new IllegalArgumentException("historyReplay must be text or none, not " + c.getHistoryReplay());
        }
        if (c.getHistoryMaxItems() < 1) {
            throw new IllegalArgumentException("historyMaxItems must be at least 1, not " + c.getHistoryMaxItems());
        }
        boolean conversation = !sessionOptions.transcriptionOnly();
        return new AgentFeatures(conversation && replay.equals("text"), c.getHistoryMaxItems(),
                c.getHistoryRepository() == null ? null : new StateRepositoryHistoryStore(c.getHistoryRepository()),
                c.getGuardrailRoute() == null || c.getGuardrailRoute().isBlank() ? null : new RouteGuardrail(this, c.getGuardrailRoute().trim()),
                Math.max(0, c.getGuardrailDebounceChars()),
                c.getRecordTo() == null || c.getRecordTo().isBlank() ? null : new RouteRecordingSink(this, c.getRecordTo().trim()));
    }

    SessionSettings sessionSettings(FastRouterRealtimeConfiguration c, boolean transcription) throws Exception {
        return SessionSettings.builder()
                .intent(transcription ? "transcription" : "conversation")
                .instructions(c.getInstructions())
                .voice(c.getVoice())
                .outputModalities(c.getOutputModalities() == null ? null : splitList(c.getOutputModalities()))
                .inputAudioFormat(c.getInputAudioFormat())
                .outputAudioFormat(c.getOutputAudioFormat())
                .turnDetection(c.getTurnDetection())
                .vadThreshold(c.getVadThreshold())
                .vadPrefixPaddingMs(c.getVadPrefixPaddingMs())
                .vadSilenceDurationMs(c.getVadSilenceDurationMs())
                .vadEagerness(c.getVadEagerness())
                .createResponse(c.getCreateResponse())
                .interruptResponse(c.getInterruptResponse())
                .transcriptionModel(c.getTranscriptionModel())
                .transcriptionLanguage(c.getTranscriptionLanguage())
                .noiseReduction(c.getNoiseReduction())
                .temperature(c.getTemperature())
                .maxOutputTokens(c.getMaxOutputTokens())
                .speed(c.getSpeed())
                .tools(c.getTools() == null ? null : readJson("tools", c.getTools()))
                .toolChoice(c.getToolChoice())
                .sessionConfig(c.getSessionConfig() == null ? null : sessionConfigObject(c.getSessionConfig()))
                .vadIdleTimeoutMs(c.getVadIdleTimeoutMs())
                .reasoningEffort(c.getReasoningEffort())
                .parallelToolCalls(c.getParallelToolCalls())
                .truncation(c.getTruncation())
                .prompt(c.getPrompt())
                .tracing(c.getTracing())
                .include(c.getInclude() == null ? null : splitList(c.getInclude()))
                .transcriptionPrompt(c.getTranscriptionPrompt())
                .build();
    }

    private ObjectNode sessionConfigObject(String value) throws Exception {
        JsonNode node = readJson("sessionConfig", value);
        if (!(node instanceof ObjectNode o)) {
            throw new IllegalArgumentException("sessionConfig must be a JSON object, not " + node.getNodeType());
        }
        return o;
    }

    /** A JSON option given inline or as a classpath:/file:/http: resource. */
    private JsonNode readJson(String option, String value) throws Exception {
        String text = value.trim();
        if (ResourceHelper.hasScheme(text)) {
            try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(getCamelContext(), text)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        try {
            return getComponent().codec().mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(option + " is not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static List<String> splitList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String resolveApiKey(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String env = System.getenv(API_KEY_ENV);
        return env == null || env.isBlank() ? null : env;
    }

    private static Map<String, String> stringHeaders(Map<String, Object> headers) {
        Map<String, String> result = new LinkedHashMap<>();
        headers.forEach((k, v) -> result.put(k, v == null ? "" : v.toString()));
        return result;
    }

    /** The session of this endpoint's name, or one of its keyed sessions; created and opened on first use. */
    public RealtimeSession session(String key) {
        return session(key, null);
    }

    /**
     * The session of this name (or key), created and opened on first use; a session this call creates sends the
     * exchange's {@code traceparent} (when given) on its handshake.
     */
    RealtimeSession session(String key, String traceparent) {
        FastRouterRealtimeComponent component = getComponent();
        SessionOptions options = traceparent == null ? sessionOptions : sessionOptions.withExtraHeader(TraceContext.HEADER, traceparent);
        return component.getRegistry().getOrCreate(new SessionKey(sessionName, key),
                k -> new RealtimeSession(k, options, component.services(
                        component.httpClient(configuration.getSslContextParameters(), sessionOptions.connectTimeout())),
                        toolInvoker, mcpApprover, agentFeatures, component.getRegistry()::remove));
    }

    @Override
    public String getServiceUrl() {
        return sessionOptions != null ? RealtimeUris.redact(sessionOptions.uri()) : configuration.getBaseUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "websocket";
    }

    public String getSessionName() {
        return sessionName;
    }

    /** The session name within the CamelContext. */
    public void setSessionName(String sessionName) {
        this.sessionName = sessionName;
    }

    public FastRouterRealtimeConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(FastRouterRealtimeConfiguration configuration) {
        this.configuration = configuration;
    }

    SessionOptions sessionOptions() {
        return sessionOptions;
    }

    ReplyFormat replyFormat() {
        return replyFormat;
    }

    AudioFormat deliveryAudioFormat() {
        return deliveryAudioFormat;
    }
}
