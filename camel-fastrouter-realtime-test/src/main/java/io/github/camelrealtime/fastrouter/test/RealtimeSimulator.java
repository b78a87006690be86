package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An OpenAI-Realtime-compatible WebSocket server on loopback for tests, examples and benchmarks. It speaks both
 * wire dialects, behaves deterministically, and injects faults on demand. Full rules: {@code docs/simulator.md}.
 *
 * <h2>Handshake</h2>
 * <ul>
 * <li>{@code ws://127.0.0.1:PORT/v1/realtime} ({@link #baseUrl()}); with {@code tls(true)} also
 *     {@code wss://localhost:PORT2/v1/realtime} ({@link #tlsBaseUrl()}) with the bundled self-signed certificate
 *     (SAN {@code localhost}, {@code 127.0.0.1}); clients trust it through {@link #clientSslContext()}.</li>
 * <li>Other paths: HTTP 404 with a JSON error body. Scripted {@link #rejectHandshakes} answers come next. Then the
 *     key: {@code Authorization: Bearer KEY} (or {@code api-key: KEY}, or the subprotocol
 *     {@code openai-insecure-api-key.KEY}) must equal {@code apiKey} (default {@value #DEFAULT_API_KEY}; null accepts
 *     anything), else HTTP 401 {@code {"error":{"message":"Invalid API key provided.","type":"invalid_request_error",
 *     "code":"invalid_api_key","status":401}}}. A request without upgrade headers gets 426.</li>
 * <li>Dialect: beta iff the header {@code OpenAI-Beta: realtime=v1} is present, else GA. With {@code gaOnly(true)} a
 *     beta handshake is upgraded, then gets {@code error{code:"beta_api_shape_disabled"}} and close 4000
 *     {@code invalid_request_error.beta_api_shape_disabled}.</li>
 * <li>Query: {@code model} (default {@value #DEFAULT_MODEL}), {@code intent=transcription} (a transcription
 *     session), {@code call_id} (accepted; no model needed).</li>
 * </ul>
 *
 * <h2>Session</h2>
 * On open: {@code session.created} in the dialect's shape (beta flat, GA nested {@code audio.input/output}; beta
 * transcription sessions get {@code transcription_session.created}); beta realtime sessions also get
 * {@code conversation.created}. Defaults: pcm16 in and out, server VAD on (threshold 0.5, prefix 300 ms, silence
 * 200 ms; {@code serverVadByDefault(false)} turns it off), modalities beta {@code ["audio","text"]}, GA
 * {@code ["audio"]}. {@code session.update} is validated as the real server does (GA needs {@code session.type};
 * a field of the other dialect is {@code unknown_parameter} and the whole update is discarded) and answered with
 * {@code session.updated} (beta transcription: {@code transcription_session.updated}). Unknown client types get
 * {@code invalid_value}, invalid JSON {@code invalid_json}; every error carries the client's {@code event_id}.
 *
 * <h2>Deterministic answers</h2>
 * A response answers the last input of its input items (the conversation, or {@code response.input}):
 * <ol>
 * <li>function call outputs after the last user message: text {@code "tool results: " + outputs joined by "; "};</li>
 * <li>(GA) MCP approval responses after the last user message: {@code "mcp results: " + outputs of the calls that ran},
 *     and {@code "the MCP tool <name> was denied: <reason>"} per denial;</li>
 * <li>a user text naming declared function tools (whole word, case-insensitive): one {@code function_call} per named
 *     tool in order of first mention, arguments {@code {"query":"<the user text>"}} ({@code tool_choice} none
 *     disables, required calls the first tool when none is named, a named choice forces that tool);</li>
 * <li>(GA) else a user text naming tools of declared MCP servers: MCP calls, each run at once or after an approval
 *     ({@code require_approval}); see {@code SimulatedMcp};</li>
 * <li>instructions (response's, else session's) of the form {@code "Say: X"}: text {@code X};</li>
 * <li>user text containing {@code what did I say}: {@code "earlier you said: X (I answered: Y)"} from the user message
 *     before it and its answer (so a replayed history answers), or {@code "you said nothing before"};</li>
 * <li>user text: {@code "echo: " + text};</li>
 * <li>user audio: the same audio (exact bytes when input and output formats are equal, else G.711/linear
 *     resampling conversion) with the transcript {@code "[simulated transcript of S.SS s of audio]"}; with text
 *     output the text {@code "echo: " + transcript};</li>
 * <li>no input: {@code "Hello from the Realtime simulator."}.</li>
 * </ol>
 * Text answers with audio output are spoken as a 440 Hz tone of 60 ms per character, with the text as transcript.
 * Audio deltas carry 100 ms each; text and transcripts are sent word by word. Usage: text tokens = ceil(chars/4),
 * audio tokens = ceil(ms/100). Then {@code rate_limits.updated} (beta: requests and tokens; GA: tokens).
 *
 * <h2>Turn detection</h2>
 * Over 10 ms frames of appended audio, a frame is speech when its RMS (full scale 1.0) exceeds
 * {@code threshold * 0.1} (semantic_vad: threshold 0.5). Three consecutive speech frames start a turn
 * ({@code speech_started{audio_start_ms = max(0, start - prefix_padding_ms)}}); {@code silence_duration_ms} of
 * non-speech (semantic_vad eagerness low 1500, medium/auto 800, high 300) stop it ({@code speech_stopped{audio_end_ms
 * = end of the last speech frame}}), followed by the commit, the item, the transcription if configured and a
 * response if {@code create_response}. A start during an active response cancels it ({@code turn_detected}) when
 * {@code interrupt_response}.
 *
 * <p>Threads: one daemon thread per connection reads; responses run on a small scheduler so client events keep
 * being read; all sends of a connection are serialised. Instances are thread-safe.
 */
public final class RealtimeSimulator implements AutoCloseable {

    public static final String DEFAULT_API_KEY = "sk-test-simulator";
    public static final String DEFAULT_MODEL = "gpt-realtime-simulator";

    private final SimulatorSettings settings;
    /** Runs response steps, timers and pings; shut down by {@link #close()}. */
    private final ScheduledThreadPoolExecutor scheduler;
    private final SimulatorListeners listeners = new SimulatorListeners(this);
    private final SimulatorRecords records = new SimulatorRecords();
    private final HandshakeAcceptance handshakes;
    private final ScriptedFaults faults;
    /** Set by {@link #close()}; read by the accepting threads and by readers waiting out a pause. */
    private volatile boolean closed;
    /** Guarded by this monitor ({@link #pingEvery}, {@link #reset()}). */
    private volatile ScheduledFuture<?> pingTask;

    private RealtimeSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.scheduler = new ScheduledThreadPoolExecutor(4, runnable -> {
            Thread t = new Thread(runnable, "realtime-simulator-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        // this monitor guards the scripted rejection too: reset() clears it while holding this monitor
        this.handshakes = new HandshakeAcceptance(settings.apiKey(), this);
        this.faults = new ScriptedFaults(this, settings.responseDelay());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a simulator with the default settings. */
    public static RealtimeSimulator startDefault() {
        return builder().build().start();
    }

    /** Opens the listening sockets on 127.0.0.1 (the builder's {@code port}, else random ports) and starts accepting. */
    public synchronized RealtimeSimulator start() {
        if (listeners.started()) {
            return this;
        }
        try {
            listeners.open(settings.port(), settings.tls());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Realtime simulator", e);
        }
        return this;
    }

    /** {@code ws://127.0.0.1:PORT/v1/realtime}. */
    public URI baseUrl() {
        return URI.create("ws://127.0.0.1:" + listeners.plainPort() + "/v1/realtime");
    }

    /** {@code wss://localhost:PORT/v1/realtime}; only with {@code tls(true)}. */
    public URI tlsBaseUrl() {
        return URI.create("wss://localhost:" + listeners.tlsPort() + "/v1/realtime");
    }

    public int port() {
        return listeners.plainPort();
    }

    /** The Bearer key the simulator requires (null: any key). */
    public String apiKey() {
        return settings.apiKey();
    }

    // ---- TLS material ---------------------------------------------------------------------------------------

    /** An SSLContext that trusts the simulator's certificate (for {@code HttpClient.newBuilder().sslContext(..)}). */
    public static SSLContext clientSslContext() {
        return SimulatorTls.clientSslContext();
    }

    /** Classpath resource of the PKCS12 truststore holding the simulator's certificate. */
    public static String trustStoreResource() {
        return SimulatorTls.TRUSTSTORE;
    }

    public static String trustStorePassword() {
        return SimulatorTls.STORE_PASSWORD;
    }

    // ---- observation ------------------------------------------------------------------------------------------

    /** WebSocket upgrades accepted since the start or the last {@link #clearHistory()} (the extension clears before each test). */
    public int connectionCount() {
        return records.accepted();
    }

    public int openConnections() {
        return records.open();
    }

    /** The connections accepted since the start or the last {@link #clearHistory()}, in order. */
    public List<SimulatedConnection> connections() {
        return records.connections();
    }

    /** The most recent connection; fails when there is none. */
    public SimulatedConnection lastConnection() {
        return records.last();
    }

    /** All client events of all connections (connection by connection, each in order). */
    public List<JsonNode> receivedEvents() {
        return records.events(SimulatedConnection::received);
    }

    /**
     * Client events of the type across all connections. GA names work whatever dialect the client speaks (on a beta
     * connection {@code session.update} also finds {@code transcription_session.update}); beta names find beta events.
     */
    public List<JsonNode> receivedEvents(String type) {
        return records.events(c -> c.received(type));
    }

    /** All server events of all connections (connection by connection, each in order). */
    public List<JsonNode> sentEvents() {
        return records.events(SimulatedConnection::sent);
    }

    /**
     * Server events of the type across all connections. GA names work whatever dialect the client speaks (on a beta
     * connection {@code response.output_audio.delta} also finds {@code response.audio.delta}); beta names find beta events.
     */
    public List<JsonNode> sentEvents(String type) {
        return records.events(c -> c.sent(type));
    }

    public int receivedCount(String type) {
        return records.receivedCount(type);
    }

    public int sentCount(String type) {
        return records.sentCount(type);
    }

    /** Waits until at least {@code count} client events of the type arrived (after being handled); GA names work in both dialects. */
    public boolean awaitReceived(String type, int count, Duration timeout) {
        return SimulatorRecords.await(() -> receivedCount(type) >= count, timeout);
    }

    /** Waits until at least {@code count} server events of the type were sent; GA names work in both dialects. */
    public boolean awaitSent(String type, int count, Duration timeout) {
        return SimulatorRecords.await(() -> sentCount(type) >= count, timeout);
    }

    /** Waits until at least {@code count} upgrades were accepted. */
    public boolean awaitConnections(int count, Duration timeout) {
        return SimulatorRecords.await(() -> connectionCount() >= count, timeout);
    }

    /** Waits until no connection is open. */
    public boolean awaitNoOpenConnections(Duration timeout) {
        return SimulatorRecords.await(() -> openConnections() == 0, timeout);
    }

    /**
     * Forgets recorded connections, events and counts, and restarts {@link #connectionCount()} at 0 (open connections
     * keep running and stay listed, their records restart empty).
     */
    public void clearHistory() {
        records.clear();
        handshakes.clearAttempts();
    }

    /**
     * The {@link System#nanoTime()} at which each handshake request arrived (fully read), in order of arrival,
     * whatever its answer (upgrade, scripted rejection, 401, 404, ...), since the start or the last
     * {@link #clearHistory()}. Meant to check that a client spreads its reconnect attempts out and honours
     * {@code Retry-After}.
     */
    public List<Long> handshakeAttempts() {
        return handshakes.attempts();
    }

    /** How many handshake requests arrived (accepted or not) since the start or the last {@link #clearHistory()}. */
    public int handshakeAttemptCount() {
        return handshakes.attemptCount();
    }

    // ---- faults and scripting ----------------------------------------------------------------------------------

    /**
     * New connections send exactly the lines of this capture, in order (paced by {@code responseDelay}; without it the
     * first line at once and the rest 100 ms later, as a real server sends {@code session.created} alone), instead of
     * the normal session, then stay open; client events are recorded but not answered. A name without '/' is one of
     * the bundled captures ({@code beta-text-response-liusida-2025-08.jsonl}, ...), else a classpath path or a file.
     */
    public void replayOnConnect(String captureResource) {
        replayOnConnect(readLines(captureResource));
    }

    /** New connections send exactly these JSON lines (blank lines skipped) instead of the normal session. */
    public void replayOnConnect(List<String> jsonLines) {
        faults.replayOnConnect(Captures.replayable(jsonLines));
    }

    /** The lines of a bundled capture (or classpath path, or file). */
    public static List<String> readLines(String captureResource) {
        return Captures.readLines(captureResource);
    }

    /** Each open connection, and each new one, ends abruptly (no close frame) after sending n more server events. */
    public void dropAfterEvents(int n) {
        faults.dropAfter(n);
        records.forEachOpen(c -> c.dropAfterEvents(n));
    }

    /** Each open connection, and each new one, sends a close frame with this code after n more server events. */
    public void closeAfterEvents(int n, int code, String reason) {
        faults.closeAfter(n, code, reason);
        records.forEachOpen(c -> c.closeAfterEvents(n, code, reason));
    }

    /** Sends a text frame that is not valid UTF-8 to every open connection: a client fails the connection (1002/1007). */
    public void sendInvalidUtf8Frame() {
        records.forEachOpen(SimulatedConnection::sendInvalidUtf8Frame);
    }

    /** Sends the text {@code {not json} to every open connection. */
    public void sendMalformedFrame() {
        records.forEachOpen(SimulatedConnection::sendMalformedFrame);
    }

    /** Sends a valid {@code conversation.item.retrieved} with a text of {@code chars} characters to every open connection. */
    public void sendHugeEvent(int chars) {
        records.forEachOpen(c -> c.sendHugeEvent(chars));
    }

    /** Stops reading from all sockets for a while (between frames), so clients see back-pressure. */
    public void pauseReading(Duration d) {
        faults.pauseReading(d);
    }

    /** Pings every open and new connection at this interval; pongs are recorded ({@link SimulatedConnection#pongs()}). */
    public synchronized void pingEvery(Duration d) {
        if (pingTask != null) {
            pingTask.cancel(false);
        }
        long nanos = d.toNanos();
        pingTask = scheduler.scheduleAtFixedRate(() -> records.forEachOpen(SimulatedConnection::ping), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Sessions expire after this time (new connections from their start, open ones from now): GA closes with 1001
     * "Your session hit the maximum duration of 60 minutes."; beta sends {@code error{code:"session_expired"}} then
     * closes with 1000.
     */
    public void expireSessionsAfter(Duration d) {
        faults.expireAfter(d);
        records.forEachOpen(c -> c.addTimer(schedule(c::expire, d.toNanos())));
    }

    /**
     * The next response (on any connection) fails: {@code response.created}, then {@code response.done{status:"failed",
     * status_details:{type:"failed", error:{type:"tokens", code, message}}}}, then {@code rate_limits.updated}.
     * Calls queue up, one failure per response.
     */
    public void failNextResponse(String code, String message) {
        faults.failNextResponse(code, message);
    }

    /** Answers every following handshake with this HTTP status and JSON body, until {@link #reset()}. */
    public void rejectHandshakes(int status, String jsonBody) {
        rejectHandshakes(status, jsonBody, -1);
    }

    /** Answers the next {@code count} handshakes (-1: all until reset) with this HTTP status and JSON body. */
    public void rejectHandshakes(int status, String jsonBody, int count) {
        rejectHandshakes(status, jsonBody, count, Map.of());
    }

    /**
     * Answers the next {@code count} handshakes (-1: all until {@link #clearRejectedHandshakes()} or {@link #reset()})
     * with this HTTP status, JSON body and extra response headers, e.g. {@code Map.of("Retry-After", "2")}. The
     * headers are written as given, after {@code Content-Type}, {@code Content-Length} and {@code Connection: close}.
     */
    public synchronized void rejectHandshakes(int status, String jsonBody, int count, Map<String, String> headers) {
        handshakes.reject(status, jsonBody, count, headers);
    }

    /** Stops answering handshakes with the scripted rejection. */
    public synchronized void clearRejectedHandshakes() {
        handshakes.clearRejection();
    }

    /** The JSON error body the endpoint uses: {@code {"error":{"message","type","code","status"}}}. */
    public static String errorBody(int status, String message, String type, String code) {
        return Json.httpErrorBody(status, message, type, code);
    }

    /**
     * The next {@code count} responses (on any connection, however started: {@code response.create}, server VAD, a
     * queued response) send {@code response.created} and all their output events, but never {@code response.done}
     * (nor {@code rate_limits.updated}) on their own. The server still counts them as active: a
     * {@code response.create} meanwhile gets {@code conversation_already_has_active_response}. A
     * {@code response.cancel} (with their {@code response_id}, or none) ends such a response with
     * {@code response.done{status:"cancelled", status_details:{type:"cancelled", reason:"client_cancelled"}}}, and a
     * server-VAD turn start with {@code reason:"turn_detected"}. Calls add up; {@link #reset()} sets the count to 0
     * (responses already hung stay hung).
     */
    public void hangNextResponses(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        faults.hangNextResponses(count);
    }

    /**
     * The next client {@code response.create} (on any connection) starts no response and is answered with
     * {@code error{type:"invalid_request_error", code, message, param:null, event_id}}, the {@code event_id} being the
     * client event's; with {@code withEventId} false the {@code event_id} field is left out of the error (real servers
     * sometimes omit it). Calls queue up, one rejection per {@code response.create}.
     */
    public void rejectNextResponseCreate(String code, String message, boolean withEventId) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        faults.rejectNextResponseCreate(new ScriptedFaults.CreateRejection(code, message, withEventId));
    }

    /**
     * With {@code on}, new connections complete the WebSocket upgrade and then send nothing at all: no
     * {@code session.created}, no answer to client events (which are still read and recorded). Connections already
     * open are not affected, nor is what a test pushes explicitly ({@link #closeAll}, {@link #sendServerError}, ...).
     */
    public void withholdSessionCreated(boolean on) {
        faults.withholdSessionCreated(on);
    }

    /**
     * Changes the pause between response events (and replayed lines) from now on, for open and new connections;
     * the next step of a response already running waits the old delay at most once more. {@link #reset()} restores
     * the builder's {@code responseDelay}.
     */
    public void setResponseDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        faults.responseDelay(delay);
    }

    /**
     * Sends a close frame with this code and reason to every open connection now (the reason is cut to 123 UTF-8
     * bytes, on a character boundary). Like {@link SimulatedConnection#close(int, String)}, the socket is closed when
     * the client answers, or after 3 s.
     */
    public void closeAll(int code, String reason) {
        records.forEachOpen(c -> c.close(code, reason));
    }

    /** Ends every open connection abruptly now: the TCP connection is closed without a close frame (clients see 1006). */
    public void dropAll() {
        records.forEachOpen(SimulatedConnection::drop);
    }

    /**
     * Sends every open connection an {@code error{type:"server_error", code, message, param:null}} event without an
     * {@code event_id} (not caused by any client event), as a server does when it fails on its side. The
     * connections stay open.
     */
    public void sendServerError(String code, String message) {
        Objects.requireNonNull(message, "message");
        records.forEachOpen(c -> c.sendServerError(code, message));
    }

    /**
     * Clears every scripted fault: replay, drop/close counters, pings, expiry, failures, rejections (of handshakes and
     * of {@code response.create}), pauses, hangs, withheld {@code session.created}, and the response delay (back to the
     * builder's).
     */
    public synchronized void reset() {
        faults.reset();
        if (pingTask != null) {
            pingTask.cancel(false);
            pingTask = null;
        }
        handshakes.clearRejection();
        records.forEachOpen(c -> {
            c.dropAfterEvents(-1);
            c.closeAfterEvents(-1, 1000, "");
        });
    }

    @Override
    public void close() {
        closed = true;
        listeners.close();
        records.forEachOpen(c -> c.close(1001, "simulator shutting down"));
        SimulatorRecords.await(() -> openConnections() == 0, Duration.ofSeconds(2));
        records.forEachOpen(SimulatedConnection::drop);
        scheduler.shutdownNow();
    }

    // ---- package internals ---------------------------------------------------------------------------------------

    /** Runs the task after the delay (0: as soon as possible); returns null once the simulator is closed. */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    boolean isClosed() {
        return closed;
    }

    SimulatorSettings settings() {
        return settings;
    }

    SimulatorRecords records() {
        return records;
    }

    HandshakeAcceptance handshakes() {
        return handshakes;
    }

    ScriptedFaults faults() {
        return faults;
    }

    void connectionOpened(SimulatedConnection connection) {
        records.opened(connection);
        faults.applyTo(connection);
    }

    void connectionClosed(SimulatedConnection connection) {
        records.closed();
    }

    @Override
    public String toString() {
        return "RealtimeSimulator[" + (listeners.started() ? baseUrl() : "not started") + "]";
    }

    /** Settings of a {@link RealtimeSimulator}. */
    public static final class Builder {
        private String apiKey = DEFAULT_API_KEY;
        private boolean gaOnly;
        private boolean tls;
        private int fragmentChars;
        private Duration responseDelay = Duration.ZERO;
        private boolean serverVadByDefault = true;
        private boolean recordAudioPayloads = true;
        private String defaultModel = DEFAULT_MODEL;
        private int port;

        private Builder() {
        }

        /** The ws:// port on 127.0.0.1 (default 0: a free port, see {@link RealtimeSimulator#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535");
            }
            this.port = port;
            return this;
        }

        /** The required Bearer key (default {@value RealtimeSimulator#DEFAULT_API_KEY}); null accepts any key or none. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Answer the beta header with {@code beta_api_shape_disabled} and close 4000, as OpenAI does since 2026. */
        public Builder gaOnly(boolean gaOnly) {
            this.gaOnly = gaOnly;
            return this;
        }

        /** Also listen for wss on a second port with the bundled self-signed certificate. */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Split every outgoing text message into frames of at most this many characters (0: no splitting). */
        public Builder fragmentFrames(int maxChars) {
            if (maxChars < 0) {
                throw new IllegalArgumentException("maxChars must be >= 0");
            }
            this.fragmentChars = maxChars;
            return this;
        }

        /** Pause between the events of a response (and between replayed lines); default none. */
        public Builder responseDelay(Duration delay) {
            this.responseDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /** Whether new sessions start with server VAD on, as the real server does (default true). */
        public Builder serverVadByDefault(boolean on) {
            this.serverVadByDefault = on;
            return this;
        }

        /**
         * Whether recorded events keep audio payloads (default true). Benchmarks should turn this off: recorded
         * appends then carry {@code audio_bytes} instead of {@code audio}, audio deltas {@code delta_bytes}.
         */
        public Builder recordAudioPayloads(boolean record) {
            this.recordAudioPayloads = record;
            return this;
        }

        /** The model reported when the handshake names none (default {@value RealtimeSimulator#DEFAULT_MODEL}). */
        public Builder defaultModel(String model) {
            this.defaultModel = Objects.requireNonNull(model, "model");
            return this;
        }

        public RealtimeSimulator build() {
            return new RealtimeSimulator(new SimulatorSettings(apiKey, gaOnly, tls, fragmentChars, responseDelay, serverVadByDefault,
                    recordAudioPayloads, defaultModel, port));
        }
    }
}
