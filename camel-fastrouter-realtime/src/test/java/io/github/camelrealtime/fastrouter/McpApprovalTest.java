package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MCP tools (GA) over real sockets: approval requests answered by mcpApprovalRoute (approve, deny, failing and unreadable
 * routes), by the application without the option, an MCP tool beside a function tool, and a tool that needs no approval.
 */
class McpApprovalTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    private static final String QUESTION = "search_docs for camel";
    private static final String OUTPUT = "docs/search_docs answered {\"query\":\"search_docs for camel\"}";

    /** What the next approval route call answers with (set by each test). */
    private volatile String verdict = "approve";

    static String agentUri(RealtimeSimulator sim, String name, boolean approvalRoute) {
        return uri(sim, name, "dialect=ga&outputModalities=text&tools=classpath:tools/mcp-tools.json&toolRoute.get_weather=direct:weather"
                              + (approvalRoute ? "&mcpApprovalRoute=direct:approve" : ""));
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:weather").setBody(constant("sunny, 21 C"));
                from("direct:approve").routeId("approve")
                        .onException(IllegalStateException.class).to("mock:approvalErrors").end()
                        .process(e -> e.getMessage().setHeader("thread", Thread.currentThread().getName()))
                        .to("mock:approvals")
                        .process(e -> {
                            switch (verdict) {
                                case "approve" -> {
                                    e.getMessage().setHeader(FastRouterRealtimeConstants.MCP_APPROVED, true);
                                    e.getMessage().setHeader(FastRouterRealtimeConstants.MCP_APPROVAL_REASON, "docs are public");
                                }
                                case "throw" -> throw new IllegalStateException("the policy service is down");
                                default -> e.getMessage().setBody(verdict);
                            }
                        });
            }
        };
    }

    @AfterEach
    void everyEventTheSimulatorSentIsACatalogGaServerEvent() {
        Set<String> catalog = EventTypes.serverTypes(Dialect.GA);
        assertThat(SIM.simulator().sentEvents()).allSatisfy(e -> assertThat(catalog).contains(e.path("type").asText()));
    }

    private static List<JsonNode> approvalResponses(RealtimeSimulator sim) {
        return sim.receivedEvents("conversation.item.create").stream()
                .filter(e -> e.at("/item/type").asText().equals("mcp_approval_response")).toList();
    }

    private static String requestId(RealtimeSimulator sim) {
        return sim.sentEvents("response.output_item.added").stream().map(e -> e.path("item"))
                .filter(item -> item.path("type").asText().equals("mcp_approval_request"))
                .map(item -> item.path("id").asText()).findFirst().orElseThrow();
    }

    @Test
    void anApprovalRouteApprovesAndTheExchangeGetsTheAnswerThatUsesTheToolsOutput() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        MockEndpoint approvals = getMockEndpoint("mock:approvals");
        approvals.expectedMessageCount(1);

        Exchange reply = template.request(agentUri(sim, "approved", true), e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, "call-7");
            e.getMessage().setBody(QUESTION);
        });

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getBody(String.class)).isEqualTo("mcp results: " + OUTPUT);
        approvals.assertIsSatisfied();
        Exchange asked = approvals.getExchanges().get(0);
        String requestId = requestId(sim);
        assertThat(asked.getMessage().getBody(Map.class)).containsEntry("type", "mcp_approval_request")
                .containsEntry("id", requestId).containsEntry("server_label", "docs").containsEntry("name", "search_docs")
                .containsEntry("arguments", "{\"query\":\"search_docs for camel\"}");
        assertThat(asked.getMessage().getHeader(FastRouterRealtimeConstants.MCP_APPROVAL_REQUEST_ID)).isEqualTo(requestId);
        assertThat(asked.getMessage().getHeader(FastRouterRealtimeConstants.MCP_SERVER_LABEL)).isEqualTo("docs");
        assertThat(asked.getMessage().getHeader(FastRouterRealtimeConstants.TOOL_NAME)).isEqualTo("search_docs");
        assertThat(asked.getMessage().getHeader(FastRouterRealtimeConstants.SESSION_KEY)).isEqualTo("call-7");
        // like tool routes: never on the socket's listener (the JDK client's selector or the component's ws threads)
        assertThat(asked.getMessage().getHeader("thread", String.class)).doesNotContain("fastrouter-realtime-ws")
                .doesNotContain("SelectorManager");
        List<JsonNode> answers = approvalResponses(sim);
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).at("/item/approval_request_id").asText()).isEqualTo(requestId);
        assertThat(answers.get(0).at("/item/approve").asBoolean()).isTrue();
        assertThat(answers.get(0).at("/item/reason").asText()).isEqualTo("docs are public");
        // the question's response.create, then one after the approved call ran
        assertThat(sim.awaitReceived("response.create", 2, Duration.ofSeconds(10))).isTrue();
        assertThat(sim.receivedEvents("response.create")).hasSize(2);
        assertThat(sim.sentEvents("response.mcp_call.completed")).hasSize(1);
        assertThat(sim.sentEvents("error")).isEmpty();
    }

    @Test
    void anApprovalRouteDeniesWithAReasonThatReachesTheServerAndTheAnswer() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        verdict = "deny: not on weekends";

        String reply = template.requestBody(agentUri(sim, "denied", true), QUESTION, String.class);

        assertThat(reply).isEqualTo("the MCP tool search_docs was denied: not on weekends");
        List<JsonNode> answers = approvalResponses(sim);
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).at("/item/approve").asBoolean()).isFalse();
        assertThat(answers.get(0).at("/item/reason").asText()).isEqualTo("not on weekends");
        assertThat(sim.sentEvents("response.mcp_call.completed")).isEmpty();
    }

    @Test
    void aFailingApprovalRouteDeniesWithTheFailureAsTheReason() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        verdict = "throw";
        MockEndpoint errors = getMockEndpoint("mock:approvalErrors");
        errors.expectedMessageCount(1);

        Exchange reply = template.request(agentUri(sim, "failing", true), e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody(QUESTION);
        });

        assertThat(reply.getException()).isNull();
        String reason = "Denied because the approval check failed: the policy service is down";
        assertThat(reply.getMessage().getBody(String.class)).isEqualTo("the MCP tool search_docs was denied: " + reason);
        errors.assertIsSatisfied();
        List<JsonNode> answers = approvalResponses(sim);
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).at("/item/approve").asBoolean()).isFalse();
        assertThat(answers.get(0).at("/item/reason").asText()).isEqualTo(reason);
    }

    @Test
    void anUnreadableReplyDenies() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        verdict = "maybe later";

        String reply = template.requestBody(agentUri(sim, "unreadable", true), QUESTION, String.class);

        assertThat(reply).startsWith("the MCP tool search_docs was denied: Denied because the approval check failed: ")
                .contains("said neither approve nor deny");
        assertThat(approvalResponses(sim)).singleElement().satisfies(a -> assertThat(a.at("/item/approve").asBoolean()).isFalse());
    }

    @Test
    void withoutTheOptionTheConsumerReceivesTheRequestAndAProducerMessageAnswersIt() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = agentUri(sim, "by-hand", false);
        MockEndpoint requests = getMockEndpoint("mock:requests");
        requests.expectedMessageCount(1);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&eventTypes=conversation.item.done")
                        .filter(e -> "mcp_approval_request".equals(((Map<?, ?>) e.getMessage().getBody(Map.class).get("item")).get("type")))
                        .to("mock:requests");
            }
        });

        Exchange first = template.request(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody(QUESTION);
        });
        assertThat(first.getException()).isNull();
        assertThat(first.getMessage().getBody()).isNull(); // that response ended in the approval request
        requests.assertIsSatisfied();
        Map<?, ?> item = (Map<?, ?>) requests.getExchanges().get(0).getMessage().getBody(Map.class).get("item");
        String requestId = (String) item.get("id");
        assertThat(item.get("name")).isEqualTo("search_docs");
        assertThat(requests.getExchanges().get(0).getMessage().getHeader(FastRouterRealtimeConstants.ITEM_ID)).isEqualTo(requestId);
        assertThat(requests.getExchanges().get(0).getMessage().getHeader(FastRouterRealtimeConstants.TOOL_NAME)).isEqualTo("search_docs");

        template.sendBody(uri, "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"mcp_approval_response\","
                               + "\"approval_request_id\":\"" + requestId + "\",\"approve\":true,\"reason\":\"checked by hand\"}}");
        String answer = template.requestBody(uri, "{\"type\":\"response.create\"}", String.class);

        assertThat(answer).isEqualTo("mcp results: " + OUTPUT);
        assertThat(approvalResponses(sim)).singleElement()
                .satisfies(a -> assertThat(a.at("/item/reason").asText()).isEqualTo("checked by hand"));
        assertThat(getMockEndpoint("mock:approvals").getReceivedCounter()).isZero();
    }

    @Test
    void aFunctionToolAndAnMcpToolOfOneToolsListAreBothCalledInOneConversation() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = agentUri(sim, "both", true);

        String weather = template.requestBody(uri, "get_weather in Paris", String.class);
        String docs = template.requestBody(uri, QUESTION, String.class);

        assertThat(weather).isEqualTo("tool results: sunny, 21 C");
        assertThat(docs).isEqualTo("mcp results: " + OUTPUT);
        assertThat(sim.connectionCount()).isEqualTo(1);
        JsonNode tools = sim.receivedEvents("session.update").get(0).at("/session/tools");
        assertThat(tools).hasSize(3);
        assertThat(tools.get(0).path("type").asText()).isEqualTo("function");
        assertThat(tools.get(1).path("type").asText()).isEqualTo("mcp");
        assertThat(sim.receivedEvents("conversation.item.create").stream().map(e -> e.at("/item/type").asText()).toList())
                .containsExactly("message", "function_call_output", "message", "mcp_approval_response");
        assertThat(sim.sentEvents("mcp_list_tools.completed")).hasSize(2);
    }

    @Test
    void aToolThatNeedsNoApprovalGoesStraightThrough() throws Exception {
        RealtimeSimulator sim = SIM.simulator();

        String reply = template.requestBody(agentUri(sim, "never", true), "world_time in Tokyo", String.class);

        assertThat(reply).isEqualTo("mcp results: clock/world_time answered {\"query\":\"world_time in Tokyo\"}");
        assertThat(getMockEndpoint("mock:approvals").getReceivedCounter()).isZero();
        assertThat(approvalResponses(sim)).isEmpty();
        assertThat(sim.receivedEvents("response.create")).hasSize(1);
    }
}
