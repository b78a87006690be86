package io.github.camelrealtime.fastrouter.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TurnDetectionTest {

    @RegisterExtension
    static RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private static final SimulatorAudioFormat PCM = SimulatorAudioFormat.PCM16;
    private static final int CHUNK_20_MS = 960;

    private static byte[] quiet(int ms, long seed) {
        return SimulatorAudio.noise(PCM, ms, -60, seed);
    }


    private static TestClient textSession(RealtimeSimulator sim) {
        TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga());
        client.await("session.created");
        client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"]}}");
        client.await("session.updated");
        return client;
    }

    @Test
    void twoUtterancesGiveTwoTurnsAndTwoResponses(RealtimeSimulator sim) {
        try (TestClient client = textSession(sim)) {
            // audio goes faster than real time: wait for the first answer so the second turn does not interrupt it
            client.appendAudio(SimulatorAudio.concat(quiet(500, 1), SimulatorAudio.tone(PCM, 440, 600, 0.3), quiet(700, 2)), CHUNK_20_MS);
            client.await("response.done");
            client.appendAudio(SimulatorAudio.concat(SimulatorAudio.tone(PCM, 220, 500, 0.3), quiet(200, 3)), CHUNK_20_MS);
            client.await("response.done", 2);
            assertThat(client.events("response.done")).allSatisfy(d -> assertThat(d.path("response").path("status").asText()).isEqualTo("completed"));
            List<JsonNode> started = client.events("input_audio_buffer.speech_started");
            List<JsonNode> stopped = client.events("input_audio_buffer.speech_stopped");
            assertThat(started).extracting(e -> e.path("audio_start_ms").asInt()).containsExactly(200, 1500);
            assertThat(stopped).extracting(e -> e.path("audio_end_ms").asInt()).containsExactly(1100, 2300);
            assertThat(stopped.get(0).path("item_id").asText()).isEqualTo(started.get(0).path("item_id").asText());
            List<JsonNode> committed = client.events("input_audio_buffer.committed");
            assertThat(committed).extracting(e -> e.path("item_id").asText())
                    .containsExactly(started.get(0).path("item_id").asText(), started.get(1).path("item_id").asText());
            assertThat(client.events("response.output_text.done")).extracting(e -> e.path("text").asText())
                    .containsExactly("echo: [simulated transcript of 0.90 s of audio]", "echo: [simulated transcript of 0.80 s of audio]");
            List<String> types = client.types();
            assertThat(types.indexOf("input_audio_buffer.speech_stopped")).isLessThan(types.indexOf("input_audio_buffer.committed"));
            assertThat(types.indexOf("input_audio_buffer.committed")).isLessThan(types.indexOf("response.created"));

            // the trailing 200 ms of quiet were consumed by the turn end, so the buffer is empty again
            String late = client.send("{\"type\":\"input_audio_buffer.commit\"}");
            assertThat(client.awaitError(late).path("code").asText()).isEqualTo("input_audio_buffer_commit_empty");
        }
    }

    @Test
    void quietNoiseAndSilenceNeverStartATurn(RealtimeSimulator sim) {
        try (TestClient client = textSession(sim)) {
            client.appendAudio(SimulatorAudio.concat(quiet(1500, 9), SimulatorAudio.silence(PCM, 500)), CHUNK_20_MS);
            String commit = client.send("{\"type\":\"input_audio_buffer.commit\"}");
            client.await("input_audio_buffer.committed");
            assertThat(client.events("error")).noneMatch(e -> commit.equals(e.path("error").path("event_id").asText()));
            assertThat(client.types()).doesNotContain("input_audio_buffer.speech_started", "response.created");
        }
    }

    @Test
    void speechDuringAResponseCancelsItWithTurnDetected() {
        try (RealtimeSimulator slow = RealtimeSimulator.builder().responseDelay(Duration.ofMillis(40)).build().start();
                TestClient client = TestClient.connect(slow.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            client.appendAudio(SimulatorAudio.concat(quiet(300, 4), SimulatorAudio.tone(PCM, 440, 500, 0.3), quiet(400, 5)), CHUNK_20_MS);
            client.await("response.created");
            client.appendAudio(SimulatorAudio.concat(SimulatorAudio.tone(PCM, 440, 400, 0.3), quiet(400, 6)), CHUNK_20_MS);
            JsonNode first = client.await("response.done").path("response");
            assertThat(first.path("status").asText()).isEqualTo("cancelled");
            assertThat(first.path("status_details").path("reason").asText()).isEqualTo("turn_detected");
            JsonNode second = client.await("response.done", 2).path("response");
            assertThat(second.path("status").asText()).isEqualTo("completed");
            List<String> types = client.types();
            assertThat(types.indexOf("input_audio_buffer.speech_started")).isLessThan(types.indexOf("response.created"));
            assertThat(types.lastIndexOf("input_audio_buffer.speech_started")).isLessThan(types.indexOf("response.done"));
        }
    }

    @Test
    void semanticVadEagernessSetsTheSilenceNeededToEndATurn(RealtimeSimulator sim) {
        byte[] twoWordsWithPause = SimulatorAudio.concat(SimulatorAudio.tone(PCM, 440, 300, 0.3), quiet(500, 7),
                SimulatorAudio.tone(PCM, 440, 300, 0.3), quiet(1600, 8));
        for (String eagerness : List.of("high", "low")) {
            try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.beta())) {
                client.await("session.created");
                client.send("{\"type\":\"session.update\",\"session\":{\"modalities\":[\"text\"],\"turn_detection\":{\"type\":\"semantic_vad\",\"eagerness\":\""
                        + eagerness + "\",\"create_response\":false}}}");
                JsonNode td = client.await("session.updated").path("session").path("turn_detection");
                assertThat(td.path("create_response").asBoolean()).isFalse();
                client.appendAudio(twoWordsWithPause, CHUNK_20_MS);
                client.send("{\"type\":\"input_audio_buffer.clear\"}");
                client.await("input_audio_buffer.cleared");
                int expectedTurns = eagerness.equals("high") ? 2 : 1;
                assertThat(client.events("input_audio_buffer.speech_stopped")).as(eagerness).hasSize(expectedTurns);
                assertThat(client.events("conversation.item.created")).hasSize(expectedTurns);
                assertThat(client.types()).doesNotContain("response.created");
            }
        }
    }

    @Test
    void espeakSpeechIsDetectedAsTwoTurns(RealtimeSimulator sim) throws IOException {
        byte[] speech = espeakAt24k();
        try (TestClient client = textSession(sim)) {
            client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"input\":{\"turn_detection\":"
                    + "{\"type\":\"server_vad\",\"silence_duration_ms\":500,\"create_response\":false}}}}}");
            client.await("session.updated", 2);
            client.appendAudio(SimulatorAudio.concat(quiet(500, 10), speech, quiet(1000, 11), speech, quiet(1000, 12)), CHUNK_20_MS);
            client.send("{\"type\":\"input_audio_buffer.clear\"}");
            client.await("input_audio_buffer.cleared");
            assertThat(client.events("input_audio_buffer.speech_started")).hasSize(2);
            assertThat(client.events("input_audio_buffer.speech_stopped")).hasSize(2);
            int firstStart = client.events("input_audio_buffer.speech_started").get(0).path("audio_start_ms").asInt();
            assertThat(firstStart).isBetween(200, 500);
        }
    }

    /** espeak-ng output (22,050 Hz, 16-bit mono WAV, "Hello, I would like to check the status of my order, please.") at 24 kHz. */
    static byte[] espeakAt24k() throws IOException {
        byte[] wav;
        try (InputStream in = TurnDetectionTest.class.getResourceAsStream("/espeak-hello.wav")) {
            wav = in.readAllBytes();
        }
        ByteBuffer buffer = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int position = 12;
        while (true) {
            String id = new String(wav, position, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = buffer.getInt(position + 4);
            if (id.equals("data")) {
                short[] samples = new short[size / 2];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = buffer.getShort(position + 8 + 2 * i);
                }
                return SimulatorAudio.fromSamples(SimulatorAudio.resample(samples, 22050, 24000), PCM);
            }
            position += 8 + size + (size & 1);
        }
    }
}
