package io.github.camelrealtime.fastrouter;

import java.time.Duration;

import io.github.camelrealtime.fastrouter.session.RealtimeResponseTimeoutException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md §3 responseTimeout: a response the server started but does not finish in time fails the exchange with
 * {@link RealtimeResponseTimeoutException}; the abandoned response is cancelled so it does not hold the conversation,
 * and the session stays open.
 */
class FailureModesSlowResponseTest extends FailureModesSupport {

    /** Every step of a response after response.created waits this long: far beyond the exchange's timeout. */
    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false)
            .responseDelay(Duration.ofSeconds(30)));

    @Test
    void aResponseThatDoesNotFinishInTimeFailsTheExchangeAndIsCancelled() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "slow-model", "dialect=ga&outputModalities=text&responseTimeout=1500");
        long start = System.nanoTime();

        Exchange result = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("think hard"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(result.getException()).isInstanceOf(RealtimeResponseTimeoutException.class)
                .hasMessageContaining("1500");
        String responseId = sim.sentEvents("response.created").get(0).at("/response/id").asText();
        assertThat(result.getException()).hasMessageContaining(responseId);
        assertThat(sim.awaitReceived("response.cancel", 1, WAIT)).isTrue();
        assertThat(sim.awaitSent("response.done", 1, WAIT)).isTrue();
        assertThat(sim.sentEvents("response.done").get(0).at("/response/status").asText()).isEqualTo("cancelled");
        assertThat(sim.openConnections()).isEqualTo(1);
        assertThat(session("slow-model").isOpen()).isTrue();
    }
}
