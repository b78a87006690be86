package io.github.camelrealtime.fastrouter.transport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One HTTP client per test class (as the component shares one), and a fresh test WebSocket server per test. */
abstract class TransportTestSupport {

    static HttpClient client;
    TestWebSocketServer server;

    @BeforeAll
    static void createClient() {
        client = RealtimeHttpClients.create(null, Duration.ofSeconds(10));
    }

    @AfterAll
    static void shutdownClient() {
        RealtimeHttpClients.shutdown(client);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = TestWebSocketServer.start();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }
}
