package io.github.camelrealtime.fastrouter.benchmarks;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few seconds of the Kafka scenario with two calls: the harness produces the frames, sees every one written once and
 * computes the figures. Whether the pipeline keeps up is the benchmark run's verdict ({@code benchmarks/run kafka}),
 * not asserted here.
 */
class KafkaScenarioTest {

    @Test
    @Timeout(value = 90)
    void shortRunSeesEveryFrameWrittenOnce() throws Exception {
        KafkaScenario.Settings settings = new KafkaScenario.Settings(List.of(2), Duration.ofSeconds(3), Duration.ZERO, false, false);
        List<KafkaScenario.Step> steps = new KafkaScenario(settings, System.err).run();
        KafkaScenario.print(steps, settings, System.err, new JsonOutput(System.err));

        assertThat(steps).hasSize(1);
        KafkaScenario.Step step = steps.get(0);
        assertThat(step.produced()).isEqualTo(2 * (3000 / 20) - 2000 / 2 / 20);
        assertThat(step.written()).isEqualTo(step.produced());
        assertThat(step.missing()).isZero();
        assertThat(step.duplicates()).isZero();
        assertThat(step.p50()).isPositive().isLessThanOrEqualTo(step.p99());
        assertThat(step.p99()).isLessThanOrEqualTo(step.max());
        assertThat(step.kafkaP50()).isPositive();
        assertThat(step.writeP50()).isPositive();
    }

    @Test
    void callsAreCutInto20msFrames() {
        byte[] speech = new byte[KafkaScenario.FRAME_BYTES * 3 + 100];
        List<byte[]> frames = KafkaScenario.callFrames(speech, 200);
        assertThat(frames).hasSize(200);
        assertThat(frames.get(0)).hasSize(KafkaScenario.FRAME_BYTES);  // 200 ms of silence first
        assertThat(frames.get(13)).hasSize(100);                        // the speech's last, short frame
        assertThat(KafkaScenario.percentile(new double[] {1, 2, 3, 4}, 50)).isEqualTo(2);
        assertThat(KafkaScenario.percentile(new double[] {1, 2, 3, 4}, 99)).isEqualTo(4);
    }
}
