package io.github.camelrealtime.fastrouter.dsl;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeComponent;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeConstants;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeEndpoint;
import io.github.camelrealtime.fastrouter.dsl.FastRouterRealtimeEndpointBuilderFactory.FastRouterRealtimeBuilders;
import io.github.camelrealtime.fastrouter.dsl.FastRouterRealtimeEndpointBuilderFactory.FastRouterRealtimeEndpointBuilder;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated Endpoint DSL: a route written with {@code fastrouterRealtime("voice").model(...).turnDetection("none")}
 * talks to the simulator, and the builders produce the URIs the component understands.
 */
class FastRouterRealtimeEndpointDslTest extends CamelTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    /** What a user writes: an EndpointRouteBuilder with the component's builders mixed in. */
    static final class VoiceRoutes extends EndpointRouteBuilder implements FastRouterRealtimeBuilders {
        private final RealtimeSimulator sim;

        VoiceRoutes(RealtimeSimulator sim) {
            this.sim = sim;
        }

        @Override
        public void configure() {
            // where the server is and the key: once, on the component (an application sets these from its properties)
            FastRouterRealtimeComponent component = getContext().getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class);
            component.getConfiguration().setBaseUrl(sim.baseUrl().toString());
            component.getConfiguration().setApiKey(sim.apiKey());

            // a text question in, the answer out
            from(direct("ask"))
                    .to(voice().responseTimeout("20s"))
                    .setHeader("Answered", constant(true));

            // the consumer side of the same session: one exchange per completed response
            from(voice().delivery("responses").replyFormat("text"))
                    .to(mock("answers"));
        }

        /** The session's settings; the producer and the consumer of "voice" share one session. */
        private FastRouterRealtimeEndpointBuilder voice() {
            return fastrouterRealtime("voice")
                    .model("openai/gpt-realtime")
                    .turnDetection("none")
                    .outputModalities("text")
                    .instructions("Be brief.");
        }
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        // routes are built before a test method runs: the extension's simulator is already started here
        return new VoiceRoutes(SIM.simulator());
    }

    @Test
    void aRouteBuiltWithTheEndpointDslTalksToTheSimulator() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        getMockEndpoint("mock:answers").expectedBodiesReceived("echo: hello");

        Exchange reply = template.request("direct:ask", e -> e.getMessage().setBody("hello"));

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getBody(String.class)).isEqualTo("echo: hello");
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS)).isEqualTo("completed");
        getMockEndpoint("mock:answers").assertIsSatisfied(10_000);
        // one session (one socket) for the producer and the consumer of "voice", with the DSL's settings
        assertThat(sim.connectionCount()).isEqualTo(1);
        assertThat(sim.lastConnection().model()).isEqualTo("openai/gpt-realtime");
        assertThat(sim.awaitReceived("session.update", 1, Duration.ofSeconds(5))).isTrue();
        JsonNode update = sim.receivedEvents("session.update").get(0);
        JsonNode turnDetection = update.at("/session/turn_detection").isMissingNode()
                ? update.at("/session/audio/input/turn_detection") : update.at("/session/turn_detection");
        assertThat(turnDetection.isNull()).as("turn detection off: %s", update).isTrue();
        assertThat(update.toString()).contains("Be brief.");

        FastRouterRealtimeEndpoint endpoint = context.getEndpoints().stream()
                .filter(FastRouterRealtimeEndpoint.class::isInstance).map(FastRouterRealtimeEndpoint.class::cast)
                .filter(e -> "openai/gpt-realtime".equals(e.getConfiguration().getModel())).findFirst().orElseThrow();
        assertThat(endpoint.getConfiguration().getTurnDetection()).isEqualTo("none");
        assertThat(endpoint.getConfiguration().getResponseTimeout()).isEqualTo(20_000L);
        assertThat(endpoint.getEndpointUri()).doesNotContain(RealtimeSimulator.DEFAULT_API_KEY);
    }

    @Test
    void theBuildersWriteTheComponentsUris() {
        // static entry point, typed and String setters, multi-value options, advanced options
        String uri = FastRouterRealtimeEndpointBuilderFactory.fastrouterRealtime("calls")
                .model("openai/gpt-realtime")
                .vadSilenceDurationMs(600)
                .chunkMillis(20)
                .reconnect(false)
                .maxSessionDuration("10m")
                .headers("OpenAI-Project", "proj_1")
                .toolRoutes(Map.of("get_weather", "direct:weather"))
                .advanced().lazyStartProducer(true)
                .getRawUri();
        assertThat(uri).startsWith("fastrouter-realtime://calls?")
                .contains("model=openai/gpt-realtime", "vadSilenceDurationMs=600", "chunkMillis=20", "reconnect=false",
                        "maxSessionDuration=10m", "header.OpenAI-Project=proj_1", "toolRoute.get_weather=direct:weather",
                        "lazyStartProducer=true");

        FastRouterRealtimeEndpoint endpoint = FastRouterRealtimeEndpointBuilderFactory.fastrouterRealtime("calls")
                .model("openai/gpt-realtime").turnDetection("server_vad").vadSilenceDurationMs(600).maxSessionDuration("10m")
                .headers("OpenAI-Project", "proj_1").toolRoutes("get_weather", "direct:weather")
                .resolve(context, FastRouterRealtimeEndpoint.class);
        assertThat(endpoint.getConfiguration().getVadSilenceDurationMs()).isEqualTo(600);
        assertThat(endpoint.getConfiguration().getMaxSessionDuration()).isEqualTo(600_000L);
        assertThat(endpoint.getConfiguration().getHeaders()).containsEntry("OpenAI-Project", "proj_1");
        assertThat(endpoint.getConfiguration().getToolRoutes()).containsEntry("get_weather", "direct:weather");
    }

    @Test
    void theHeaderNameBuilderNamesTheComponentsHeaders() {
        FastRouterRealtimeBuilders builders = new FastRouterRealtimeBuilders() {
        };
        assertThat(builders.fastrouterRealtime().fastRouterRealtimeSessionKey()).isEqualTo(FastRouterRealtimeConstants.SESSION_KEY);
        assertThat(builders.fastrouterRealtime().fastRouterRealtimeTranscript()).isEqualTo(FastRouterRealtimeConstants.TRANSCRIPT);
    }
}
