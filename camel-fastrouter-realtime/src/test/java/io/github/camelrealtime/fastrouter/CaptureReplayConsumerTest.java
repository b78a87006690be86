package io.github.camelrealtime.fastrouter;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A consumer receives every event of each real capture, in order, with the right headers and bodies. */
class CaptureReplayConsumerTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
            "beta-text-response-liusida-2025-08.jsonl, beta",
            "beta-webrtc-bargein-banyan-2025-05.jsonl, beta",
            "beta-webrtc-session-jurgob-2025-01.jsonl, beta",
            "ga-events-wqyjh-2025-08.jsonl, ga" })
    void everyCapturedEventArrivesInOrder(String capture, String dialect) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        List<String> lines = RealtimeSimulator.readLines(capture);
        sim.replayOnConnect(lines);
        MockEndpoint mock = getMockEndpoint("mock:events");
        mock.expectedMinimumMessageCount(lines.size());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(sim, "replay", "dialect=" + dialect + "&reconnect=false&eventTypes="))
                        .filter(header(FastRouterRealtimeConstants.EVENT_TYPE).not().startsWith("connection."))
                        .to("mock:events");
            }
        });
        mock.setResultWaitTime(30_000);
        mock.assertIsSatisfied();

        Dialect d = Dialect.fromName(dialect);
        List<Exchange> received = mock.getExchanges();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode expected = MAPPER.readTree(lines.get(i));
            Exchange got = received.get(i);
            String wireType = expected.path("type").asText();
            assertThat(got.getMessage().getHeader(FastRouterRealtimeConstants.WIRE_EVENT_TYPE)).as("event %d", i).isEqualTo(wireType);
            assertThat(got.getMessage().getHeader(FastRouterRealtimeConstants.EVENT_TYPE)).as("event %d", i)
                    .isEqualTo(d.canonicalType(wireType));
            assertThat(got.getMessage().getHeader(FastRouterRealtimeConstants.EVENT_ID)).isEqualTo(expected.path("event_id").asText(null));
            assertThat(got.getMessage().getHeader(FastRouterRealtimeConstants.DIALECT)).isEqualTo(dialect);
            Object body = got.getMessage().getBody();
            String canonical = d.canonicalType(wireType);
            if (canonical.endsWith(".delta") && expected.path("delta").isTextual() && !canonical.equals(EventTypes.RESPONSE_OUTPUT_AUDIO_DELTA)) {
                assertThat(body).isEqualTo(expected.path("delta").asText());
            } else if (body instanceof RealtimeEvent event) {
                assertThat(MAPPER.readTree(got.getMessage().getBody(String.class))).isEqualTo(expected);
                assertThat(event.fields()).isEqualTo(expected);
            }
            if (expected.at("/response/id").isTextual()) {
                assertThat(got.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_ID)).isEqualTo(expected.at("/response/id").asText());
            } else if (expected.path("response_id").isTextual()) {
                assertThat(got.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_ID)).isEqualTo(expected.path("response_id").asText());
            }
            if (expected.path("item_id").isTextual()) {
                assertThat(got.getMessage().getHeader(FastRouterRealtimeConstants.ITEM_ID)).isEqualTo(expected.path("item_id").asText());
            }
            if (canonical.equals(EventTypes.RESPONSE_DONE)) {
                assertThat(got.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS)).isEqualTo(expected.at("/response/status").asText());
            }
        }
    }
}
