package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelrealtime.fastrouter.session.RealtimeResponseException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md §4 and PROTOCOL.md §3: a response that ends {@code failed} (running out of tokens is not an {@code error}
 * event, it is a failed {@code response.done}) fails the InOut exchange with {@link RealtimeResponseException} that
 * tells when to retry; the session stays open and the next exchange works.
 */
class FailureModesFailedResponseTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private static final String RATE_LIMITED = "Rate limit reached for gpt-realtime in organization org-simulator on tokens per min "
                                               + "(TPM): Limit 40000, Used 39250, Requested 1720. Please try again in 1.2s.";

    @Test
    void aRateLimitedResponseFailsTheExchangeWithItsRetryAfterAndTheSessionGoesOn() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "limited", "dialect=ga&outputModalities=text");
        List<String> statuses = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(sim, "limited", "dialect=ga&outputModalities=text&delivery=responses"))
                        .process(e -> statuses.add(e.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS, String.class)));
            }
        });
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");

        sim.failNextResponse("rate_limit_exceeded", RATE_LIMITED);
        Exchange result = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("one more question"));

        assertThat(result.getException()).isInstanceOf(RealtimeResponseException.class);
        RealtimeResponseException failure = (RealtimeResponseException) result.getException();
        assertThat(failure.getStatus()).isEqualTo("failed");
        assertThat(failure.getErrorCode()).isEqualTo("rate_limit_exceeded");
        assertThat(failure.getErrorType()).isEqualTo("tokens");
        assertThat(failure.getRetryAfter()).contains(Duration.ofMillis(1200));
        assertThat(failure.getMessage()).contains("failed").contains("rate_limit_exceeded").contains("Rate limit reached");
        assertThat(failure.getResponse().responseId()).isEqualTo(sim.sentEvents("response.done").get(1).at("/response/id").asText());

        assertThat(template.requestBody(uri, "and now?", String.class)).isEqualTo("echo: and now?");
        assertThat(sim.connectionCount()).isEqualTo(1);
        assertThat(sim.openConnections()).isEqualTo(1);
        // a consumer of whole responses hears the failed one too, in order
        assertEventually("three responses delivered", () -> statuses.size() == 3);
        assertThat(statuses).containsExactly("completed", "failed", "completed");
    }
}
