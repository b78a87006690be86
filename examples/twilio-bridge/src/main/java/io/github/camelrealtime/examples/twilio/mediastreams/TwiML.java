package io.github.camelrealtime.examples.twilio.mediastreams;

import java.util.Map;

/** TwiML for a bidirectional Media Stream: {@code <Response><Connect><Stream url="wss://…"/></Connect></Response>}. */
public final class TwiML {

    private TwiML() {
    }

    /**
     * The answer to Twilio's voice webhook that connects the call to your WebSocket, both directions.
     *
     * @param streamUrl  {@code wss://host/path}: Twilio accepts only wss, on a publicly reachable host
     * @param parameters custom parameters, echoed in {@code start.customParameters} (may be empty)
     */
    public static String connectStream(String streamUrl, Map<String, String> parameters) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Connect><Stream url=\"")
                .append(escape(streamUrl)).append('"');
        if (parameters.isEmpty()) {
            xml.append("/>");
        } else {
            xml.append('>');
            parameters.forEach((k, v) -> xml.append("<Parameter name=\"").append(escape(k)).append("\" value=\"").append(escape(v)).append("\"/>"));
            xml.append("</Stream>");
        }
        return xml.append("</Connect></Response>").toString();
    }

    /**
     * The stream URL for a request: {@code wss://<publicHost><path>} when a public host is configured, else
     * {@code wss://<Host header><path>} (behind ngrok or a TLS-terminating proxy the Host header is the public name).
     */
    public static String streamUrl(String publicHost, String hostHeader, String path) {
        String host = publicHost != null && !publicHost.isBlank() ? publicHost.trim() : hostHeader;
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("No public host: set PUBLIC_HOST or send a Host header");
        }
        host = host.replaceFirst("^(?i)(https?|wss?)://", "");
        while (host.endsWith("/")) {
            host = host.substring(0, host.length() - 1);
        }
        return "wss://" + host + path;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }
}
