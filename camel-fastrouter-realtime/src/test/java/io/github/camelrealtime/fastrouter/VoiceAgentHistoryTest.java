package io.github.camelrealtime.fastrouter;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, part 1: the conversation survives a new socket. The simulator answers "what did I say before?" from the
 * conversation items it holds, so the answer shows whether the history was replayed.
 */
class VoiceAgentHistoryTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    private static final String RECALLED = "earlier you said: my name is Ada (I answered: echo: my name is Ada)";

    /**
     * The item creates replayed on the test's latest socket (not counted from the first: a previous test's socket may
     * still be closing, and listed, when the simulator's history is cleared).
     */
    private static List<JsonNode> replayed(RealtimeSimulator sim) {
        return sim.lastConnection().received().stream()
                .filter(e -> e.path("type").asText().equals("conversation.item.create") && e.path("item").has("id")).toList();
    }

    @Test
    void aReconnectMidConversationReplaysTheHistorySoAQuestionNeedingEarlierContextIsAnswered() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "replay", "dialect=ga&outputModalities=text&reconnectInitialDelay=50ms&reconnectMaxDelay=200ms");
        assertThat(template.requestBody(uri, "my name is Ada", String.class)).isEqualTo("echo: my name is Ada");

        sim.dropAll();
        assertThat(sim.awaitConnections(2, WAIT)).isTrue();

        assertThat(template.requestBody(uri, "what did I say before?", String.class)).isEqualTo(RECALLED);
        List<JsonNode> items = replayed(sim);
        assertThat(items).hasSize(2);
        assertThat(items.get(0).at("/item/role").asText()).isEqualTo("user");
        assertThat(items.get(0).at("/item/content/0/type").asText()).isEqualTo("input_text");
        assertThat(items.get(1).at("/item/role").asText()).isEqualTo("assistant");
        assertThat(items.get(1).at("/item/content/0/type").asText()).isEqualTo("output_text");
        // the replay comes after the settings and before the question
        List<String> types = sim.lastConnection().received().stream().map(e -> e.path("type").asText()).toList();
        assertThat(types.indexOf("session.update")).isLessThan(types.indexOf("conversation.item.create"));
    }

    @Test
    void theBetaDialectReplaysAssistantTextAsTextParts() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "replayBeta", "dialect=beta&outputModalities=text&reconnectInitialDelay=50ms&reconnectMaxDelay=200ms");
        assertThat(template.requestBody(uri, "my name is Ada", String.class)).isEqualTo("echo: my name is Ada");
        sim.dropAll();
        assertThat(sim.awaitConnections(2, WAIT)).isTrue();
        assertThat(template.requestBody(uri, "what did I say before?", String.class)).isEqualTo(RECALLED);
        assertThat(replayed(sim).get(1).at("/item/content/0/type").asText()).isEqualTo("text");
    }

    @Test
    void historyReplayNoneStartsEachSocketEmpty() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "forgetful", "dialect=ga&outputModalities=text&historyReplay=none&reconnectInitialDelay=50ms");
        template.requestBody(uri, "my name is Ada", String.class);
        sim.dropAll();
        assertThat(sim.awaitConnections(2, WAIT)).isTrue();
        assertThat(template.requestBody(uri, "what did I say before?", String.class)).isEqualTo("you said nothing before");
        assertThat(replayed(sim)).isEmpty();
    }

    @Test
    void aRecycleAtMaxSessionDurationKeepsTheConversation() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "recycled", "dialect=ga&outputModalities=text&maxSessionDuration=1s");
        assertThat(template.requestBody(uri, "my name is Ada", String.class)).isEqualTo("echo: my name is Ada");
        assertThat(sim.awaitConnections(2, WAIT)).as("recycled").isTrue();
        assertThat(template.requestBody(uri, "what did I say before?", String.class)).isEqualTo(RECALLED);
    }

    @Test
    void theHistoryIsBoundedByHistoryMaxItems() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "bounded", "dialect=ga&outputModalities=text&historyMaxItems=3&reconnectInitialDelay=50ms");
        for (int i = 1; i <= 3; i++) {
            template.requestBody(uri, "message " + i, String.class);
        }
        sim.dropAll();
        assertThat(sim.awaitConnections(2, WAIT)).isTrue();
        template.requestBody(uri, "after", String.class);
        List<JsonNode> items = replayed(sim);
        assertThat(items).hasSize(3);
        assertThat(items.get(0).at("/item/content/0/text").asText()).isEqualTo("echo: message 2");
        assertThat(items.get(2).at("/item/content/0/text").asText()).isEqualTo("echo: message 3");
    }

    @Test
    void anotherCamelContextSharingTheHistoryRepositoryTakesTheCallOver() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        MemoryStateRepository repository = new MemoryStateRepository();
        String uri = bareUri(sim, "calls", "dialect=ga&outputModalities=text&historyRepository=#callHistory");
        CamelContext first = new DefaultCamelContext();
        CamelContext second = new DefaultCamelContext();
        first.getRegistry().bind("callHistory", repository);
        second.getRegistry().bind("callHistory", repository);
        try {
            first.start();
            ProducerTemplate one = first.createProducerTemplate();
            assertThat(one.requestBodyAndHeader(uri, "my name is Ada", FastRouterRealtimeConstants.SESSION_KEY, "call-7", String.class))
                    .isEqualTo("echo: my name is Ada");
            assertEventually("the history saved under the session key", () -> {
                String saved = repository.getState("calls[call-7]");
                return saved != null && saved.contains("echo: my name is Ada");
            });
            first.stop();

            second.start();
            ProducerTemplate two = second.createProducerTemplate();
            assertThat(two.requestBodyAndHeader(uri, "what did I say before?", FastRouterRealtimeConstants.SESSION_KEY, "call-7",
                    String.class)).isEqualTo(RECALLED);
            assertThat(sim.connectionCount()).isEqualTo(2);
            assertThat(replayed(sim)).hasSize(2);
            // another call under the same name starts empty
            assertThat(two.requestBodyAndHeader(uri, "what did I say before?", FastRouterRealtimeConstants.SESSION_KEY, "call-8",
                    String.class)).isEqualTo("you said nothing before");
        } finally {
            first.stop();
            second.stop();
        }
    }
}
