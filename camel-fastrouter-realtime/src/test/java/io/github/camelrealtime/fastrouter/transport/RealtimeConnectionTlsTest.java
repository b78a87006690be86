package io.github.camelrealtime.fastrouter.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealtimeConnectionTlsTest {

    @TempDir
    static Path keys;

    private static TestCertificates certificates;

    @BeforeAll
    static void generateCertificate() throws Exception {
        certificates = TestCertificates.generate(keys);
    }

    @Test
    void talksOverWssWithTheGivenSslContext() throws Exception {
        HttpClient client = RealtimeHttpClients.create(certificates.clientContext(), Duration.ofSeconds(10));
        try (TestWebSocketServer server = TestWebSocketServer.start(certificates.serverContext())) {
            RecordingListener listener = new RecordingListener(true);
            ConnectionSettings settings = new ConnectionSettings(server.uri("/v1/realtime"),
                    Map.of("Authorization", "Bearer sk-v1-tls"), Duration.ofSeconds(10), 1024, 4);
            RealtimeConnection connection = RealtimeConnection.open(client, settings, listener).get(20, TimeUnit.SECONDS);
            TestWebSocketServer.Peer peer = server.awaitPeer();
            connection.request(1);

            connection.send("{\"type\":\"ping\"}").get(20, TimeUnit.SECONDS);
            assertThat(peer.awaitMessage()).isEqualTo("{\"type\":\"ping\"}");
            assertThat(peer.request().header("Authorization")).isEqualTo("Bearer sk-v1-tls");
            peer.sendText("{\"type\":\"pong\"}");
            assertThat(listener.awaitMessage()).isEqualTo("{\"type\":\"pong\"}");

            connection.close(1000, "").get(20, TimeUnit.SECONDS);
            assertThat(listener.awaitClosed().kind()).isEqualTo(CloseKind.NORMAL);
        } finally {
            RealtimeHttpClients.shutdown(client);
        }
    }

    @Test
    void refusesAServerItDoesNotTrust() throws Exception {
        HttpClient client = RealtimeHttpClients.create(null, Duration.ofSeconds(10));
        try (TestWebSocketServer server = TestWebSocketServer.start(certificates.serverContext())) {
            ConnectionSettings settings = new ConnectionSettings(server.uri("/v1/realtime"), Map.of(),
                    Duration.ofSeconds(10), 1024, 4);

            assertThatThrownBy(() -> RealtimeConnection.open(client, settings, new RecordingListener()).get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SSLHandshakeException.class);
        } finally {
            RealtimeHttpClients.shutdown(client);
        }
    }
}
