package io.github.camelrealtime.fastrouter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md §8 / issue 2: server messages the client cannot read are skipped; they never break the receive loop. A frame
 * the JDK client itself rejects ends the socket, and the session reconnects.
 */
class FailureModesMalformedFrameTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    /** What a broken server or proxy might send instead of an event. */
    private static final List<String> GARBAGE = List.of(
            "",
            "[1, 2, 3]",
            "\"just a string\"",
            "null",
            "{\"type\": 42}",
            "{\"no_type\": true}",
            "{\"type\": \"response.output_text.delta\", \"delta\": {\"not\": \"text\"}}",
            "{\"type\": \"response.output_audio.delta\", \"response_id\": \"resp_x\", \"delta\": \"%%% not base64 %%%\"}",
            "{\"type\": \"error\", \"error\": \"not an object\"}",
            "{\"type\": \"session.created\", \"session\": 7}");

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void malformedServerMessagesAreSkippedAndTheSessionGoesOn(String dialect) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "garbage-" + dialect, "dialect=" + dialect + "&outputModalities=text");
        List<String> heard = new CopyOnWriteArrayList<>();
        recordLifecycle(uri);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&eventTypes=response.done").process(e -> heard.add(e.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS, String.class)));
            }
        });
        assertThat(template.requestBody(uri, "before", String.class)).isEqualTo("echo: before");

        sim.sendMalformedFrame();
        for (String message : GARBAGE) {
            sim.lastConnection().send(message);
        }

        // the same socket delivers the next answer after the garbage, so the garbage was read (and skipped) first
        assertThat(template.requestBody(uri, "after", String.class)).isEqualTo("echo: after");
        assertThat(template.requestBody(uri, "and again", String.class)).isEqualTo("echo: and again");
        assertEventually("the consumer hears all three responses", () -> heard.size() == 3);
        assertThat(heard).containsOnly("completed");
        assertThat(sim.connectionCount()).isEqualTo(1);
        assertThat(sim.openConnections()).isEqualTo(1);
        assertThat(lifecycleTypes()).containsExactly("connection.opened");
    }

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void aFrameTheClientRejectsIsALostConnectionTheSessionReconnectsFrom(String dialect) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "utf8-" + dialect, "dialect=" + dialect + "&outputModalities=text");
        recordLifecycle(uri);
        assertThat(template.requestBody(uri, "before", String.class)).isEqualTo("echo: before");
        int connectionsBefore = sim.connectionCount();

        // the JDK fails the connection with 1002 on it; JDK 17 does so at times for intact frames (docs/transport.md)
        sim.sendInvalidUtf8Frame();

        awaitLifecycle("connection.reconnected");
        assertThat(template.requestBody(uri, "after", String.class)).isEqualTo("echo: after");
        assertThat(sim.connectionCount()).isEqualTo(connectionsBefore + 1);
        assertThat(lifecycleTypes()).containsExactly("connection.opened", "connection.reconnecting", "connection.reconnected");
    }
}
