package io.github.camelrealtime.fastrouter;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.FailedToCreateProducerException;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the handshake carries (model, intent, call_id, extra headers, dialect header) and what the endpoint refuses. */
class ConnectionOptionsTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    @Test
    void modelAndExtraHeadersGoOnTheHandshake() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "headers", "dialect=beta&outputModalities=text&model=openai/gpt-realtime"
                                         + "&header.OpenAI-Project=proj_42&header.traceparent=00-abc-def-01");

        assertThat(template.requestBody(uri, "hi", String.class)).isEqualTo("echo: hi");

        var connection = sim.lastConnection();
        assertThat(connection.queryParameters()).containsEntry("model", "openai/gpt-realtime").doesNotContainKey("call_id");
        assertThat(connection.header("OpenAI-Project")).isEqualTo("proj_42");
        assertThat(connection.header("traceparent")).isEqualTo("00-abc-def-01");
        assertThat(connection.header("OpenAI-Beta")).isEqualTo("realtime=v1");
    }

    @Test
    void gaSendsNoBetaHeader() {
        RealtimeSimulator sim = SIM.simulator();
        assertThat(template.requestBody(uri(sim, "ga", "dialect=ga&outputModalities=text"), "hi", String.class)).isEqualTo("echo: hi");
        assertThat(sim.lastConnection().header("OpenAI-Beta")).isNull();
    }

    @Test
    void aSipCallIsControlledWithCallIdAndNoModel() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "sip", "dialect=ga&outputModalities=text&callId=rtc_u1_9c6574da8b8a41a18da9308f4ad974ce"
                                     + "&model=openai/gpt-realtime");

        assertThat(template.requestBody(uri, "hello caller", String.class)).isEqualTo("echo: hello caller");

        assertThat(sim.lastConnection().queryParameters())
                .containsEntry("call_id", "rtc_u1_9c6574da8b8a41a18da9308f4ad974ce")
                .doesNotContainKey("model");
    }

    @Test
    void plainWebSocketToANonLoopbackHostIsRefused() {
        assertThatThrownBy(() -> template.sendBody("fastrouter-realtime:x?baseUrl=ws://realtime.example.com/v1/realtime", "hi"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessageContaining("allowInsecure");
    }

    @Test
    void aSettingTheDialectLacksIsAConfigurationError() {
        assertThatThrownBy(() -> template.sendBody("fastrouter-realtime:x?baseUrl=" + SIM.simulator().baseUrl()
                                                   + "&dialect=ga&temperature=0.8", "hi"))
                .isInstanceOfAny(ResolveEndpointFailedException.class, FailedToCreateProducerException.class,
                        org.apache.camel.CamelExecutionException.class)
                .rootCause().hasMessageContaining("temperature").hasMessageContaining("ga");
        assertThatThrownBy(() -> template.sendBody("fastrouter-realtime:y?baseUrl=" + SIM.simulator().baseUrl()
                                                   + "&dialect=auto&temperature=0.8", "hi"))
                .rootCause().hasMessageContaining("temperature");
        assertThat(SIM.simulator().connectionCount()).isZero();
    }
}
