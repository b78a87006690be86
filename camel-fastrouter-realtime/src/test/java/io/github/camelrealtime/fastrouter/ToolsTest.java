package io.github.camelrealtime.fastrouter;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Function calls answered by Camel routes (toolRoute.*), by the producer (unmapped calls), and failing tools. */
class ToolsTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    static String agentUri(RealtimeSimulator sim, String dialect) {
        return uri(sim, "agent-" + dialect, "dialect=" + dialect + "&outputModalities=text&tools=classpath:tools/tools.json"
                                            + "&toolChoice=auto&toolRoute.get_weather=direct:weather&toolRoute.get_time=direct:time"
                                            + "&toolRoute.explode=direct:explode");
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:weather").routeId("weather")
                        .to("mock:weatherCalls")
                        .setBody(constant("sunny, 21 C"));
                from("direct:time").routeId("time")
                        .setBody(constant("12:00"));
                from("direct:explode").routeId("explode")
                        .onException(IllegalStateException.class).to("mock:toolErrors").end()
                        .throwException(new IllegalStateException("the tool backend is down"));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void oneToolCallIsAnsweredByItsRouteAndTheReplyIsTheFinalAnswer(String dialect) throws Exception {
        MockEndpoint calls = getMockEndpoint("mock:weatherCalls");
        calls.expectedMessageCount(1);

        Exchange reply = template.request(agentUri(SIM.simulator(), dialect), e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody("Please get_weather for Paris");
        });

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getBody(String.class)).isEqualTo("tool results: sunny, 21 C");
        calls.assertIsSatisfied();
        Exchange call = calls.getExchanges().get(0);
        assertThat(call.getMessage().getBody(String.class)).isEqualTo("{\"query\":\"Please get_weather for Paris\"}");
        assertThat(call.getMessage().getHeader(FastRouterRealtimeConstants.TOOL_NAME)).isEqualTo("get_weather");
        assertThat(call.getMessage().getHeader(FastRouterRealtimeConstants.CALL_ID, String.class)).startsWith("call_");
        assertThat(SIM.simulator().awaitReceived("response.create", 2, java.time.Duration.ofSeconds(10))).isTrue();
        List<JsonNode> outputs = SIM.simulator().receivedEvents("conversation.item.create").stream()
                .filter(e -> e.at("/item/type").asText().equals("function_call_output")).toList();
        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).at("/item/output").asText()).isEqualTo("sunny, 21 C");
        // the simulator records an event after handling it, which may be after its answer reached us
        assertThat(SIM.simulator().awaitReceived("response.create", 2, java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(SIM.simulator().receivedEvents("response.create")).hasSize(2);
        assertThat(SIM.simulator().sentEvents("error")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void twoCallsInOneResponseAreAllAnsweredBeforeOneResponseCreate(String dialect) {
        String reply = template.requestBody(agentUri(SIM.simulator(), dialect), "get_weather and get_time in Rome", String.class);

        assertThat(reply).isEqualTo("tool results: sunny, 21 C; 12:00");
        assertThat(SIM.simulator().awaitReceived("response.create", 2, java.time.Duration.ofSeconds(10))).isTrue();
        // the question's response.create, then exactly one after both outputs
        List<String> types = SIM.simulator().receivedEvents().stream().map(e -> e.path("type").asText())
                .filter(t -> !t.equals("session.update")).toList();
        assertThat(types).containsExactly("conversation.item.create", "response.create",
                "conversation.item.create", "conversation.item.create", "response.create");
    }

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void aFailingToolReturnsAnErrorOutputAndTheConversationGoesOn(String dialect) throws Exception {
        MockEndpoint errors = getMockEndpoint("mock:toolErrors");
        errors.expectedMessageCount(1);

        String reply = template.requestBody(agentUri(SIM.simulator(), dialect), "please explode", String.class);

        assertThat(reply).isEqualTo("tool results: {\"error\":\"The tool explode failed: the tool backend is down\"}");
        errors.assertIsSatisfied();
        assertThat(template.requestBody(agentUri(SIM.simulator(), dialect), "still talking?", String.class))
                .isEqualTo("echo: still talking?");
    }

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void anUnmappedCallReachesTheConsumerAndIsAnsweredByTheProducer(String dialect) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = agentUri(sim, dialect);
        MockEndpoint heard = getMockEndpoint("mock:calls");
        heard.expectedMessageCount(1);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&eventTypes=response.function_call_arguments.done").to("mock:calls");
            }
        });

        Exchange first = template.request(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody("lookup_order 42");
        });
        assertThat(first.getException()).isNull();
        String callId = first.getMessage().getHeader(FastRouterRealtimeConstants.CALL_ID, String.class);
        assertThat(callId).startsWith("call_");
        assertThat(first.getMessage().getHeader(FastRouterRealtimeConstants.TOOL_NAME)).isEqualTo("lookup_order");
        heard.assertIsSatisfied();
        assertThat(heard.getExchanges().get(0).getMessage().getHeader(FastRouterRealtimeConstants.CALL_ID)).isEqualTo(callId);

        String answer = template.requestBodyAndHeader(uri, "order 42 shipped yesterday", FastRouterRealtimeConstants.CALL_ID, callId,
                String.class);

        assertThat(answer).isEqualTo("tool results: order 42 shipped yesterday");
    }

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void aRoutedAndAnUnmappedCallInOneResponseFollowUpOnceBothAreAnswered(String dialect) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = agentUri(sim, dialect);

        Exchange first = template.request(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody("get_weather then lookup_order 9");
        });
        assertThat(first.getException()).isNull();
        assertThat(first.getMessage().getBody()).isNull();
        String orderCall = sim.sentEvents("response.function_call_arguments.done").stream()
                .filter(e -> e.path("call_id").asText().length() > 0)
                .map(e -> e.path("call_id").asText()).reduce((a, b) -> b).orElseThrow();

        String answer = template.requestBodyAndHeader(uri, "order 9 shipped", FastRouterRealtimeConstants.CALL_ID, orderCall, String.class);

        // both outputs precede the one follow-up (their order depends on which answer came first)
        assertThat(answer).startsWith("tool results: ").contains("sunny, 21 C").contains("order 9 shipped");
        assertThat(sim.awaitReceived("response.create", 2, java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(sim.receivedEvents("response.create")).hasSize(2);
        assertThat(sim.sentEvents("error")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void aCallAnsweredBeforeItsResponseEndsGetsOneFollowUpAfterIt(String dialect) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = agentUri(sim, dialect);
        MockEndpoint responses = getMockEndpoint("mock:responses");
        responses.expectedMessageCount(2);
        responses.setResultWaitTime(20_000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // the application answers as soon as the call's arguments are complete, before response.done
                from(uri + "&eventTypes=response.function_call_arguments.done")
                        .setBody(constant("order 7 is on its way"))
                        .to(uri);
                from(uri + "&delivery=responses").to("mock:responses");
            }
        });

        Object first = template.requestBody(uri, "lookup_order 7");

        assertThat(first).isNull(); // that response ended in the call; the answer follows as a new response
        responses.assertIsSatisfied();
        assertThat(responses.getExchanges().get(1).getMessage().getBody(String.class)).isEqualTo("tool results: order 7 is on its way");
        assertThat(sim.awaitReceived("response.create", 2, java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(sim.receivedEvents("response.create")).hasSize(2);
        assertThat(sim.sentEvents("error")).isEmpty();
    }
}
