package io.github.camelrealtime.fastrouter.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WebSocket connection accepted by a {@link RealtimeSimulator}: what the client sent in the handshake,
 * every client event received and server event sent (in order), how it closed, and controls to push events or
 * close it from a test.
 */
public final class SimulatedConnection {

    private static final System.Logger LOG = System.getLogger(SimulatedConnection.class.getName());

    private final RealtimeSimulator simulator;
    private final Socket socket;
    private final int number;
    private final boolean tls;
    private final List<JsonNode> received = new ArrayList<>();
    private final List<JsonNode> sent = new ArrayList<>();
    private final List<String> pongs = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger pingsSent = new AtomicInteger();
    private final Object sendLock = new Object();
    private final List<ScheduledFuture<?>> timers = Collections.synchronizedList(new ArrayList<>());

    private volatile HttpHandshake handshake;
    private volatile boolean beta;
    private volatile WebSocketChannel channel;
    private volatile SimulatedSession session;
    private volatile boolean open;
    private volatile Integer closeCode;
    private volatile String closeReason;
    private volatile String closedBy;
    private int eventsUntilDrop = -1;
    private int eventsUntilClose = -1;
    private int scriptedCloseCode;
    private String scriptedCloseReason;

    SimulatedConnection(RealtimeSimulator simulator, Socket socket, int number, boolean tls) {
        this.simulator = simulator;
        this.socket = socket;
        this.number = number;
        this.tls = tls;
    }

    // ---- public view ---------------------------------------------------------------------------------------------

    /** 1 for the first connection accepted by the simulator, then 2, 3, ... */
    public int number() {
        return number;
    }

    /** {@code "beta"} when the handshake carried {@code OpenAI-Beta: realtime=v1}, else {@code "ga"}. */
    public String dialect() {
        return beta ? "beta" : "ga";
    }

    public boolean isBeta() {
        return beta;
    }

    public boolean isTls() {
        return tls;
    }

    /** The request path of the handshake. */
    public String path() {
        HttpHandshake h = handshake;
        return h == null ? null : h.path;
    }

    /** Handshake headers, names in lower case; {@code authorization} and {@code api-key} are redacted. */
    public Map<String, String> headers() {
        HttpHandshake h = handshake;
        if (h == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>(h.headers);
        copy.computeIfPresent("authorization", (k, v) -> redact(v));
        copy.computeIfPresent("api-key", (k, v) -> redact(v));
        return Collections.unmodifiableMap(copy);
    }

    /** One handshake header (name case-insensitive), redacted like {@link #headers()}. */
    public String header(String name) {
        return headers().get(name.toLowerCase(Locale.ROOT));
    }

    private static String redact(String value) {
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = value.substring(7).trim();
            return "Bearer " + (key.length() > 8 ? key.substring(0, 4) + "…" + key.substring(key.length() - 2) : "…");
        }
        return "…";
    }

    /** Query parameters of the handshake URL (first value of each name). */
    public Map<String, String> queryParameters() {
        HttpHandshake h = handshake;
        return h == null ? Map.of() : h.query;
    }

    /** The model the session runs (query {@code model}, or the simulator's default). */
    public String model() {
        String model = queryParameters().get("model");
        return model == null || model.isEmpty() ? simulator.settings().defaultModel() : model;
    }

    /** The session id sent in {@code session.created}, or null before the upgrade. */
    public String sessionId() {
        SimulatedSession s = session;
        return s == null ? null : s.sessionId();
    }

    /** Client events in arrival order (a text node for a message that was not a JSON object). */
    public List<JsonNode> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Client events of the type; a GA name also finds its beta-named events on a beta connection. */
    public List<JsonNode> received(String type) {
        return ofType(received(), type, beta);
    }

    /** Server events in sending order (a text node for a message that was not JSON). */
    public List<JsonNode> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** Server events of the type; a GA name also finds its beta-named events on a beta connection. */
    public List<JsonNode> sent(String type) {
        return ofType(sent(), type, beta);
    }

    /** The types of the server events sent so far, in order. */
    public List<String> sentTypes() {
        List<String> types = new ArrayList<>();
        for (JsonNode event : sent()) {
            types.add(event.path("type").asText(""));
        }
        return types;
    }

    static List<JsonNode> ofType(List<JsonNode> events, String type, boolean beta) {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode event : events) {
            String wireType = Json.text(event, "type");
            if (wireType != null && EventNames.matches(wireType, beta, type)) {
                result.add(event);
            }
        }
        return result;
    }

    public boolean isOpen() {
        return open;
    }

    /** The close code: the client's code when it closed first, the server's when the server did, 1006 when dropped; null while open. */
    public Integer closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    /** {@code "client"}, {@code "server"}, or {@code "network"} (abrupt end without a close frame); null while open. */
    public String closedBy() {
        return closedBy;
    }

    public int pingsSent() {
        return pingsSent.get();
    }

    /** Payloads of the pongs received, as text. */
    public List<String> pongs() {
        synchronized (pongs) {
            return List.copyOf(pongs);
        }
    }

    /** Sends a raw text message (any JSON, or not) to the client. */
    public void send(String text) {
        sendRaw(text);
    }

    /** Starts the close handshake with the given code and reason. */
    public void close(int code, String reason) {
        WebSocketChannel ch = channel;
        synchronized (sendLock) {
            if (ch == null || closeCode != null) {
                return;
            }
            closeCode = code;
            closeReason = reason;
            closedBy = "server";
        }
        try {
            ch.sendClose(code, reason);
        } catch (IOException e) {
            ch.closeSocket();
            return;
        }
        addTimer(simulator.schedule(ch::closeSocket, TimeUnit.SECONDS.toNanos(3)));
    }

    /** Ends the TCP connection at once, without a close frame. */
    public void drop() {
        synchronized (sendLock) {
            if (closeCode == null) {
                closeCode = 1006;
                closeReason = "";
                closedBy = "network";
            }
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public String toString() {
        return "SimulatedConnection#" + number + "[" + dialect() + (open ? ", open" : ", closed " + closeCode) + "]";
    }

    // ---- internals ---------------------------------------------------------------------------------------------

    void sendEvent(ObjectNode event) {
        String json = Json.write(event);
        send(json, simulator.settings().recordAudioPayloads() ? event : withoutAudio(event));
    }

    void sendRaw(String text) {
        JsonNode record;
        try {
            record = Json.MAPPER.readTree(text);
            if (record == null) {
                record = Json.NODES.textNode(text);
            }
        } catch (IOException e) {
            record = Json.NODES.textNode(text);
        }
        send(text, record);
    }

    private void send(String text, JsonNode record) {
        WebSocketChannel ch = channel;
        if (ch == null) {
            return;
        }
        boolean dropNow = false;
        boolean closeNow = false;
        synchronized (sendLock) {
            if (!open || closeCode != null) {
                return;
            }
            synchronized (sent) {
                sent.add(record);
            }
            try {
                ch.sendText(text);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "send failed on connection " + number, e);
                return;
            }
            simulator.records().countSent(record.path("type").asText(""), beta);
            if (eventsUntilDrop > 0 && --eventsUntilDrop == 0) {
                dropNow = true;
            } else if (eventsUntilClose > 0 && --eventsUntilClose == 0) {
                closeNow = true;
            }
        }
        if (dropNow) {
            drop();
        } else if (closeNow) {
            close(scriptedCloseCode, scriptedCloseReason);
        }
    }

    private static JsonNode withoutAudio(ObjectNode event) {
        String type = Json.text(event, "type");
        if (("response.audio.delta".equals(type) || "response.output_audio.delta".equals(type)) && event.has("delta")) {
            ObjectNode copy = event.deepCopy();
            copy.put("delta_bytes", copy.remove("delta").asText().length() / 4 * 3);
            return copy;
        }
        return event;
    }

    void dropAfterEvents(int n) {
        synchronized (sendLock) {
            eventsUntilDrop = n;
        }
        if (n == 0) {
            drop();
        }
    }

    void closeAfterEvents(int n, int code, String reason) {
        synchronized (sendLock) {
            eventsUntilClose = n;
            scriptedCloseCode = code;
            scriptedCloseReason = reason;
        }
        if (n == 0) {
            close(code, reason);
        }
    }

    void ping() {
        WebSocketChannel ch = channel;
        if (ch == null || !open) {
            return;
        }
        try {
            ch.sendPing(("sim-ping-" + pingsSent.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "ping failed on connection " + number, e);
        }
    }

    void sendServerError(String code, String message) {
        SimulatedSession s = session;
        if (s != null && open) {
            s.serverError(code, message);
        }
    }

    void sendMalformedFrame() {
        sendRaw("{not json");
    }

    void sendInvalidUtf8Frame() {
        WebSocketChannel ch = channel;
        if (ch == null || !open) {
            return;
        }
        try {
            ch.sendRawFrame(WebSocketChannel.OP_TEXT, new byte[] {'{', (byte) 0xC3, '(', '}'});
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "send failed on connection " + number, e);
        }
    }

    void sendHugeEvent(int chars) {
        SimulatedSession s = session;
        if (s != null && open) {
            s.sendHugeEvent(chars);
        }
    }

    void addTimer(ScheduledFuture<?> timer) {
        if (timer != null) {
            timers.add(timer);
        }
    }

    void expire() {
        SimulatedSession s = session;
        if (s != null && open) {
            s.expire();
        }
    }

    void clearRecords() {
        synchronized (received) {
            received.clear();
        }
        synchronized (sent) {
            sent.clear();
        }
    }

    /** The connection's thread: handshake, then read client messages until the connection ends. */
    void run() {
        try {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            HttpHandshake request = HttpHandshake.read(in);
            if (request == null) {
                return;
            }
            HandshakeAcceptance.Answer answer = simulator.handshakes().answer(request);
            if (answer != null) {
                HttpHandshake.writeJsonResponse(out, answer.status(), answer.body(), answer.headers());
                return;
            }
            handshake = request;
            String betaHeader = request.header("openai-beta");
            beta = betaHeader != null && betaHeader.replace(" ", "").toLowerCase(Locale.ROOT).contains("realtime=v1");
            request.writeSwitchingProtocols(out, selectSubprotocol(request.header("sec-websocket-protocol")));
            channel = new WebSocketChannel(socket, in, out, simulator.settings().fragmentChars(), new WebSocketChannel.ControlListener() {
                @Override
                public void onPing(byte[] payload, int length) {
                    // the channel answers with a pong
                }

                @Override
                public void onPong(byte[] payload, int length) {
                    pongs.add(new String(payload, 0, length, StandardCharsets.UTF_8));
                }
            });
            boolean transcription = "transcription".equals(request.query.get("intent"));
            session = new SimulatedSession(this, simulator, beta, transcription, model());
            open = true;
            simulator.connectionOpened(this);
            if (simulator.faults().withholdsSessionCreated()) {
                session.withhold();
            } else if (beta && simulator.settings().gaOnly()) {
                session.betaShapeDisabled();
            } else {
                session.onOpen(simulator.faults().replayLines());
            }
            readLoop();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection " + number + " ended: " + e);
            markClosed(1006, "", "network");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "connection " + number + " failed", e);
            markClosed(1011, "internal error", "server");
        } finally {
            boolean wasOpen = open;
            open = false;
            timers.forEach(t -> t.cancel(false));
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            if (wasOpen) {
                simulator.connectionClosed(this);
            }
        }
    }

    private static String selectSubprotocol(String offered) {
        if (offered == null) {
            return null;
        }
        for (String protocol : offered.split(",")) {
            if (protocol.trim().equals("realtime")) {
                return "realtime";
            }
        }
        return null;
    }

    private void readLoop() throws IOException {
        WebSocketChannel ch = channel;
        while (true) {
            WebSocketChannel.Incoming incoming;
            try {
                incoming = ch.readMessage();
            } catch (WebSocketChannel.ProtocolViolation violation) {
                close(violation.closeCode, violation.getMessage());
                awaitCloseAck(ch);
                return;
            }
            // checked after the read so that a reader already blocked in read() also stops before handling
            simulator.faults().awaitReadingAllowed();
            switch (incoming) {
                case TEXT -> {
                    if (closeCode != null) {
                        continue;
                    }
                    session.onClientMessage(ch.messageBytes(), ch.messageLength(), this::record);
                }
                case CLOSE -> {
                    markClosed(ch.closeCode(), ch.closeReason(), "client");
                    ch.sendClose(ch.closeCode(), "");
                    return;
                }
                case EOF -> {
                    markClosed(1006, "", "network");
                    return;
                }
                default -> throw new IllegalStateException("unexpected " + incoming);
            }
        }
    }

    /** After a server close because of a protocol violation: wait briefly for the client's close frame. */
    private void awaitCloseAck(WebSocketChannel ch) {
        try {
            socket.setSoTimeout(2000);
            while (ch.readMessage() == WebSocketChannel.Incoming.TEXT) {
                // discard data after our close frame
            }
        } catch (SocketTimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "no close acknowledgement on connection " + number);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection " + number + " ended after close: " + e);
        }
    }

    private void markClosed(int code, String reason, String by) {
        synchronized (sendLock) {
            if (closeCode == null) {
                closeCode = code;
                closeReason = reason;
                closedBy = by;
            }
        }
    }

    /** Records a client event; the session answers it afterwards (and still needs an append's audio). */
    private void record(JsonNode clientEvent) {
        JsonNode event = clientEvent;
        if (!simulator.settings().recordAudioPayloads() && clientEvent instanceof ObjectNode object
                && "input_audio_buffer.append".equals(Json.text(object, "type")) && object.has("audio")) {
            ObjectNode withoutAudio = object.deepCopy();
            withoutAudio.put("audio_bytes", withoutAudio.remove("audio").asText().length() / 4 * 3);
            event = withoutAudio;
        }
        synchronized (received) {
            received.add(event);
        }
        simulator.records().countReceived(event.isObject() ? event.path("type").asText("") : "", beta);
    }
}
