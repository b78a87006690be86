package io.github.camelrealtime.fastrouter.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's queries take GA event names whatever dialect the client speaks: a beta client's
 * {@code response.audio.delta} is found as {@code response.output_audio.delta}, its {@code transcription_session.update}
 * as {@code session.update}; beta names keep working, and a GA connection is unaffected.
 */
class GaNamesInBothDialectsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void gaNamesFindTheEventsOfABetaClient() {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().serverVadByDefault(false).build().start();
             TestClient client = TestClient.connect(sim.baseUrl(), TestClient.beta())) {
            client.await("session.created");
            client.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                    + "\"content\":[{\"type\":\"input_text\",\"text\":\"hello\"}]}}");
            client.send("{\"type\":\"response.create\"}");
            client.await("response.done");

            // the client saw beta names on the wire
            assertThat(client.events("response.audio.delta")).isNotEmpty();
            assertThat(client.events("response.output_audio.delta")).isEmpty();

            // the simulator answers for both names
            assertThat(sim.awaitSent("response.output_audio.delta", 1, WAIT)).isTrue();
            assertThat(sim.sentCount("response.output_audio.delta")).isEqualTo(sim.sentCount("response.audio.delta")).isPositive();
            assertThat(sim.sentEvents("response.output_audio_transcript.done")).hasSize(1)
                    .allSatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("response.audio_transcript.done"));
            assertThat(sim.sentEvents("conversation.item.added")).hasSameSizeAs(sim.sentEvents("conversation.item.created")).isNotEmpty();
            assertThat(sim.lastConnection().sent("response.output_audio.done")).hasSize(1);
            assertThat(sim.sentEvents("response.audio.delta")).hasSize(sim.sentCount("response.audio.delta"));
        }
    }

    @Test
    void aBetaTranscriptionUpdateIsFoundAsSessionUpdate() {
        try (RealtimeSimulator sim = RealtimeSimulator.startDefault()) {
            java.util.Map<String, String> headers = new java.util.HashMap<>(TestClient.beta());
            try (TestClient client = TestClient.connect(java.net.URI.create(sim.baseUrl() + "?intent=transcription"), headers)) {
                client.await("transcription_session.created");
                client.send("{\"type\":\"transcription_session.update\",\"session\":{\"input_audio_transcription\":{\"model\":\"whisper-1\"}}}");
                client.await("transcription_session.updated");
                assertThat(sim.awaitReceived("session.update", 1, WAIT)).isTrue();
                assertThat(sim.receivedEvents("session.update")).hasSize(1)
                        .allSatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("transcription_session.update"));
                assertThat(sim.sentEvents("session.updated")).hasSize(1);
                assertThat(sim.receivedEvents("transcription_session.update")).hasSize(1);
            }
        }
    }

    @Test
    void aGaClientIsUnaffected() {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().serverVadByDefault(false).build().start();
             TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            client.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                    + "\"content\":[{\"type\":\"input_text\",\"text\":\"hello\"}]}}");
            client.send("{\"type\":\"response.create\"}");
            client.await("response.done");
            assertThat(sim.sentCount("response.output_audio.delta")).isPositive();
            assertThat(sim.sentCount("response.audio.delta")).isZero();
            assertThat(sim.sentEvents("conversation.item.created")).isEmpty();
        }
    }
}
