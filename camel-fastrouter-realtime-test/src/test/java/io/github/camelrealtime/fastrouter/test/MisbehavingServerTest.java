package io.github.camelrealtime.fastrouter.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fault modes that make the simulator misbehave like a broken or overloaded server, asserted on the wire. */
class MisbehavingServerTest {

    @RegisterExtension
    static RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    private static final String TEXT_SESSION = "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"]}}";

    private static TestClient gaText(RealtimeSimulator sim) {
        TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga());
        client.await("session.created");
        client.send(TEXT_SESSION);
        client.await("session.updated");
        return client;
    }

    private static String userText(String text) {
        return "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\""
                + text + "\"}]}}";
    }

    /**
     * The last {@code n} connections: a connection of the previous test may still be closing when the extension clears
     * the history, and then stays listed.
     */
    private static List<SimulatedConnection> latest(RealtimeSimulator sim, int n) {
        List<SimulatedConnection> all = sim.connections();
        return all.subList(all.size() - n, all.size());
    }

    private static boolean hasType(JsonNode event, String type) {
        return type.equals(event.path("type").asText());
    }

    // ---- hung responses ------------------------------------------------------------------------------------------

    @Test
    void hungResponseSendsItsOutputButNoDoneAndStaysActiveUntilCancelledById(RealtimeSimulator sim) {
        sim.hangNextResponses(1);
        try (TestClient client = gaText(sim)) {
            client.send(userText("hang on"));
            client.send("{\"type\":\"response.create\"}");
            String responseId = client.await("response.created").path("response").path("id").asText();
            // the last output event of the response: an assistant conversation.item.done
            client.awaitMatching(e -> hasType(e, "conversation.item.done") && "assistant".equals(e.path("item").path("role").asText()),
                    1, "assistant item done");
            assertThat(client.await("response.output_text.done").path("text").asText()).isEqualTo("echo: hang on");

            // still active: a second response.create is refused; its error comes after anything already sent
            String second = client.send("{\"type\":\"response.create\"}");
            JsonNode refused = client.awaitError(second);
            assertThat(refused.path("code").asText()).isEqualTo("conversation_already_has_active_response");
            assertThat(refused.path("message").asText()).contains(responseId);
            assertThat(client.types()).doesNotContain("response.done", "rate_limits.updated");

            client.send("{\"type\":\"response.cancel\",\"response_id\":\"" + responseId + "\"}");
            JsonNode done = client.await("response.done").path("response");
            assertThat(done.path("id").asText()).isEqualTo(responseId);
            assertThat(done.path("status").asText()).isEqualTo("cancelled");
            assertThat(done.path("status_details").path("type").asText()).isEqualTo("cancelled");
            assertThat(done.path("status_details").path("reason").asText()).isEqualTo("client_cancelled");
            assertThat(done.path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("echo: hang on");
            client.await("rate_limits.updated");

            // only one response was hung: the next one completes on its own
            client.send("{\"type\":\"response.create\"}");
            assertThat(client.await("response.done", 2).path("response").path("status").asText()).isEqualTo("completed");
            assertThat(client.events("error")).hasSize(1);
        }
    }

    @Test
    void hungResponsesEndWithACancelWithoutIdInBothDialects(RealtimeSimulator sim) {
        sim.hangNextResponses(2);
        for (var headers : List.of(TestClient.beta(), TestClient.ga())) {
            try (TestClient client = TestClient.connect(sim.baseUrl(), headers)) {
                client.await("session.created");
                client.send(userText("and wait"));
                client.send("{\"type\":\"response.create\"}");
                String responseId = client.await("response.created").path("response").path("id").asText();
                client.await("response.output_item.done");
                // a sentinel round trip: the retrieve answer comes after every event of the response already planned
                String missing = client.send("{\"type\":\"conversation.item.retrieve\",\"item_id\":\"item_missing\"}");
                client.awaitError(missing);
                assertThat(client.types()).doesNotContain("response.done");
                client.send("{\"type\":\"response.cancel\"}");
                JsonNode done = client.await("response.done").path("response");
                assertThat(done.path("id").asText()).isEqualTo(responseId);
                assertThat(done.path("status").asText()).isEqualTo("cancelled");
                assertThat(done.path("status_details").path("reason").asText()).isEqualTo("client_cancelled");
                // nothing is active any more
                String again = client.send("{\"type\":\"response.cancel\"}");
                assertThat(client.awaitError(again).path("code").asText()).isEqualTo("response_cancel_not_active");
            }
        }
    }

    @Test
    void resetClearsPendingHangs(RealtimeSimulator sim) {
        sim.hangNextResponses(3);
        sim.reset();
        try (TestClient client = gaText(sim)) {
            client.send("{\"type\":\"response.create\"}");
            assertThat(client.await("response.done").path("response").path("status").asText()).isEqualTo("completed");
        }
    }

    // ---- rejected response.create ------------------------------------------------------------------------------

    @Test
    void rejectedResponseCreatesGetAnErrorWithOrWithoutEventIdAndStartNothing(RealtimeSimulator sim) {
        sim.rejectNextResponseCreate("rate_limit_exceeded", "Too many concurrent responses.", true);
        sim.rejectNextResponseCreate("server_overloaded", "Try again later.", false);
        try (TestClient client = gaText(sim)) {
            String first = client.send("{\"type\":\"response.create\"}");
            JsonNode error = client.awaitError(first);
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error.path("message").asText()).isEqualTo("Too many concurrent responses.");

            client.send("{\"type\":\"response.create\"}");
            JsonNode second = client.await("error", 2).path("error");
            assertThat(second.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(second.path("code").asText()).isEqualTo("server_overloaded");
            assertThat(second.path("message").asText()).isEqualTo("Try again later.");
            assertThat(second.has("event_id")).isFalse();
            assertThat(client.types()).doesNotContain("response.created");

            client.send("{\"type\":\"response.create\"}");
            assertThat(client.await("response.done").path("response").path("status").asText()).isEqualTo("completed");
            assertThat(client.events("response.created")).hasSize(1);
        }
    }

    // ---- withheld session.created ------------------------------------------------------------------------------

    @Test
    void withheldSessionCreatedMeansSilenceButClientEventsAreRecorded(RealtimeSimulator sim) {
        sim.withholdSessionCreated(true);
        try (TestClient silent = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            silent.send(TEXT_SESSION);
            silent.send("{\"type\":\"response.create\"}");
            assertThat(sim.awaitReceived("response.create", 1, TestClient.TIMEOUT)).isTrue();
            SimulatedConnection connection = sim.lastConnection();
            assertThat(connection.received()).extracting(e -> e.path("type").asText()).containsExactly("session.update", "response.create");
            assertThat(connection.sent()).isEmpty();
            assertThat(connection.isOpen()).isTrue();

            // new connections speak again once it is turned off; the silent one stays silent
            sim.withholdSessionCreated(false);
            try (TestClient normal = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
                normal.await("session.created");
            }
            silent.send("{\"type\":\"response.create\"}");
            assertThat(sim.awaitReceived("response.create", 2, TestClient.TIMEOUT)).isTrue();
            assertThat(connection.sent()).isEmpty();
            assertThat(silent.events()).isEmpty();
        }
    }

    // ---- handshakes ----------------------------------------------------------------------------------------------

    /** Sends a WebSocket upgrade request over a plain socket and returns the whole HTTP answer (headers and body). */
    private static String rawHandshake(RealtimeSimulator sim) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", sim.port())) {
            socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/realtime HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + RealtimeSimulator.DEFAULT_API_KEY + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            while (!answer.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the answer ended inside its head: " + answer);
                }
                answer.write(b);
            }
            String head = answer.toString(StandardCharsets.ISO_8859_1);
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\nContent-Length: (\\d+)\r\n").matcher(head);
            if (length.find()) {
                answer.write(in.readNBytes(Integer.parseInt(length.group(1))));
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void rejectedHandshakesCarryExtraHeaders(RealtimeSimulator sim) throws IOException {
        String body = RealtimeSimulator.errorBody(503, "Service temporarily unavailable.", "server_error", "service_unavailable");
        sim.rejectHandshakes(503, body, 1, Map.of("Retry-After", "2"));
        String answer = rawHandshake(sim);
        assertThat(answer).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n") + 2);
        assertThat(head).contains("\r\nRetry-After: 2\r\n").contains("\r\nContent-Type: application/json\r\n");
        assertThat(answer.substring(head.length() + 2)).isEqualTo(body);
        // count 1: the next handshake is upgraded
        assertThat(rawHandshake(sim)).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        // the older overloads still work, without extra headers
        sim.rejectHandshakes(429, RealtimeSimulator.errorBody(429, "Slow down.", "rate_limit_error", "rate_limit_exceeded"), 1);
        String limited = rawHandshake(sim);
        assertThat(limited).startsWith("HTTP/1.1 429 Too Many Requests\r\n").doesNotContain("Retry-After");
    }

    @Test
    void handshakeAttemptsAreTimedInOrderWhateverTheAnswer(RealtimeSimulator sim) throws IOException {
        assertThat(sim.handshakeAttemptCount()).isZero();
        long before = System.nanoTime();
        sim.rejectHandshakes(503, RealtimeSimulator.errorBody(503, "Unavailable.", "server_error", "service_unavailable"), 1,
                Map.of("Retry-After", "1"));
        assertThat(rawHandshake(sim)).startsWith("HTTP/1.1 503");
        long afterRejected = System.nanoTime();
        try (TestClient client = TestClient.connect(sim.baseUrl(), Map.of("Authorization", "Bearer wrong"))) {
            throw new AssertionError("the wrong key was accepted");
        } catch (RuntimeException expected) {
            // 401
        }
        long afterUnauthorized = System.nanoTime();
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
        }
        long after = System.nanoTime();
        List<Long> attempts = sim.handshakeAttempts();
        assertThat(sim.handshakeAttemptCount()).isEqualTo(3);
        assertThat(attempts).hasSize(3).isSorted();
        assertThat(attempts.get(0)).isBetween(before, afterRejected);
        assertThat(attempts.get(1)).isBetween(afterRejected, afterUnauthorized);
        assertThat(attempts.get(2)).isBetween(afterUnauthorized, after);
        assertThat(sim.connectionCount()).isEqualTo(1);
        sim.clearHistory();
        assertThat(sim.handshakeAttempts()).isEmpty();
    }

    // ---- closing and dropping everything ----------------------------------------------------------------------------

    @Test
    void closeAllSendsTheCodeAndReasonToEveryConnection(RealtimeSimulator sim) {
        try (TestClient a = TestClient.connect(sim.baseUrl(), TestClient.ga());
                TestClient b = TestClient.connect(sim.baseUrl(), TestClient.beta())) {
            a.await("session.created");
            b.await("session.created");
            String reason = "upstream rejected key sk-live-SECRET123 for this project";
            sim.closeAll(4001, reason);
            assertThat(a.awaitClose()).isEqualTo(4001);
            assertThat(b.awaitClose()).isEqualTo(4001);
            assertThat(a.closeReason).isEqualTo(reason);
            assertThat(b.closeReason).isEqualTo(reason);
            assertThat(sim.awaitNoOpenConnections(TestClient.TIMEOUT)).isTrue();
            assertThat(latest(sim, 2)).allMatch(c -> c.closeCode() == 4001 && "server".equals(c.closedBy()) && reason.equals(c.closeReason()));
        }
    }

    @Test
    void closeAllCutsALongReasonOnACharacterBoundary(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            sim.closeAll(1011, "é".repeat(100)); // 200 bytes: 123 would split a character
            assertThat(client.awaitClose()).isEqualTo(1011);
            assertThat(client.closeReason).isEqualTo("é".repeat(61));
        }
    }

    @Test
    void dropAllCutsEveryConnectionWithoutACloseFrame(RealtimeSimulator sim) {
        try (TestClient a = TestClient.connect(sim.baseUrl(), TestClient.ga());
                TestClient b = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            a.await("session.created");
            b.await("session.created");
            sim.dropAll();
            assertThat(a.awaitClose()).isEqualTo(1006);
            assertThat(b.awaitClose()).isEqualTo(1006);
            assertThat(sim.awaitNoOpenConnections(TestClient.TIMEOUT)).isTrue();
            assertThat(latest(sim, 2)).allMatch(c -> c.closeCode() == 1006 && "network".equals(c.closedBy()));
            // no close frame was sent: the last events of each connection are the session's own
            assertThat(latest(sim, 2)).allMatch(c -> c.sentTypes().equals(List.of("session.created")));
        }
    }

    // ---- response delay at run time ---------------------------------------------------------------------------------

    @Test
    void responseDelayCanBeChangedAtRunTimeAndResetRestoresIt(RealtimeSimulator sim) {
        try (TestClient client = gaText(sim)) {
            client.send(userText("slow"));
            client.await("conversation.item.done");
            sim.setResponseDelay(Duration.ofMillis(100));
            long sent = System.nanoTime();
            client.send("{\"type\":\"response.create\"}");
            client.await("response.done");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            // 9 steps, one pause between consecutive steps (an item's response and conversation events share a step):
            // created, item added, part added, "echo:", " slow", text done, part done, item done, done
            assertThat(client.await("response.done").path("response").path("output").get(0).path("content").get(0).path("text").asText())
                    .isEqualTo("echo: slow");
            assertThat(elapsedMs).isGreaterThanOrEqualTo(800L); // a lower bound only

            sim.reset();
            client.send("{\"type\":\"response.create\"}");
            client.await("response.done", 2);
            // back to no delay: only checked loosely (a slow machine may be slow)
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent) - elapsedMs).isLessThan(800L + 5000);
        }
    }

    // ---- server errors ----------------------------------------------------------------------------------------------

    @Test
    void serverErrorsReachEveryConnectionWithoutEventId(RealtimeSimulator sim) {
        try (TestClient a = TestClient.connect(sim.baseUrl(), TestClient.ga());
                TestClient b = TestClient.connect(sim.baseUrl(), TestClient.beta())) {
            a.await("session.created");
            b.await("session.created");
            sim.sendServerError("server_error", "The server had an error while processing your request.");
            for (TestClient client : List.of(a, b)) {
                JsonNode error = client.await("error").path("error");
                assertThat(error.path("type").asText()).isEqualTo("server_error");
                assertThat(error.path("code").asText()).isEqualTo("server_error");
                assertThat(error.path("message").asText()).isEqualTo("The server had an error while processing your request.");
                assertThat(error.has("event_id")).isFalse();
            }
            assertThat(latest(sim, 2)).allMatch(SimulatedConnection::isOpen);
        }
    }

    // ---- pings during a long response, and VAD off by default --------------------------------------------------------

    @Test
    void clientPingsAreAnsweredWhileALongResponseIsBeingSent(RealtimeSimulator sim) {
        sim.setResponseDelay(Duration.ofMillis(50));
        try (TestClient client = gaText(sim)) {
            client.send(userText("word ".repeat(400).strip())); // about 400 deltas: at least 20 s of response
            client.send("{\"type\":\"response.create\"}");
            client.await("response.output_text.delta");
            for (int i = 1; i <= 3; i++) {
                client.webSocket().sendPing(ByteBuffer.wrap(("client-ping-" + i).getBytes(StandardCharsets.UTF_8))).join();
                int n = i;
                long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
                while (client.pongs().size() < n && System.nanoTime() < deadline) {
                    TestClient.sleep(5);
                }
                assertThat(client.pongs()).hasSize(n);
                assertThat(client.pongs().get(n - 1).payload()).isEqualTo("client-ping-" + n);
            }
            // the pongs came in the middle of the response, not after it
            assertThat(client.types()).doesNotContain("response.done");
            int afterFirstDelta = client.types().indexOf("response.output_text.delta");
            assertThat(client.pongs()).allMatch(p -> p.eventsBefore() > afterFirstDelta);
            client.send("{\"type\":\"response.cancel\"}");
            assertThat(client.await("response.done").path("response").path("status").asText()).isEqualTo("cancelled");
        }
    }

    @Test
    void withoutServerVadByDefaultAnUpdateThatOmitsTurnDetectionLeavesItNull(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.beta())) {
            JsonNode created = client.await("session.created").path("session");
            assertThat(created.has("turn_detection")).isTrue();
            assertThat(created.get("turn_detection").isNull()).isTrue();
            client.send("{\"type\":\"session.update\",\"session\":{\"instructions\":\"be brief\",\"input_audio_format\":\"g711_ulaw\","
                    + "\"input_audio_transcription\":{\"model\":\"whisper-1\"}}}");
            JsonNode updated = client.await("session.updated").path("session");
            assertThat(updated.has("turn_detection")).isTrue();
            assertThat(updated.get("turn_detection").isNull()).isTrue();
        }
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            JsonNode created = client.await("session.created").path("session").path("audio").path("input");
            assertThat(created.has("turn_detection")).isTrue();
            assertThat(created.get("turn_detection").isNull()).isTrue();
            client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\"be brief\","
                    + "\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcmu\"},\"transcription\":{\"model\":\"whisper-1\"}}}}}");
            JsonNode updated = client.await("session.updated").path("session").path("audio").path("input");
            assertThat(updated.path("format").path("type").asText()).isEqualTo("audio/pcmu");
            assertThat(updated.has("turn_detection")).isTrue();
            assertThat(updated.get("turn_detection").isNull()).isTrue();
            // and the server indeed does not detect turns: loud audio starts no speech
            client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\"}}");
            client.await("session.updated", 2);
            byte[] loud = new byte[8000];
            java.util.Arrays.fill(loud, (byte) 0x80); // mu-law near full scale
            client.appendAudio(loud, 800);
            assertThat(client.await("session.updated", 2).path("session").path("audio").path("input").get("turn_detection").isNull()).isTrue();
            client.send("{\"type\":\"input_audio_buffer.commit\"}");
            client.await("input_audio_buffer.committed");
            assertThat(client.types()).doesNotContain("input_audio_buffer.speech_started", "response.created");
        }
    }
}
