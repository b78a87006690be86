package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        try {
            CompletableFuture<Exchange> first = template.asyncSend(uri, e -> {
                e.setPattern(ExchangePattern.InOut);
                e.getMessage().setBody("first");
            });
            assertEventually("the first exchange has its turn", () -> session("stuck").pendingTurns() == 1);
            CompletableFuture<Exchange> second = template.asyncSend(uri, e -> {
                e.setPattern(ExchangePattern.InOut);
                e.getMessage().setBody("second");
            });

            assertThat(outcome(first, "first").getException()).isInstanceOf(RealtimeResponseTimeoutException.class)
                    .hasMessageContaining(String.valueOf(TIMEOUT.toMillis()));
            // the second waited for its turn behind the first; its wait is bounded too, not stuck behind a dead turn
            assertThat(outcome(second, "second (queued behind the first)").getException())
                    .isInstanceOf(RealtimeResponseTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT);
        } finally {
            sim.pauseReading(Duration.ZERO);
        }

        // the server now answers the abandoned requests; the next exchange still gets its own answer
        assertThat(template.requestBody(uri, "after the stall", String.class)).isEqualTo("echo: after the stall");
        assertThat(sim.connectionCount()).isEqualTo(1);
    }

    private static Exchange outcome(CompletableFuture<Exchange> exchange, String which) throws Exception {
        try {
            return exchange.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("The " + which + " exchange neither completed nor failed within " + WAIT.toSeconds()
                                     + " s although its responseTimeout is " + TIMEOUT.toMillis() + " ms");
        }
    }
}
