package io.github.camelrealtime.fastrouter.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness does the work it reports (speed is never asserted: that is what the benchmark run is for). */
class LoadScenariosTest {

    @Test
    void bothClientsSendAndReceiveAllTheAudio() throws Exception {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        List<LoadScenarios.Outcome> outcomes;
        try (RealtimeSimulator simulator = RealtimeSimulator.builder()
                .serverVadByDefault(false)
                .recordAudioPayloads(false)
                .build()
                .start()) {
            LoadScenarios.Settings tiny = new LoadScenarios.Settings(3, 2, 100, 0, 1);
            outcomes = new LoadScenarios(simulator, tiny, new JsonOutput(new PrintStream(lines, true, StandardCharsets.UTF_8)))
                    .run();
            // a run that loses an append or a delta byte times out and fails the scenario
            assertThat(simulator.sentCount("error")).isZero();
        }

        assertThat(outcomes).extracting(LoadScenarios.Outcome::scenario).containsExactly("sendThroughput", "receiveThroughput");
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.component()).isPositive().isFinite();
            assertThat(o.bareJdk()).isPositive().isFinite();
        });
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> runs = lines.toString(StandardCharsets.UTF_8).lines().map(line -> read(mapper, line))
                .filter(node -> node.has("run")).toList();
        assertThat(runs).extracting(node -> node.path("benchmark").asText() + "/" + node.path("client").asText())
                .containsExactlyInAnyOrder("sendThroughput/component", "sendThroughput/bareJdk",
                        "receiveThroughput/component", "receiveThroughput/bareJdk");
        assertThat(runs).extracting(node -> node.path("audioSeconds").asDouble()).containsOnly(3.0, 2.0);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(LoadScenarios.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(LoadScenarios.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    private static JsonNode read(ObjectMapper mapper, String line) {
        try {
            return mapper.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
