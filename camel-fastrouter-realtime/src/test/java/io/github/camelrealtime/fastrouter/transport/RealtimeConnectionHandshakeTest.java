package io.github.camelrealtime.fastrouter.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RealtimeConnectionHandshakeTest extends TransportTestSupport {

    private static final String API_KEY = "sk-v1-0123456789abcdef0123456789abcdef";


    private ConnectionSettings settings(URI uri) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + API_KEY);
        headers.put("OpenAI-Beta", "realtime=v1");
        headers.put("X-Custom-Trace", "trace-42");
        return new ConnectionSettings(uri, headers, Duration.ofSeconds(10), 1024 * 1024, 16);
    }

    @Test
    void sendsTheHandshakeHeadersAndTheQuery() throws Exception {
        URI uri = RealtimeUris.build(server.uri("/v1/realtime").toString(), "openai/gpt-realtime", "transcription", null);
        RealtimeConnection connection = RealtimeConnection.open(client, settings(uri), new RecordingListener())
                .get(20, TimeUnit.SECONDS);

        TestWebSocketServer.HandshakeRequest request = server.awaitPeer().request();
        assertThat(request.requestLine())
                .isEqualTo("GET /v1/realtime?model=openai%2Fgpt-realtime&intent=transcription HTTP/1.1");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(request.header("OpenAI-Beta")).isEqualTo("realtime=v1");
        assertThat(request.header("X-Custom-Trace")).isEqualTo("trace-42");
        assertThat(connection.isOpen()).isTrue();
        connection.abort();
    }

    @Test
    void refusalCarriesStatusAndServerErrorButNeverTheKey() throws Exception {
        server.refuseWith(new TestWebSocketServer.Refusal(401, "Unauthorized", Map.of(),
                "{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY + "\","
                        + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\",\"status\":401}}"));

        RealtimeHandshakeException failure = handshakeFailure(settings(server.uri("/v1/realtime")));

        assertThat(failure.statusCode()).isEqualTo(401);
        assertThat(failure.errorType()).isEqualTo("invalid_request_error");
        assertThat(failure.errorCode()).isEqualTo("invalid_api_key");
        assertThat(failure.serverMessage()).startsWith("Incorrect API key provided: ").contains("***").doesNotContain(API_KEY);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("HTTP 401", "Incorrect API key provided", "invalid_api_key");
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(API_KEY).doesNotContain(API_KEY.substring(6));
    }

    @Test
    void rateLimitIsRetryableAndCarriesRetryAfter() throws Exception {
        server.refuseWith(new TestWebSocketServer.Refusal(429, "Too Many Requests", Map.of("Retry-After", "7"),
                "{\"error\":{\"message\":\"Rate limit exceeded\",\"type\":\"rate_limit_error\",\"code\":\"rate_limited\"}}"));

        RealtimeHandshakeException failure = handshakeFailure(settings(server.uri("/v1/realtime")));

        assertThat(failure.statusCode()).isEqualTo(429);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(failure.serverMessage()).isEqualTo("Rate limit exceeded");
    }

    @Test
    void nonJsonBodyBecomesAShortServerMessage() throws Exception {
        server.refuseWith(new TestWebSocketServer.Refusal(502, "Bad Gateway", Map.of(),
                "<html>\n<body>upstream   down</body></html>" + "x".repeat(2000)));

        RealtimeHandshakeException failure = handshakeFailure(settings(server.uri("/v1/realtime")));

        assertThat(failure.statusCode()).isEqualTo(502);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.errorCode()).isNull();
        assertThat(failure.serverMessage()).startsWith("<html> <body>upstream down</body></html>xxx").hasSizeLessThan(310);
    }

    @Test
    void connectionRefusedIsAnIoException() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        URI uri = URI.create("ws://127.0.0.1:" + closedPort + "/v1/realtime");

        assertThatThrownBy(() -> RealtimeConnection.open(client, settings(uri), new RecordingListener())
                .get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void silentServerHitsTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(30_000);
                } catch (IOException | InterruptedException e) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI uri = URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/v1/realtime");
            ConnectionSettings quick = new ConnectionSettings(uri, Map.of(), Duration.ofMillis(300), 1024, 4);

            assertThatThrownBy(() -> RealtimeConnection.open(client, quick, new RecordingListener()).get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(HttpTimeoutException.class);
            acceptor.interrupt();
        }
    }

    private static RealtimeHandshakeException handshakeFailure(ConnectionSettings settings) throws Exception {
        try {
            RealtimeConnection.open(client, settings, new RecordingListener()).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RealtimeHandshakeException.class);
            return (RealtimeHandshakeException) e.getCause();
        }
        throw new AssertionError("the handshake succeeded");
    }
}
