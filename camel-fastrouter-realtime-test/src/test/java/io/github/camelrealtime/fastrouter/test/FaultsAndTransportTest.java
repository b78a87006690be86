package io.github.camelrealtime.fastrouter.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultsAndTransportTest {

    @RegisterExtension
    static RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    @Test
    void replaysABundledCaptureLineByLine(RealtimeSimulator sim) {
        String capture = "beta-text-response-liusida-2025-08.jsonl";
        List<String> lines = RealtimeSimulator.readLines(capture).stream().filter(l -> !l.isBlank()).toList();
        sim.replayOnConnect(capture);
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.beta())) {
            client.await("response.done");
            assertThat(client.events()).hasSize(lines.size());
            assertThat(client.events()).containsExactlyElementsOf(lines.stream().map(TestClient::parse).toList());
            client.send("{\"type\":\"response.create\"}");
            assertThat(sim.awaitReceived("response.create", 1, TestClient.TIMEOUT)).isTrue();
            assertThat(client.events()).hasSize(lines.size());
            assertThat(sim.lastConnection().isOpen()).isTrue();
        }
    }

    @Test
    void replaysScriptedLinesThenStaysOpen(RealtimeSimulator sim) {
        sim.replayOnConnect(List.of("{\"type\":\"session.created\",\"session\":{\"id\":\"sess_x\"}}", "", "{\"type\":\"future.event\",\"x\":1}"));
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("future.event");
            assertThat(client.types()).containsExactly("session.created", "future.event");
        }
    }

    @Test
    void wssWorksWithTheBundledCertificate() {
        try (RealtimeSimulator tls = RealtimeSimulator.builder().tls(true).build().start();
                TestClient client = TestClient.connect(tls.tlsBaseUrl(), TestClient.ga(), RealtimeSimulator.clientSslContext())) {
            assertThat(tls.tlsBaseUrl().toString()).startsWith("wss://localhost:").endsWith("/v1/realtime");
            client.await("session.created");
            assertThat(tls.lastConnection().isTls()).isTrue();
            assertThat(RealtimeSimulator.class.getClassLoader().getResource(RealtimeSimulator.trustStoreResource())).isNotNull();
        }
    }

    @Test
    void dropAfterEventsEndsTheTcpConnectionWithoutACloseFrame(RealtimeSimulator sim) throws IOException {
        // a raw socket reads every byte the server wrote up to the end of the stream; the JDK client cannot be used
        // here: when the connection ends right after the handshake it may never complete its connect future
        sim.dropAfterEvents(2);
        try (Socket socket = new Socket(sim.baseUrl().getHost(), sim.baseUrl().getPort())) {
            socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            String request = "GET " + sim.baseUrl().getPath() + "?model=gpt-realtime HTTP/1.1\r\n"
                    + "Host: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + RealtimeSimulator.DEFAULT_API_KEY + "\r\nOpenAI-Beta: realtime=v1\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            byte[] stream = socket.getInputStream().readAllBytes();
            int body = indexOf(stream, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
            assertThat(new String(stream, 0, body, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
            List<String> types = new ArrayList<>();
            int at = body;
            while (at < stream.length) {
                int opcode = stream[at] & 0x0f;
                assertThat(opcode).as("only text frames, no close frame (0x8)").isEqualTo(1);
                int length = stream[at + 1] & 0x7f;
                int header = 2;
                if (length == 126) {
                    length = ((stream[at + 2] & 0xff) << 8) | (stream[at + 3] & 0xff);
                    header = 4;
                } else if (length == 127) {
                    length = (int) ByteBuffer.wrap(stream, at + 2, 8).getLong();
                    header = 10;
                }
                String text = new String(stream, at + header, length, StandardCharsets.UTF_8);
                types.add(TestClient.parse(text).path("type").asText());
                at += header + length;
            }
            assertThat(types).containsExactly("session.created", "conversation.created");
        }
        assertThat(sim.awaitNoOpenConnections(TestClient.TIMEOUT)).isTrue();
        assertThat(sim.lastConnection().sentTypes()).containsExactly("session.created", "conversation.created");
        assertThat(sim.lastConnection().closeCode()).isEqualTo(1006);
        assertThat(sim.lastConnection().closedBy()).isEqualTo("network");
    }

    @Test
    void aDropMidSessionShowsAs1006ToTheJdkClient(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            sim.dropAfterEvents(1);
            client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\"x\"}}");
            assertThat(sim.awaitNoOpenConnections(TestClient.TIMEOUT)).isTrue();
            assertThat(client.awaitClose()).isEqualTo(1006);
            assertThat(sim.lastConnection().sentTypes()).containsExactly("session.created", "session.updated");
            assertThat(sim.lastConnection().closedBy()).isEqualTo("network");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no end of the HTTP response header");
    }

    @Test
    void closeAfterEventsClosesWithTheCodeAndReason(RealtimeSimulator sim) {
        sim.closeAfterEvents(1, 3000, "invalid_request_error.invalid_api_key");
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            assertThat(client.awaitClose()).isEqualTo(3000);
            assertThat(client.closeReason).isEqualTo("invalid_request_error.invalid_api_key");
            assertThat(client.types()).containsExactly("session.created");
            assertThat(sim.awaitNoOpenConnections(TestClient.TIMEOUT)).isTrue();
            assertThat(sim.lastConnection().closedBy()).isEqualTo("server");
        }
    }

    @Test
    void outgoingMessagesCanBeFragmented() {
        try (RealtimeSimulator fragmenting = RealtimeSimulator.builder().fragmentFrames(16).build().start();
                TestClient client = TestClient.connect(fragmenting.baseUrl(), TestClient.ga())) {
            JsonNode created = client.await("session.created");
            assertThat(created.path("session").path("type").asText()).isEqualTo("realtime");
            assertThat(client.textFrames.get()).isGreaterThan(Json.write(created).length() / 16);
        }
    }

    @Test
    void fragmentedClientMessagesAreReassembled(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            client.webSocket().sendText("{\"type\":\"session.update\",", false).join();
            client.webSocket().sendText("\"session\":{\"type\":\"realtime\",\"instructions\":\"split\"}}", true).join();
            assertThat(client.await("session.updated").path("session").path("instructions").asText()).isEqualTo("split");
        }
    }

    @Test
    void binaryFramesAreRejectedWith1003(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            client.webSocket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
            assertThat(client.awaitClose()).isEqualTo(1003);
        }
    }

    @Test
    void pingsAreAnsweredByTheClient(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            sim.pingEvery(Duration.ofMillis(20));
            SimulatedConnection connection = sim.lastConnection();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (connection.pongs().size() < 2 && System.nanoTime() < deadline) {
                TestClient.sleep(10);
            }
            assertThat(connection.pongs()).hasSizeGreaterThanOrEqualTo(2).allMatch(p -> p.startsWith("sim-ping-"));
        }
    }

    @Test
    void gaSessionsExpireWith1001() {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().build().start()) {
            sim.expireSessionsAfter(Duration.ofMillis(100));
            try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
                assertThat(client.awaitClose()).isEqualTo(1001);
                assertThat(client.closeReason).isEqualTo("Your session hit the maximum duration of 60 minutes.");
            }
            try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.beta())) {
                assertThat(client.awaitClose()).isEqualTo(1000);
                assertThat(client.events("error").get(0).path("error").path("code").asText()).isEqualTo("session_expired");
            }
        }
    }

    @Test
    void malformedAndHugeMessagesReachTheClient(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            sim.sendMalformedFrame();
            sim.sendHugeEvent(3_000_000);
            JsonNode huge = client.await("conversation.item.retrieved");
            assertThat(huge.path("item").path("content").get(0).path("text").asText()).hasSize(3_000_000);
            assertThat(client.events().get(1).isTextual()).isTrue();
            assertThat(client.events().get(1).asText()).isEqualTo("{not json");
        }
    }

    @Test
    void pausedReadingDelaysHandlingButLosesNothing(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            sim.pauseReading(Duration.ofMillis(1000));
            client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\"one\"}}");
            client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\"two\"}}");
            TestClient.sleep(100);
            assertThat(client.types()).doesNotContain("session.updated");
            assertThat(client.await("session.updated", 2).path("session").path("instructions").asText()).isEqualTo("two");
        }
    }

    @Test
    void callIdAndApiKeyHeaderAreAccepted(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(URI.create(sim.baseUrl() + "?call_id=rtc_123"),
                java.util.Map.of("api-key", RealtimeSimulator.DEFAULT_API_KEY))) {
            client.await("session.created");
            assertThat(sim.lastConnection().queryParameters()).containsEntry("call_id", "rtc_123");
            assertThat(sim.lastConnection().model()).isEqualTo(RealtimeSimulator.DEFAULT_MODEL);
            assertThat(sim.lastConnection().header("api-key")).isEqualTo("…");
        }
    }

    @Test
    void closeFromTheClientIsRecorded(RealtimeSimulator sim) {
        TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga());
        client.await("session.created");
        client.webSocket().sendClose(4321, "done").join();
        assertThat(client.awaitClose()).isEqualTo(4321);
        assertThat(sim.awaitNoOpenConnections(TestClient.TIMEOUT)).isTrue();
        assertThat(sim.lastConnection().closeCode()).isEqualTo(4321);
        assertThat(sim.lastConnection().closeReason()).isEqualTo("done");
        assertThat(sim.lastConnection().closedBy()).isEqualTo("client");
        assertThat(sim.openConnections()).isZero();
        assertThat(sim.connectionCount()).isEqualTo(1);
    }
}
