package io.github.camelrealtime.fastrouter.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MCP tools (GA): tool listing, calls with and without approval, approval answers approved, denied and wrong. */
class McpTest {

    @RegisterExtension
    static RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    private static final String QUESTION = "search_docs for camel";
    private static final String OUTPUT = "docs/search_docs answered {\"query\":\"search_docs for camel\"}";

    private static String session(String requireApproval) {
        return "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"],\"tools\":["
                + "{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}},"
                + "{\"type\":\"mcp\",\"server_label\":\"docs\",\"server_url\":\"https://mcp.example.com/mcp\","
                + "\"allowed_tools\":[\"search_docs\"],\"require_approval\":" + requireApproval + "}]}}";
    }

    private static TestClient configured(RealtimeSimulator sim, String requireApproval) {
        TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga());
        client.await("session.created");
        client.send(session(requireApproval));
        client.await("session.updated");
        client.await("mcp_list_tools.completed");
        return client;
    }

    private static void ask(TestClient client, String text) {
        client.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"" + text + "\"}]}}");
        client.send("{\"type\":\"response.create\"}");
    }

    private static String approval(String requestId, boolean approve, String reason) {
        return "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"mcp_approval_response\",\"approval_request_id\":\""
                + requestId + "\",\"approve\":" + approve + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}}";
    }

    private static List<String> typesFrom(TestClient client, String first) {
        List<String> types = client.types();
        return types.subList(types.indexOf(first), types.size());
    }

    @Test
    void aSessionUpdateWithAnMcpServerListsItsToolsOnce(RealtimeSimulator sim) {
        try (TestClient client = configured(sim, "\"always\"")) {
            JsonNode listed = client.awaitMatching(e -> e.path("type").asText().equals("conversation.item.done")
                    && e.at("/item/type").asText().equals("mcp_list_tools"), 1, "mcp_list_tools done").path("item");
            assertThat(typesFrom(client, "session.updated")).containsExactly("session.updated", "conversation.item.added",
                    "mcp_list_tools.in_progress", "mcp_list_tools.completed", "conversation.item.done");
            assertThat(listed.path("server_label").asText()).isEqualTo("docs");
            assertThat(listed.path("tools")).hasSize(1);
            assertThat(listed.at("/tools/0/name").asText()).isEqualTo("search_docs");
            assertThat(client.await("mcp_list_tools.completed").path("item_id").asText()).isEqualTo(listed.path("id").asText());

            client.send(session("\"always\""));
            client.await("session.updated", 2);
            ask(client, "hello");
            client.await("response.done");
            assertThat(client.events("mcp_list_tools.completed")).hasSize(1);
        }
    }

    @Test
    void anApprovedCallRunsOnTheApprovalAndTheNextResponseUsesItsOutput(RealtimeSimulator sim) {
        try (TestClient client = configured(sim, "\"always\"")) {
            ask(client, QUESTION);
            JsonNode first = client.await("response.done").path("response");
            client.await("rate_limits.updated");
            assertThat(typesFrom(client, "response.created")).containsExactly("response.created", "response.output_item.added",
                    "conversation.item.added", "response.mcp_call_arguments.delta", "response.mcp_call_arguments.delta",
                    "response.mcp_call_arguments.done", "response.output_item.added", "conversation.item.added",
                    "response.output_item.done", "conversation.item.done", "response.done", "rate_limits.updated");
            JsonNode call = first.at("/output/0");
            JsonNode request = first.at("/output/1");
            assertThat(call.path("type").asText()).isEqualTo("mcp_call");
            assertThat(call.path("arguments").asText()).isEqualTo("{\"query\":\"search_docs for camel\"}");
            assertThat(call.path("output").isNull()).isTrue();
            assertThat(request.path("type").asText()).isEqualTo("mcp_approval_request");
            assertThat(request.path("server_label").asText()).isEqualTo("docs");
            assertThat(request.path("name").asText()).isEqualTo("search_docs");
            assertThat(call.path("approval_request_id").asText()).isEqualTo(request.path("id").asText());
            assertThat(client.events("response.mcp_call.completed")).isEmpty();

            client.send(approval(request.path("id").asText(), true, "looks safe"));
            JsonNode completed = client.await("response.mcp_call.completed");
            assertThat(completed.path("item_id").asText()).isEqualTo(call.path("id").asText());
            JsonNode ran = client.awaitMatching(e -> e.path("type").asText().equals("conversation.item.done")
                    && e.at("/item/type").asText().equals("mcp_call"), 1, "mcp_call done").path("item");
            assertThat(ran.path("output").asText()).isEqualTo(OUTPUT);
            assertThat(client.events("response.mcp_call.in_progress")).hasSize(1);
            assertThat(client.events("response.created")).hasSize(1); // the server does not go on by itself

            client.send("{\"type\":\"response.create\"}");
            client.await("response.done", 2);
            assertThat(client.await("response.output_text.done").path("text").asText()).isEqualTo("mcp results: " + OUTPUT);
            assertThat(client.events("error")).isEmpty();
        }
    }

    @Test
    void aDeniedCallDoesNotRunAndTheAnswerSaysWhy(RealtimeSimulator sim) {
        try (TestClient client = configured(sim, "\"always\"")) {
            ask(client, QUESTION);
            String requestId = client.await("response.done").at("/response/output/1/id").asText();

            client.send(approval(requestId, false, "not on weekends"));
            client.awaitMatching(e -> e.at("/item/type").asText().equals("mcp_approval_response"), 2, "approval response item");
            client.send("{\"type\":\"response.create\"}");
            client.await("response.done", 2);

            assertThat(client.await("response.output_text.done").path("text").asText())
                    .isEqualTo("the MCP tool search_docs was denied: not on weekends");
            assertThat(client.events("response.mcp_call.completed")).isEmpty();
            assertThat(client.events("response.mcp_call.in_progress")).isEmpty();
        }
    }

    @Test
    void aToolThatNeedsNoApprovalRunsInsideItsResponseWhichAnswers(RealtimeSimulator sim) {
        try (TestClient client = configured(sim, "{\"never\":{\"tool_names\":[\"search_docs\"]}}")) {
            ask(client, QUESTION);
            JsonNode done = client.await("response.done").path("response");

            assertThat(done.path("output")).hasSize(2);
            assertThat(done.at("/output/0/type").asText()).isEqualTo("mcp_call");
            assertThat(done.at("/output/0/output").asText()).isEqualTo(OUTPUT);
            assertThat(done.at("/output/1/type").asText()).isEqualTo("message");
            assertThat(client.await("response.output_text.done").path("text").asText()).isEqualTo("mcp results: " + OUTPUT);
            assertThat(client.await("response.output_text.done").path("output_index").asInt()).isEqualTo(1);
            assertThat(client.types()).contains("response.mcp_call.in_progress", "response.mcp_call.completed");
            assertThat(client.events("response.output_item.added")).noneMatch(e -> e.at("/item/type").asText().equals("mcp_approval_request"));
        }
    }

    @Test
    void aTextNamingAFunctionAndAnMcpToolCallsTheFunction(RealtimeSimulator sim) {
        try (TestClient client = configured(sim, "\"always\"")) {
            ask(client, "get_weather then search_docs");
            JsonNode done = client.await("response.done").path("response");

            assertThat(done.path("output")).hasSize(1);
            assertThat(done.at("/output/0/type").asText()).isEqualTo("function_call");
        }
    }

    @Test
    void wrongApprovalsAreRefusedAsTheServerDoes(RealtimeSimulator sim) {
        try (TestClient client = configured(sim, "\"always\"")) {
            String unknown = client.send(approval("mcpr_nope", true, null));
            assertThat(client.awaitError(unknown).path("code").asText()).isEqualTo("invalid_value");

            ask(client, QUESTION);
            String requestId = client.await("response.done").at("/response/output/1/id").asText();
            String noDecision = client.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"mcp_approval_response\","
                    + "\"approval_request_id\":\"" + requestId + "\"}}");
            assertThat(client.awaitError(noDecision).path("param").asText()).isEqualTo("item.approve");
            client.send(approval(requestId, true, null));
            client.await("response.mcp_call.completed");
            String again = client.send(approval(requestId, false, null));
            assertThat(client.awaitError(again).path("message").asText()).contains("already been answered");
            assertThat(client.events("response.mcp_call.completed")).hasSize(1);
        }
    }

    @Test
    void betaHasNoMcpTools(RealtimeSimulator sim) {
        try (TestClient client = TestClient.connect(sim.baseUrl(), TestClient.beta())) {
            client.await("session.created");
            String update = client.send("{\"type\":\"session.update\",\"session\":{\"tools\":[{\"type\":\"mcp\",\"server_label\":\"docs\","
                    + "\"server_url\":\"https://mcp.example.com/mcp\"}]}}");
            JsonNode error = client.awaitError(update);
            assertThat(error.path("code").asText()).isEqualTo("invalid_value");
            assertThat(error.path("param").asText()).isEqualTo("session.tools[0].type");
            String item = client.send(approval("mcpr_x", true, null));
            assertThat(client.awaitError(item).path("param").asText()).isEqualTo("item.type");
        }
    }
}
