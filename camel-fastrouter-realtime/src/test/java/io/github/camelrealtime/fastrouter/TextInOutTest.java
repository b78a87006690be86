package io.github.camelrealtime.fastrouter;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TextInOutTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void textRequestGetsTheTextReplyWithItsHeaders(String dialect) {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "text-" + dialect, "dialect=" + dialect + "&outputModalities=text&instructions=Be+brief");

        Exchange reply = template.request(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody("What is the capital of France?");
        });

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getBody(String.class)).isEqualTo("echo: What is the capital of France?");
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.TEXT)).isEqualTo("echo: What is the capital of France?");
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS)).isEqualTo("completed");
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_ID, String.class)).startsWith("resp_");
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.DIALECT)).isEqualTo(dialect);
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.SESSION_ID, String.class)).startsWith("sess_");
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.TOTAL_TOKENS, Long.class)).isPositive();
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.INPUT_TOKENS, Long.class)).isPositive();
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.OUTPUT_TOKENS, Long.class)).isPositive();

        assertThat(sim.lastConnection().dialect()).isEqualTo(dialect);
        assertThat(sim.lastConnection().header("Authorization")).doesNotContain(RealtimeSimulator.DEFAULT_API_KEY);
        // settings went in one session.update of the dialect's shape, and every client event carries an event_id
        assertThat(sim.receivedEvents("session.update")).hasSize(1);
        if (dialect.equals("ga")) {
            assertThat(sim.receivedEvents("session.update").get(0).at("/session/type").asText()).isEqualTo("realtime");
            assertThat(sim.receivedEvents("session.update").get(0).at("/session/output_modalities/0").asText()).isEqualTo("text");
        } else {
            assertThat(sim.receivedEvents("session.update").get(0).at("/session/modalities/0").asText()).isEqualTo("text");
        }
        assertThat(sim.receivedEvents()).allSatisfy(e -> assertThat(e.path("event_id").asText()).startsWith("evt_"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void consecutiveRequestsEachGetTheirOwnAnswer(String dialect) {
        String uri = uri(SIM.simulator(), "seq-" + dialect, "dialect=" + dialect + "&outputModalities=text");
        for (int i = 0; i < 3; i++) {
            assertThat(template.requestBody(uri, "question " + i, String.class)).isEqualTo("echo: question " + i);
        }
        assertThat(SIM.simulator().connectionCount()).isEqualTo(1);
    }
}
