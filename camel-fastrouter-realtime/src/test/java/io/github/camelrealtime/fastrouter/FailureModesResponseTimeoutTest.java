package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.session.RealtimeResponseTimeoutException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md §3 responseTimeout and §4: an InOut exchange whose response never comes fails with
 * {@link RealtimeResponseTimeoutException}, and so does one queued behind it; the late answer of a timed-out
 * exchange is never given to a later one.
 */
class FailureModesResponseTimeoutTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Test
    void exchangesWhoseResponseNeverComesFailWithTheTimeoutAndLateAnswersGoToNobody() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "stuck", "dialect=ga&outputModalities=text&responseTimeout=" + TIMEOUT.toMillis());
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");

        // the server reads nothing more: neither exchange's response.create gets an answer
        sim.pauseReading(Duration.ofMinutes(2));
        long start = System.nanoTime();
        List<CompletableFuture<Exchange>> pending;
        try {
            pending = List.of(
                    template.asyncSend(uri, e -> {
                        e.setPattern(ExchangePattern.InOut);
                        e.getMessage().setBody("first");
                    }),
                    template.asyncSend(uri, e -> {
                        e.setPattern(ExchangePattern.InOut);
                        e.getMessage().setBody("second");
                    }));
            for (CompletableFuture<Exchange> exchange : pending) {
                // the second waits for its turn behind the first; its own wait is bounded too (two timeouts at most)
                Exception failure = exchange.get(WAIT.toSeconds(), TimeUnit.SECONDS).getException();
                assertThat(failure).isInstanceOf(RealtimeResponseTimeoutException.class)
                        .hasMessageContaining(String.valueOf(TIMEOUT.toMillis()));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT);
        } finally {
            sim.pauseReading(Duration.ZERO);
        }

        // the server now answers the abandoned requests; the next exchange still gets its own answer
        assertThat(template.requestBody(uri, "after the stall", String.class)).isEqualTo("echo: after the stall");
        assertThat(sim.connectionCount()).isEqualTo(1);
    }
}
