package io.github.camelrealtime.examples.quarkus;

import java.nio.charset.StandardCharsets;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * The voice service's routes (Camel Quarkus finds this RouteBuilder by itself). Every Realtime setting (server, key,
 * model, instructions, turn detection) comes from {@code application.properties}
 * ({@code camel.component.fastrouter-realtime.*}); the endpoints only name the session. {@link VoiceResource} hands
 * each {@code POST /voice/ask} to {@code direct:ask} and answers with the message it gets back.
 */
public class VoiceRoutes extends RouteBuilder {

    /** The route the HTTP resource calls. */
    public static final String ASK_ENDPOINT = "direct:ask";
    /** The HTTP path that takes a WAV question. */
    public static final String ASK_PATH = "/voice/ask";
    /** Response header with the spoken reply's transcript (non-ASCII characters percent-encoded as UTF-8). */
    public static final String TRANSCRIPT_HEADER = "X-Transcript";
    public static final String STATUS_HEADER = "X-Response-Status";
    public static final String TOKENS_HEADER = "X-Total-Tokens";

    @Override
    public void configure() {
        onException(NotAWavException.class).handled(true)
                .process(e -> plainReply(e, 400, e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()));
        onException(Exception.class).handled(true)
                .log(LoggingLevel.WARN, "Could not answer the question: ${exception.message}")
                .process(e -> plainReply(e, 502, "The Realtime server could not answer: "
                                                 + e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()));

        // a spoken question (WAV) in; the spoken answer (WAV) out, its transcript in a header
        from(ASK_ENDPOINT).routeId("ask")
                .convertBodyTo(byte[].class)
                .process(VoiceRoutes::requireWav)
                // WAV bytes are converted to the session's input format, sent in appends (chunkMillis), committed and
                // answered; the reply is the response's audio as a WAV (replyFormat=auto on an audio session)
                .to(ExchangePattern.InOut, "fastrouter-realtime:voice")
                .process(VoiceRoutes::wavReply);

        // the same session's server errors and connection changes, logged; this consumer opens the session at
        // startup, and its readiness check is what /q/health/ready shows
        from("fastrouter-realtime:voice?eventTypes=error,connection.reconnecting,connection.reconnected,connection.closed")
                .routeId("session-events")
                .log(LoggingLevel.WARN, "Realtime session: ${header.CamelFastRouterRealtimeEventType} ${body}");
    }

    static void requireWav(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length < 44 || !"RIFF".equals(ascii(body, 0)) || !"WAVE".equals(ascii(body, 8))) {
            throw new NotAWavException("Expected a WAV file (RIFF/WAVE, PCM16) as the request body");
        }
    }

    static void wavReply(Exchange exchange) {
        Message message = exchange.getMessage();
        String transcript = message.getHeader(FastRouterRealtimeConstants.TRANSCRIPT, "", String.class);
        Object status = message.getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS);
        Object tokens = message.getHeader(FastRouterRealtimeConstants.TOTAL_TOKENS);
        // only these go back to the client, not the request's headers
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "audio/wav");
        message.setHeader(TRANSCRIPT_HEADER, headerSafe(transcript));
        message.setHeader(STATUS_HEADER, status);
        message.setHeader(TOKENS_HEADER, tokens);
    }

    static void plainReply(Exchange exchange, int code, String text) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        message.setBody(text + "\n");
    }

    /** The transcript as an HTTP header value: printable ASCII as is, anything else percent-encoded (UTF-8). */
    static String headerSafe(String text) {
        StringBuilder s = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                s.append((char) c);
            } else {
                s.append('%').append(String.format("%02X", c));
            }
        }
        return s.toString();
    }

    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }

    /** The request body is not a WAV file: answered with 400. */
    static final class NotAWavException extends IllegalArgumentException {
        NotAWavException(String message) {
            super(message);
        }
    }
}
