package io.github.camelrealtime.fastrouter.transport;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the Realtime WebSocket URI ({@code ?model=&intent=&call_id=}), redacts URIs for logs and tells loopback hosts
 * apart (plain {@code ws://} is only acceptable to a loopback host unless the user allows insecure connections).
 */
public final class RealtimeUris {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private RealtimeUris() {
    }

    /**
     * The URI of one Realtime session.
     *
     * @param baseUrl e.g. {@code wss://api.fastrouter.ai/v1/realtime}; {@code http(s)://} is accepted and turned into
     *                {@code ws(s)://}; an existing query is kept (parameters named like the ones added here are replaced)
     * @param model   {@code ?model=}, or null for the server default
     * @param intent  {@code ?intent=}, omitted when null, blank or {@code conversation} (the server default)
     * @param callId  {@code ?call_id=} to attach to a SIP call (no model needed then), or null
     */
    public static URI build(String baseUrl, String model, String intent, String callId) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("baseUrl must be given");
        }
        URI base;
        try {
            base = new URI(baseUrl.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl is not a valid URI: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = websocketScheme(base.getScheme());
        if (base.getRawAuthority() == null || base.getHost() == null) {
            throw new IllegalArgumentException("baseUrl has no host: " + redact(base));
        }
        if (base.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl must not have a fragment: " + redact(base));
        }
        Map<String, String> added = new LinkedHashMap<>();
        putIfPresent(added, "model", model);
        if (intent != null && !intent.isBlank() && !intent.trim().equalsIgnoreCase("conversation")) {
            added.put("intent", intent.trim());
        }
        putIfPresent(added, "call_id", callId);

        List<String> query = new ArrayList<>();
        if (base.getRawQuery() != null && !base.getRawQuery().isEmpty()) {
            for (String parameter : base.getRawQuery().split("&")) {
                if (!parameter.isEmpty() && !added.containsKey(decodedName(parameter))) {
                    query.add(parameter);
                }
            }
        }
        added.forEach((name, value) -> query.add(name + "=" + encode(value)));

        StringBuilder uri = new StringBuilder(scheme).append("://").append(base.getRawAuthority());
        uri.append(base.getRawPath() == null ? "" : base.getRawPath());
        if (!query.isEmpty()) {
            uri.append('?').append(String.join("&", query));
        }
        try {
            return new URI(uri.toString());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build the realtime URI from baseUrl " + redact(base) + ": " + e.getReason());
        }
    }

    /**
     * The URI as text safe for logs and messages: user info dropped, values of credential-like query parameters
     * ({@code key}, {@code api-key}, {@code token}, {@code sig}…) replaced by {@code ***}.
     */
    public static String redact(URI uri) {
        if (uri == null) {
            return "null";
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            return uri.getScheme() + ":" + Secrets.MASK;
        }
        StringBuilder text = new StringBuilder();
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append("://");
        }
        String host = uri.getHost();
        if (host != null) {
            text.append(host);
            if (uri.getPort() >= 0) {
                text.append(':').append(uri.getPort());
            }
        } else {
            String authority = uri.getRawAuthority();
            text.append(authority.substring(authority.lastIndexOf('@') + 1));
        }
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        String query = uri.getRawQuery();
        if (query != null) {
            List<String> shown = new ArrayList<>();
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                if (equals > 0 && Secrets.isSecretName(decodedName(parameter))) {
                    shown.add(parameter.substring(0, equals + 1) + Secrets.MASK);
                } else {
                    shown.add(parameter);
                }
            }
            text.append('?').append(String.join("&", shown));
        }
        return text.toString();
    }

    /**
     * Whether the URI's host is a loopback host: {@code localhost}, an address in 127.0.0.0/8, or {@code ::1}.
     * Decided from the text alone: no name is resolved.
     */
    public static boolean isLoopback(URI uri) {
        String host = uri == null ? null : uri.getHost();
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equalsIgnoreCase("localhost") || host.equalsIgnoreCase("localhost.")) {
            return true;
        }
        if (IPV4.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return host.startsWith("127.");
        }
        if (host.indexOf(':') >= 0) {
            try {
                // an IPv6 literal: parsed, never looked up
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static String websocketScheme(String scheme) {
        if (scheme == null) {
            throw new IllegalArgumentException("baseUrl must start with wss:// (or ws:// for a local server)");
        }
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "ws", "http" -> "ws";
            case "wss", "https" -> "wss";
            default -> throw new IllegalArgumentException(
                    "baseUrl must start with wss:// (or ws:// for a local server), not " + scheme + "://");
        };
    }

    private static void putIfPresent(Map<String, String> parameters, String name, String value) {
        if (value != null && !value.isBlank()) {
            parameters.put(name, value.trim());
        }
    }

    private static String decodedName(String parameter) {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
