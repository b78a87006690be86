package io.github.camelrealtime.examples.twilio;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.examples.twilio.mediastreams.MalformedTwilioMessageException;
import io.github.camelrealtime.examples.twilio.mediastreams.TwilioMessage;
import io.github.camelrealtime.examples.twilio.mediastreams.TwilioMessages;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket routes, on the Vert.x router of {@code camel-platform-http-vertx}: {@code /media-stream} (Twilio Media
 * Streams) and {@code /browser-stream} (the page). Each connection is one {@link CallBridge.Call}; the handlers only
 * parse and hand over, on the Vert.x event loop, never blocking it.
 */
public final class MediaStreamSockets {

    public static final String MEDIA_STREAM = "/media-stream";
    public static final String BROWSER_STREAM = "/browser-stream";

    private static final Logger LOG = LoggerFactory.getLogger(MediaStreamSockets.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong BROWSER_SESSIONS = new AtomicLong();

    private MediaStreamSockets() {
    }

    public static void install(Router router, CallBridge bridge) {
        router.route(MEDIA_STREAM).handler(rc -> rc.request().toWebSocket()
                .onSuccess(ws -> twilio(ws, bridge))
                .onFailure(err -> LOG.warn("{}: WebSocket upgrade failed: {}", MEDIA_STREAM, err.toString())));
        router.route(BROWSER_STREAM).handler(rc -> rc.request().toWebSocket()
                .onSuccess(ws -> browser(ws, bridge))
                .onFailure(err -> LOG.warn("{}: WebSocket upgrade failed: {}", BROWSER_STREAM, err.toString())));
    }

    /** Twilio Media Streams: JSON text messages, mu-law 8 kHz. */
    static void twilio(ServerWebSocket ws, CallBridge bridge) {
        CallBridge.Call[] holder = new CallBridge.Call[1];
        CallBridge.Peer peer = new CallBridge.Peer() {
            @Override
            public void audio(byte[] audio) {
                ws.writeTextMessage(TwilioMessages.media(holder[0].key(), audio));
            }

            @Override
            public void mark(String name) {
                ws.writeTextMessage(TwilioMessages.mark(holder[0].key(), name));
            }

            @Override
            public void clear() {
                ws.writeTextMessage(TwilioMessages.clear(holder[0].key()));
            }
        };
        CallBridge.Call call = bridge.open("phone", "direct:phone-in", 8, peer);
        holder[0] = call;
        ws.textMessageHandler(text -> {
            TwilioMessage message;
            try {
                message = TwilioMessages.parse(text);
            } catch (MalformedTwilioMessageException e) {
                LOG.warn("{}: skipped a malformed message ({}): {}", call.key(), e.getMessage(), abbreviate(text));
                call.skipped(true);
                return;
            }
            if (message.streamSid() != null && call.isStarted() && !message.streamSid().equals(call.key())) {
                LOG.warn("{}: skipped a {} message of another stream ({})", call.key(), message.event(), message.streamSid());
                call.skipped(true);
                return;
            }
            if (message instanceof TwilioMessage.Media media) {
                call.callerAudio(media.payload());
            } else if (message instanceof TwilioMessage.Mark mark) {
                call.markPlayed(mark.name());
            } else if (message instanceof TwilioMessage.Start start) {
                if (!start.mediaFormat().isMulaw8k()) {
                    LOG.warn("{}: media format {} is not mu-law 8 kHz mono; the session expects g711_ulaw", start.streamSid(), start.mediaFormat());
                }
                call.started(start.streamSid(), start.callSid());
            } else if (message instanceof TwilioMessage.Dtmf dtmf) {
                call.dtmf(dtmf.digit());
            } else if (message instanceof TwilioMessage.Stop) {
                call.hangUp();
            } else if (message instanceof TwilioMessage.Connected c) {
                LOG.debug("connected: protocol {} version {}", c.protocol(), c.version());
            } else if (message instanceof TwilioMessage.Unknown u) {
                LOG.warn("{}: skipped an unknown '{}' message", call.key(), u.event());
                call.skipped(false);
            }
        });
        ws.binaryMessageHandler(b -> {
            LOG.warn("{}: skipped a binary message of {} bytes (Media Streams sends text)", call.key(), b.length());
            call.skipped(true);
        });
        ws.exceptionHandler(err -> LOG.warn("{}: WebSocket error: {}", call.key(), err.toString()));
        ws.closeHandler(v -> call.hangUp());
    }

    /**
     * The browser page: binary messages are pcm16 24 kHz mono frames from the microphone; text messages are
     * {@code {"event":"mark","name":…}} echoes, {@code {"event":"status",…}} (what the page shows) and
     * {@code {"event":"stop"}}. To the page: binary pcm16 reply audio,
     * and {@code mark}, {@code clear}, {@code transcript} as JSON.
     */
    static void browser(ServerWebSocket ws, CallBridge bridge) {
        CallBridge.Peer peer = new CallBridge.Peer() {
            @Override
            public void audio(byte[] audio) {
                ws.writeBinaryMessage(Buffer.buffer(audio));
            }

            @Override
            public void mark(String name) {
                ws.writeTextMessage(event("mark").put("name", name).toString());
            }

            @Override
            public void clear() {
                ws.writeTextMessage(event("clear").toString());
            }

            @Override
            public void transcript(String role, String text, boolean done) {
                ws.writeTextMessage(event("transcript").put("role", role).put("text", text).put("done", done).toString());
            }
        };
        CallBridge.Call call = bridge.open("browser", "direct:browser-in", 48, peer);
        call.started("browser-" + BROWSER_SESSIONS.incrementAndGet(), null);
        ws.writeTextMessage(event("started").put("session", call.key()).toString());
        ws.binaryMessageHandler(b -> {
            if (b.length() % 2 != 0) {
                LOG.warn("{}: skipped an odd-sized pcm16 frame ({} bytes)", call.key(), b.length());
                call.skipped(true);
                return;
            }
            call.callerAudio(b.getBytes());
        });
        ws.textMessageHandler(text -> {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (Exception e) {
                LOG.warn("{}: skipped a malformed message: {}", call.key(), abbreviate(text));
                call.skipped(true);
                return;
            }
            switch (node.path("event").asText()) {
                case "mark" -> call.markPlayed(node.path("name").asText());
                case "stop" -> call.hangUp();
                case "status" -> call.pageStatus(text);
                default -> {
                    LOG.warn("{}: skipped an unknown message: {}", call.key(), abbreviate(text));
                    call.skipped(false);
                }
            }
        });
        ws.exceptionHandler(err -> LOG.warn("{}: WebSocket error: {}", call.key(), err.toString()));
        ws.closeHandler(v -> call.hangUp());
    }

    private static ObjectNode event(String name) {
        return JSON.createObjectNode().put("event", name);
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
