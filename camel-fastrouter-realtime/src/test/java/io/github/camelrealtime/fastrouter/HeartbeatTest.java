package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A server that goes silent (not even a pong) is treated as lost and the session reconnects; a quiet live one is not. */
class HeartbeatTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private final List<String> lifecycle = new CopyOnWriteArrayList<>();

    private static String heartbeatUri(RealtimeSimulator sim, String name, String options) {
        return "fastrouter-realtime:" + name + "?baseUrl=" + sim.baseUrl() + "&apiKey=" + RealtimeSimulator.DEFAULT_API_KEY
               + "&responseTimeout=20s&" + options;
    }

    private void recordLifecycle(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&eventTypes=connection.opened,connection.reconnecting,connection.reconnected,connection.closed")
                        .process(e -> lifecycle.add(e.getMessage().getHeader(FastRouterRealtimeConstants.EVENT_TYPE, String.class)));
            }
        });
    }

    @Test
    void aSilentServerIsDroppedAsLostAndTheSessionReconnects() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = heartbeatUri(sim, "silent", "dialect=ga&outputModalities=text&heartbeatInterval=300ms&reconnectInitialDelay=100ms");
        recordLifecycle(uri);
        assertThat(sim.awaitConnections(1, Duration.ofSeconds(10))).isTrue();

        // the server stops reading, so it answers no ping: after one interval a ping, after another the socket is lost
        sim.pauseReading(Duration.ofSeconds(3));

        assertThat(sim.awaitConnections(2, Duration.ofSeconds(20))).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!lifecycle.contains("connection.reconnected") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lifecycle).containsSubsequence("connection.opened", "connection.reconnecting", "connection.reconnected");
        sim.pauseReading(Duration.ZERO);
        assertThat(template.requestBody(uri, "back?", String.class)).isEqualTo("echo: back?");
    }

    @Test
    void aQuietServerThatAnswersPingsKeepsItsSocket() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = heartbeatUri(sim, "quiet", "dialect=ga&outputModalities=text&heartbeatInterval=200ms");
        assertThat(template.requestBody(uri, "hello", String.class)).isEqualTo("echo: hello");

        Thread.sleep(1500); // several heartbeat intervals with no traffic but pings and pongs

        assertThat(template.requestBody(uri, "still the same socket", String.class)).isEqualTo("echo: still the same socket");
        assertThat(sim.connectionCount()).isEqualTo(1);
    }
}
