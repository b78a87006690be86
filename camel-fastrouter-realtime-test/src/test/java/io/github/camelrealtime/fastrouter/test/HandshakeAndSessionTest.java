package io.github.camelrealtime.fastrouter.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HandshakeAndSessionTest {

    @RegisterExtension
    static RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    @Test
    void gaHandshakeGetsNestedSessionCreated(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(URI.create(sim.baseUrl() + "?model=openai/gpt-realtime"), TestClient.ga())) {
            JsonNode created = client.await("session.created");
            JsonNode session = created.path("session");
            assertThat(created.path("event_id").asText()).startsWith("event_");
            assertThat(session.path("id").asText()).startsWith("sess_");
            assertThat(session.path("type").asText()).isEqualTo("realtime");
            assertThat(session.path("object").asText()).isEqualTo("realtime.session");
            assertThat(session.path("model").asText()).isEqualTo("openai/gpt-realtime");
            assertThat(session.path("audio").path("input").path("format").path("type").asText()).isEqualTo("audio/pcm");
            assertThat(session.path("audio").path("input").path("format").path("rate").asInt()).isEqualTo(24000);
            assertThat(session.path("audio").path("output").path("voice").asText()).isEqualTo("marin");
            assertThat(session.has("modalities")).isFalse();
            assertThat(sim.awaitConnections(1, TestClient.TIMEOUT)).isTrue();
            SimulatedConnection connection = sim.lastConnection();
            assertThat(connection.dialect()).isEqualTo("ga");
            assertThat(connection.queryParameters()).containsEntry("model", "openai/gpt-realtime");
            assertThat(connection.header("Authorization")).doesNotContain(RealtimeSimulator.DEFAULT_API_KEY).startsWith("Bearer ");
            assertThat(client.types()).doesNotContain("conversation.created");
        }
    }

    @Test
    void betaHandshakeGetsFlatSessionAndConversationCreated(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.beta())) {
            client.await("conversation.created");
            assertThat(client.types()).startsWith("session.created", "conversation.created");
            JsonNode session = client.events().get(0).path("session");
            assertThat(session.path("modalities").toString()).isEqualTo("[\"audio\",\"text\"]");
            assertThat(session.path("input_audio_format").asText()).isEqualTo("pcm16");
            assertThat(session.path("turn_detection").path("type").asText()).isEqualTo("server_vad");
            assertThat(session.path("model").asText()).isEqualTo(RealtimeSimulator.DEFAULT_MODEL);
            assertThat(session.has("audio")).isFalse();
            assertThat(sim.lastConnection().dialect()).isEqualTo("beta");
        }
    }

    @Test
    void wrongKeyIsRejectedWith401AndTheFastRouterBody(RealtimeSimulator sim) throws Exception {
        assertThatThrownBy(() -> TestClient.connect(sim.baseUrl(), Map.of("Authorization", "Bearer wrong")))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401));

        HttpClient http = HttpClient.newHttpClient();
        URI httpUri = URI.create(sim.baseUrl().toString().replace("ws://", "http://"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(httpUri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestClient.MAPPER.readTree(response.body())).isEqualTo(TestClient.MAPPER.readTree(
                "{\"error\":{\"message\":\"Invalid API key provided.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\",\"status\":401}}"));

        HttpResponse<String> notFound = http.send(HttpRequest.newBuilder(httpUri.resolve("/v1/other")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(TestClient.MAPPER.readTree(notFound.body()).path("error").path("status").asInt()).isEqualTo(404);
        assertThat(sim.connectionCount()).isZero();
    }

    @Test
    void scriptedRejectionsComeBeforeTheUpgrade(RealtimeSimulator sim) {
        sim.rejectHandshakes(429, RealtimeSimulator.errorBody(429, "Rate limited", "rate_limit_error", "rate_limited"), 1);
        assertThatThrownBy(() -> TestClient.connect(sim.baseUrl(), TestClient.ga()))
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(429));
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
        }
        assertThat(sim.connectionCount()).isEqualTo(1);
        sim.rejectHandshakes(503, RealtimeSimulator.errorBody(503, "Unavailable", "server_error", "unavailable"));
        assertThatThrownBy(() -> TestClient.connect(sim.baseUrl(), TestClient.ga())).hasCauseInstanceOf(WebSocketHandshakeException.class);
        sim.clearRejectedHandshakes();
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
        }
    }

    @Test
    void gaSessionUpdateRejectsBetaFieldsAndDiscardsTheWholeUpdate(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            String id = client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\"x\",\"temperature\":0.7}}");
            JsonNode error = client.awaitError(id);
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("code").asText()).isEqualTo("unknown_parameter");
            assertThat(error.path("message").asText()).isEqualTo("Unknown parameter: 'session.temperature'.");
            assertThat(error.path("param").asText()).isEqualTo("session.temperature");

            String missingType = client.send("{\"type\":\"session.update\",\"session\":{\"instructions\":\"x\"}}");
            assertThat(client.awaitError(missingType).path("code").asText()).isEqualTo("missing_required_parameter");

            String nested = client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"input\":{\"turn_detection\":null,\"format\":{\"type\":\"audio/pcmu\"}}},\"output_modalities\":[\"text\"]}}");
            JsonNode updated = client.await("session.updated").path("session");
            assertThat(updated.path("instructions").asText()).isEqualTo(SessionSettings.DEFAULT_INSTRUCTIONS);
            assertThat(updated.path("audio").path("input").path("turn_detection").isNull()).isTrue();
            assertThat(updated.path("audio").path("input").path("format").path("type").asText()).isEqualTo("audio/pcmu");
            assertThat(updated.path("audio").path("output").path("format").path("type").asText()).isEqualTo("audio/pcm");
            assertThat(updated.path("output_modalities").toString()).isEqualTo("[\"text\"]");
            assertThat(client.events("error")).extracting(e -> e.path("error").path("event_id").asText()).doesNotContain(nested);

            String beta = client.send("{\"type\":\"transcription_session.update\",\"session\":{}}");
            assertThat(client.awaitError(beta).path("code").asText()).isEqualTo("invalid_value");
        }
    }

    @Test
    void betaSessionUpdateRejectsGaShape(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.beta())) {
            client.await("session.created");
            String id = client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{}}}");
            JsonNode error = client.awaitError(id);
            assertThat(error.path("code").asText()).isEqualTo("unknown_parameter");
            assertThat(error.path("param").asText()).isEqualTo("session.type");
            String modalities = client.send("{\"type\":\"session.update\",\"session\":{\"modalities\":[\"audio\"]}}");
            assertThat(client.awaitError(modalities).path("message").asText())
                    .isEqualTo("Invalid modalities: ['audio']. Supported combinations are: ['text'] and ['audio', 'text'].");
            client.send("{\"type\":\"session.update\",\"session\":{\"modalities\":[\"text\"],\"output_audio_format\":\"g711_alaw\",\"temperature\":0.9}}");
            JsonNode session = client.await("session.updated").path("session");
            assertThat(session.path("modalities").toString()).isEqualTo("[\"text\"]");
            assertThat(session.path("output_audio_format").asText()).isEqualTo("g711_alaw");
            assertThat(session.path("temperature").asDouble()).isEqualTo(0.9);
        }
    }

    @Test
    void unknownTypesAndInvalidJsonAreErrorsThatKeepTheSocketOpen(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            String id = client.send("{\"type\":\"made.up\"}");
            JsonNode error = client.awaitError(id);
            assertThat(error.path("code").asText()).isEqualTo("invalid_value");
            assertThat(error.path("param").asText()).isEqualTo("type");
            client.sendText("{broken");
            JsonNode invalid = client.awaitMatching(e -> "invalid_json".equals(e.path("error").path("code").asText()), 1, "invalid_json");
            assertThat(invalid.path("error").path("event_id").isNull()).isTrue();
            String after = client.send("{\"type\":\"input_audio_buffer.commit\"}");
            assertThat(client.awaitError(after).path("code").asText()).isEqualTo("input_audio_buffer_commit_empty");
            assertThat(sim.awaitReceived("input_audio_buffer.commit", 1, TestClient.TIMEOUT)).isTrue();
            assertThat(sim.lastConnection().received()).hasSize(3);
            assertThat(sim.lastConnection().isOpen()).isTrue();
        }
    }

    @Test
    void gaOnlyServerRejectsTheBetaShapeWithClose4000() {
        try (RealtimeSimulator gaOnly = RealtimeSimulator.builder().gaOnly(true).build().start();
                TestClient client = TestClient.connect(gaOnly.baseUrl(), TestClient.beta())) {
            assertThat(client.awaitClose()).isEqualTo(4000);
            assertThat(client.closeReason).isEqualTo("invalid_request_error.beta_api_shape_disabled");
            assertThat(client.types()).containsExactly("error");
            assertThat(client.events().get(0).path("error").path("code").asText()).isEqualTo("beta_api_shape_disabled");
            assertThat(gaOnly.awaitNoOpenConnections(Duration.ofSeconds(5))).isTrue();
            assertThat(gaOnly.lastConnection().closeCode()).isEqualTo(4000);
        }
    }
}
