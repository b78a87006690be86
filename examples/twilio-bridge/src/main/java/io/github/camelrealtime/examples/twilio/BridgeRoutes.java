package io.github.camelrealtime.examples.twilio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.camelrealtime.examples.twilio.mediastreams.TwiML;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeConstants;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import static org.apache.camel.support.builder.PredicateBuilder.and;

/**
 * The bridge's routes.
 *
 * <ul>
 * <li>{@code POST /incoming-call}: TwiML that connects the call to {@code wss://HOST/media-stream};</li>
 * <li>{@code GET /} (and {@code /audio-worklet.js}): the browser page;</li>
 * <li>{@code direct:phone-in} / {@code direct:browser-in}: what the caller does, from {@link CallBridge}, mapped to
 * the realtime producer of the call's keyed session (header {@value CallBridge#CALL_EVENT});</li>
 * <li>the realtime consumers: every server event of every call, to {@link CallBridge#fromRealtime}.</li>
 * </ul>
 */
public class BridgeRoutes extends RouteBuilder {

    /** Server events the bridge acts on. */
    static final String EVENT_TYPES = "response.output_audio.delta,input_audio_buffer.speech_started,response.output_audio_transcript.delta,"
                                      + "response.output_audio_transcript.done,conversation.item.input_audio_transcription.completed,response.done";

    private final TwilioBridgeSettings settings;
    private final CallBridge bridge;

    public BridgeRoutes(TwilioBridgeSettings settings, CallBridge bridge) {
        this.settings = settings;
        this.bridge = bridge;
    }

    /** The realtime endpoint of phone calls: mu-law in and out (nothing transcoded), server VAD, 20 ms appends. */
    public String phoneUri() {
        return realtimeUri("phone", "g711_ulaw");
    }

    /** The realtime endpoint of browser sessions: pcm16 24 kHz in and out. */
    public String browserUri() {
        return realtimeUri("browser", "pcm16");
    }

    private String realtimeUri(String name, String format) {
        StringBuilder uri = new StringBuilder("fastrouter-realtime:").append(name)
                .append("?turnDetection=server_vad&inputAudioFormat=").append(format).append("&outputAudioFormat=").append(format)
                .append("&chunkMillis=20&transcriptionModel=RAW(").append(settings.transcriptionModel()).append(')')
                .append("&instructions=RAW(").append(settings.instructions()).append(')');
        if (!settings.useSimulator()) {
            uri.append("&model=RAW(").append(settings.model()).append(')');
        }
        if (settings.voice() != null) {
            uri.append("&voice=").append(settings.voice());
        }
        return uri.toString();
    }

    @Override
    public void configure() {
        // Twilio's voice webhook: answer with a bidirectional stream to this server
        from("platform-http:/incoming-call?httpMethodRestrict=POST").routeId("incoming-call")
                .process(this::twiml);

        from("platform-http:/?httpMethodRestrict=GET").routeId("browser-page")
                .setHeader(Exchange.CONTENT_TYPE, constant("text/html; charset=utf-8"))
                .setBody(constant(resource("web/index.html")));
        from("platform-http:/audio-worklet.js?httpMethodRestrict=GET").routeId("browser-worklet")
                .setHeader(Exchange.CONTENT_TYPE, constant("text/javascript; charset=utf-8"))
                .setBody(constant(resource("web/audio-worklet.js")));

        inbound("direct:phone-in", "phone-in", phoneUri());
        inbound("direct:browser-in", "browser-in", browserUri());

        from(phoneUri() + "&eventTypes=" + EVENT_TYPES).routeId("phone-out").process(bridge::fromRealtime);
        from(browserUri() + "&eventTypes=" + EVENT_TYPES).routeId("browser-out").process(bridge::fromRealtime);
    }

    /** What the caller does, to the call's keyed realtime session (the session key header is set by the bridge). */
    private void inbound(String from, String id, String realtime) {
        from(from).routeId(id)
                .errorHandler(noErrorHandler()) // failures are logged per call by CallBridge, the call goes on
                .choice()
                    .when(header(CallBridge.CALL_EVENT).isEqualTo("media"))
                        .to(realtime)                                   // 20 ms of audio, appended as is
                    .when(and(header(CallBridge.CALL_EVENT).isEqualTo("start"), body().isNotNull()))
                        .to(realtime)                                   // the greeting: response.create with instructions
                    .when(header(CallBridge.CALL_EVENT).isEqualTo("dtmf"))
                        .setBody(simple("The caller pressed the key ${header." + CallBridge.DTMF_DIGIT + "} on the phone keypad."))
                        .to(realtime)                                   // a user text message
                        .setBody(constant("{\"type\":\"response.create\"}"))
                        .to(realtime)                                   // and an answer to it
                    .when(header(CallBridge.CALL_EVENT).isEqualTo("barge-in"))
                        .setHeader(FastRouterRealtimeConstants.ACTION, constant("interrupt"))
                        .to(realtime)                                   // truncate at AudioPlayedMs (set by the bridge)
                    .when(header(CallBridge.CALL_EVENT).isEqualTo("stop"))
                        .setHeader(FastRouterRealtimeConstants.ACTION, constant("close"))
                        .to(realtime)                                   // the call's session ends with the call
                .end();
    }

    private void twiml(Exchange exchange) {
        String host = requestHost(exchange);
        String url;
        try {
            url = TwiML.streamUrl(settings.publicHost(), host, "/media-stream");
        } catch (IllegalArgumentException e) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            exchange.getMessage().setBody(e.getMessage());
            return;
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/xml");
        exchange.getMessage().setBody(TwiML.connectStream(url, Map.of()));
    }

    /** The Host the request was sent to (behind ngrok or a TLS proxy: the public name), from the request URL. */
    static String requestHost(Exchange exchange) {
        String host = exchange.getMessage().getHeader("Host", String.class);
        if (host != null && !host.isBlank()) {
            return host;
        }
        String url = exchange.getMessage().getHeader(Exchange.HTTP_URL, String.class);
        if (url == null) {
            return null;
        }
        java.net.URI uri = java.net.URI.create(url);
        return uri.getHost() == null ? null : uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    static String resource(String name) {
        try (InputStream in = BridgeRoutes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
