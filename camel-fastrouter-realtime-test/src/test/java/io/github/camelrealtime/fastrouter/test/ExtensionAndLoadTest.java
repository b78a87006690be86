package io.github.camelrealtime.fastrouter.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExtensionAndLoadTest {

    @RegisterExtension
    static RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.recordAudioPayloads(false).serverVadByDefault(false));

    private final RealtimeSimulator injected;

    ExtensionAndLoadTest(RealtimeSimulator injected) {
        this.injected = injected;
    }

    @Test
    void theSameServerIsInjectedAndFaultsAreResetBeforeEachTest(RealtimeSimulator parameter) {
        assertThat(parameter).isSameAs(injected).isSameAs(SIM.simulator());
        assertThat(parameter.connectionCount()).isZero();
        parameter.rejectHandshakes(500, RealtimeSimulator.errorBody(500, "boom", "server_error", "internal"));
        parameter.failNextResponse("rate_limit_exceeded", "later");
        SIM.beforeEach(null);
        try (TestClient client = TestClient.connect(parameter.baseUrl(), TestClient.ga())) {
            client.send("{\"type\":\"response.create\",\"response\":{\"output_modalities\":[\"text\"]}}");
            assertThat(client.await("response.done").path("response").path("status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void thousandsOfAppendsAreHandledWithoutKeepingPayloads(RealtimeSimulator sim) {
        byte[] chunk = SimulatorAudio.tone(SimulatorAudioFormat.PCM16, 440, 20, 0.3);
        String append = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(chunk) + "\"}";
        int count = 3000;
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga())) {
            client.await("session.created");
            for (int i = 0; i < count; i++) {
                client.sendText(append);
            }
            client.send("{\"type\":\"input_audio_buffer.commit\"}");
            client.await("input_audio_buffer.committed");
            assertThat(sim.awaitReceived("input_audio_buffer.append", count, Duration.ofSeconds(30))).isTrue();
            assertThat(sim.receivedEvents("input_audio_buffer.append").get(0).path("audio_bytes").asInt()).isEqualTo(chunk.length);
            assertThat(sim.receivedEvents("input_audio_buffer.append").get(0).has("audio")).isFalse();
        }
    }
}
