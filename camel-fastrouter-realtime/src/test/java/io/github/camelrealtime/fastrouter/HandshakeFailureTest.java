package io.github.camelrealtime.fastrouter;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import io.github.camelrealtime.fastrouter.transport.RealtimeHandshakeException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Handshake failures reach the exchange with the HTTP status and the server's message; 4xx are not retried. */
class HandshakeFailureTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    @Test
    void wrongKeyGets401WithTheServersMessageAndNoKeyInIt() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = "fastrouter-realtime:auth?baseUrl=" + sim.baseUrl() + "&apiKey=sk-v1-wrong-secret-key&outputModalities=text";

        Exchange result = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("hello"));

        assertThat(result.getException()).isInstanceOf(RealtimeHandshakeException.class);
        RealtimeHandshakeException failure = (RealtimeHandshakeException) result.getException();
        assertThat(failure.statusCode()).isEqualTo(401);
        assertThat(failure.errorCode()).isEqualTo("invalid_api_key");
        assertThat(failure.getMessage()).contains("401").contains("Invalid API key provided").doesNotContain("sk-v1-wrong-secret-key");
        assertThat(failure.retryable()).isFalse();
        // not retried: one handshake only
        assertThat(sim.connectionCount()).isZero();
    }

    @Test
    void retryableStatusIsRetriedUntilTheServerAccepts() {
        RealtimeSimulator sim = SIM.simulator();
        sim.rejectHandshakes(503, RealtimeSimulator.errorBody(503, "The model is overloaded", "server_error", "model_overloaded"), 2);
        String uri = uri(sim, "retry", "dialect=ga&outputModalities=text&reconnectInitialDelay=50ms&reconnectMaxDelay=200ms");

        assertThat(template.requestBody(uri, "are you up?", String.class)).isEqualTo("echo: are you up?");
        assertThat(sim.connectionCount()).isEqualTo(1);
    }

    @Test
    void retryableStatusWithReconnectOffFailsWithTheStatus() {
        RealtimeSimulator sim = SIM.simulator();
        sim.rejectHandshakes(429, RealtimeSimulator.errorBody(429, "Rate limit reached", "rate_limit_error", "rate_limit_exceeded"));
        String uri = uri(sim, "noretry", "dialect=ga&outputModalities=text&reconnect=false");

        Exchange result = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("hello"));

        assertThat(result.getException()).isInstanceOf(RealtimeHandshakeException.class);
        assertThat(((RealtimeHandshakeException) result.getException()).statusCode()).isEqualTo(429);
        assertThat(((RealtimeHandshakeException) result.getException()).retryable()).isTrue();
        assertThat(result.getException().getMessage()).contains("Rate limit reached");
    }
}
