package io.github.camelrealtime.fastrouter;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 13, part 3: the update action (a handoff) applies new settings at the next turn boundary, per dialect. */
class VoiceAgentHandoffTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    private static final String TOOLS = "[{\"type\":\"function\",\"name\":\"transfer_to_billing\",\"description\":\"Hand the caller "
            + "to the billing specialist\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}]";

    private static List<String> types(RealtimeSimulator sim) {
        return sim.receivedEvents().stream().map(e -> e.path("type").asText()).toList();
    }

    @Test
    void anUpdateBetweenTwoTurnsChangesTheInstructions() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "agent", "dialect=ga&outputModalities=text&instructions=RAW(Say: Triage here.)");
        assertThat(template.requestBody(uri, "hello", String.class)).isEqualTo("Triage here.");
        template.requestBodyAndHeader(uri, Map.of("instructions", "Say: Billing here."), FastRouterRealtimeConstants.ACTION, "update");
        assertThat(template.requestBody(uri, "hello again", String.class)).isEqualTo("Billing here.");

        List<JsonNode> updates = sim.receivedEvents("session.update");
        assertThat(updates).hasSize(2);
        // GA shape: session.type and only what changed
        assertThat(updates.get(1).at("/session/type").asText()).isEqualTo("realtime");
        assertThat(updates.get(1).at("/session/instructions").asText()).isEqualTo("Say: Billing here.");
        assertThat(updates.get(1).at("/session/output_modalities").isMissingNode()).isTrue();
    }

    @Test
    void aToolRouteHandsTheCallToTheSpecialistWhichKeepsItAfterAReconnect() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "triage", "dialect=beta&outputModalities=text&instructions=RAW(Say: Triage here.)&tools=RAW(" + TOOLS
                                            + ")&toolRoute.transfer_to_billing=direct:transfer&reconnectInitialDelay=50ms");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:transfer")
                        .setHeader(FastRouterRealtimeConstants.ACTION, constant("update"))
                        .setBody(constant("{\"instructions\": \"Say: Billing here.\", \"tools\": []}"))
                        // InOnly: the update is queued behind this call's follow-up response, which must not wait for it
                        .to(ExchangePattern.InOnly, "fastrouter-realtime:triage")
                        .setBody(constant("Transferred to billing"));
            }
        });

        assertThat(template.requestBody(uri, "please transfer_to_billing", String.class)).isEqualTo("tool results: Transferred to billing");
        assertThat(template.requestBody(uri, "what do I owe?", String.class)).isEqualTo("Billing here.");
        List<String> types = types(sim);
        int handoff = types.lastIndexOf("session.update");
        assertThat(handoff).as("the handoff came after the follow-up's response.create").isGreaterThan(types.indexOf("response.create"));
        // beta shape: flat
        JsonNode update = sim.receivedEvents("session.update").get(1);
        assertThat(update.at("/session/instructions").asText()).isEqualTo("Say: Billing here.");
        assertThat(update.at("/session/type").isMissingNode()).isTrue();

        // a new socket gets the specialist's settings and the conversation
        sim.dropAll();
        assertThat(sim.awaitConnections(2, WAIT)).isTrue();
        assertThat(template.requestBody(uri, "and now?", String.class)).isEqualTo("Billing here.");
        JsonNode resent = sim.lastConnection().received("session.update").get(0);
        assertThat(resent.at("/session/instructions").asText()).isEqualTo("Say: Billing here.");
        assertThat(sim.lastConnection().received("conversation.item.create").size()).isGreaterThan(3);
    }

    @Test
    void aSettingTheApiForbidsChangingFailsClearlyWithNothingSent() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "fixed", "dialect=ga&outputModalities=text");
        assertThat(template.requestBody(uri, "hello", String.class)).isEqualTo("echo: hello");
        int before = sim.receivedEvents().size();
        assertThatThrownBy(() -> template.requestBodyAndHeader(uri, "{\"outputAudioFormat\":\"g711_ulaw\"}",
                FastRouterRealtimeConstants.ACTION, "update"))
                .isInstanceOf(CamelExecutionException.class).cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outputAudioFormat cannot change during a session");
        assertThatThrownBy(() -> template.requestBodyAndHeader(uri, "{\"model\":\"other\"}", FastRouterRealtimeConstants.ACTION, "update"))
                .cause().hasMessageContaining("'model' is not a session setting");
        assertThatThrownBy(() -> template.requestBodyAndHeader(uri, "{\"temperature\":0.9}", FastRouterRealtimeConstants.ACTION, "update"))
                .cause().hasMessageContaining("temperature");
        assertThat(sim.receivedEvents()).hasSize(before);
    }

    @Test
    void theVoiceCannotChangeOnceTheSessionAnsweredWithAudio() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "voiced", "dialect=ga&instructions=RAW(Say: Hi.)");
        template.requestBody(uri, "hello", byte[].class);
        assertThatThrownBy(() -> template.requestBodyAndHeader(uri, "{\"voice\":\"verse\"}", FastRouterRealtimeConstants.ACTION, "update"))
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voice cannot change");
    }
}
