package io.github.camelrealtime.fastrouter.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TranscriptionTest {

    @RegisterExtension
    static RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private static final SimulatorAudioFormat PCM = SimulatorAudioFormat.PCM16;

    private static URI transcriptionUrl(RealtimeSimulator sim) {
        return URI.create(sim.baseUrl() + "?intent=transcription");
    }

    @Test
    void gaTranscriptionSessionTranscribesEachTurnAndRefusesResponses(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(transcriptionUrl(sim), TestClient.ga())) {
            JsonNode session = client.await("session.created").path("session");
            assertThat(session.path("type").asText()).isEqualTo("transcription");
            assertThat(session.path("object").asText()).isEqualTo("realtime.transcription_session");
            assertThat(session.path("audio").has("output")).isFalse();
            client.appendAudio(SimulatorAudio.concat(SimulatorAudio.tone(PCM, 440, 300, 0.3), SimulatorAudio.silence(PCM, 200)), 960);
            JsonNode completed = client.await("conversation.item.input_audio_transcription.completed");
            assertThat(completed.path("transcript").asText()).isEqualTo("[simulated transcript of 0.30 s of audio]");
            assertThat(completed.path("content_index").asInt()).isZero();
            assertThat(completed.path("item_id").asText()).isEqualTo(client.await("input_audio_buffer.committed").path("item_id").asText());
            assertThat(completed.path("usage").path("type").asText()).isEqualTo("tokens");
            assertThat(client.events("conversation.item.input_audio_transcription.delta").stream().map(d -> d.path("delta").asText())
                    .collect(Collectors.joining())).isEqualTo(completed.path("transcript").asText());
            String create = client.send("{\"type\":\"response.create\"}");
            assertThat(client.awaitError(create).path("code").asText()).isEqualTo("invalid_value");

            client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"transcription\",\"audio\":{\"input\":{\"turn_detection\":null,"
                    + "\"transcription\":{\"model\":\"gpt-4o-mini-transcribe\",\"language\":\"en\"}}}}}");
            JsonNode updated = client.await("session.updated").path("session");
            assertThat(updated.path("audio").path("input").path("transcription").path("model").asText()).isEqualTo("gpt-4o-mini-transcribe");
            String wrong = client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"transcription\",\"instructions\":\"x\"}}");
            assertThat(client.awaitError(wrong).path("param").asText()).isEqualTo("session.instructions");
            client.appendAudio(SimulatorAudio.silence(PCM, 1200), 4800);
            client.send("{\"type\":\"input_audio_buffer.commit\"}");
            assertThat(client.await("conversation.item.input_audio_transcription.completed", 2).path("transcript").asText())
                    .isEqualTo("[simulated transcript of 1.20 s of audio]");
        }
    }

    @Test
    void betaTranscriptionSessionIsConfiguredByTranscriptionSessionUpdate(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(transcriptionUrl(sim), TestClient.beta())) {
            JsonNode session = client.await("transcription_session.created").path("session");
            assertThat(session.path("object").asText()).isEqualTo("realtime.transcription_session");
            assertThat(client.types()).doesNotContain("session.created", "conversation.created");
            client.send("{\"type\":\"transcription_session.update\",\"session\":{\"input_audio_format\":\"g711_ulaw\","
                    + "\"input_audio_transcription\":{\"model\":\"whisper-1\"},\"turn_detection\":null}}");
            JsonNode updated = client.await("transcription_session.updated").path("session");
            assertThat(updated.path("input_audio_format").asText()).isEqualTo("g711_ulaw");
            assertThat(updated.path("turn_detection").isNull()).isTrue();
            String wrong = client.send("{\"type\":\"session.update\",\"session\":{\"modalities\":[\"text\"]}}");
            assertThat(client.awaitError(wrong).path("code").asText()).isEqualTo("invalid_value");
            client.appendAudio(SimulatorAudio.tone(SimulatorAudioFormat.G711_ULAW, 300, 250, 0.3), 800);
            client.send("{\"type\":\"input_audio_buffer.commit\"}");
            client.await("conversation.item.created");
            assertThat(client.await("conversation.item.input_audio_transcription.completed").path("transcript").asText())
                    .isEqualTo("[simulated transcript of 0.25 s of audio]");
        }
    }

    @Test
    void realtimeSessionTranscribesInputWhenConfigured(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.beta())) {
            client.await("session.created");
            client.send("{\"type\":\"session.update\",\"session\":{\"input_audio_transcription\":{\"model\":\"whisper-1\"},\"turn_detection\":null}}");
            client.await("session.updated");
            client.appendAudio(SimulatorAudio.silence(PCM, 400), 4800);
            client.send("{\"type\":\"input_audio_buffer.commit\"}");
            assertThat(client.await("conversation.item.input_audio_transcription.completed").path("transcript").asText())
                    .isEqualTo("[simulated transcript of 0.40 s of audio]");
            assertThat(client.types()).doesNotContain("response.created");
        }
    }
}
