package io.github.camelrealtime.fastrouter.benchmarks;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few seconds of the soak scenario with a few sessions: the harness starts turns, sees them end, runs its chaos and
 * accounts for every exchange. Whether the component loses exchanges is the soak run's verdict
 * ({@code benchmarks/run soak}), not asserted here.
 */
class SoakScenarioTest {

    @Test
    void shortSoakAccountsForEveryExchange() throws Exception {
        SoakScenario.Settings settings = new SoakScenario.Settings(Duration.ofSeconds(6), 10, 5000, true, 7);
        SoakScenario.Result result = new SoakScenario(settings, System.err).run();
        SoakScenario.print(result, settings, System.err, new JsonOutput(System.err));

        assertThat(result.started()).isPositive();
        assertThat(result.completedOk()).isPositive();
        assertThat(result.balanced()).isTrue();
        assertThat(result.synchronizationCalls()).isPositive();
        assertThat(result.chaosActions()).isNotEmpty();
        assertThat(result.heapUsedAfterStopBytes()).isPositive();
    }

    @Test
    void durationsParse() {
        assertThat(SoakScenario.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SoakScenario.parseDuration("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(SoakScenario.parseDuration("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(SoakScenario.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SoakScenario.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
    }
}
