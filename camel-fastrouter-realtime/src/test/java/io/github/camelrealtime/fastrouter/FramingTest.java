package io.github.camelrealtime.fastrouter;

import java.time.Duration;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages split into many frames are reassembled; a message over maxMessageSize closes with 1009 and a clear error. */
class FramingTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.fragmentFrames(7));

    @Test
    void fragmentedFramesAreReassembled() {
        RealtimeSimulator sim = SIM.simulator();
        byte[] audio = AudioInOutTest.tone(400);
        String text = uri(sim, "frag-text", "dialect=ga&outputModalities=text");
        String sound = uri(sim, "frag-audio", "dialect=beta&replyFormat=audio&turnDetection=none");

        assertThat(template.requestBody(text, "split me into pieces", String.class)).isEqualTo("echo: split me into pieces");
        assertThat(template.requestBody(sound, audio, byte[].class)).isEqualTo(audio);
    }

    @Test
    void messageOverMaxMessageSizeClosesWith1009AndAClearError() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        MockEndpoint closed = getMockEndpoint("mock:closed");
        closed.expectedMessageCount(1);
        String uri = uri(sim, "small", "dialect=ga&outputModalities=text&maxMessageSize=4096&reconnect=false");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&eventTypes=connection.closed").to("mock:closed");
            }
        });
        assertThat(template.requestBody(uri, "small talk", String.class)).isEqualTo("echo: small talk");

        sim.sendHugeEvent(20_000);

        closed.setResultWaitTime(20_000);
        closed.assertIsSatisfied();
        assertThat(closed.getExchanges().get(0).getMessage().getBody(String.class)).contains("1009").contains("4096");
        assertThat(sim.awaitNoOpenConnections(Duration.ofSeconds(10))).isTrue();
        // the client closed the socket (the JDK may not send 1009 from a client: the transport sends 1008 "message too
        // big", RFC 6455 §7.4.1, which RealtimeConnectionReceiveTest checks on the wire)
        assertThat(sim.connections().get(0).closedBy()).isEqualTo("client");
        // the next exchange opens a new session
        assertThat(template.requestBody(uri, "after", String.class)).isEqualTo("echo: after");
    }
}
