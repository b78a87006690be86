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

/**
 * Socket lifetime: a quiet server that still answers pings keeps its socket (a silent one, with no pong, is dropped as
 * lost: RealtimeConnectionHeartbeatTest proves it against a peer that reads nothing), and a socket older than
 * maxSessionDuration is recycled at a quiet moment.
 */
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
    void aQuietServerThatAnswersPingsKeepsItsSocket() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = heartbeatUri(sim, "quiet", "dialect=ga&outputModalities=text&heartbeatInterval=200ms");
        assertThat(template.requestBody(uri, "hello", String.class)).isEqualTo("echo: hello");

        Thread.sleep(1500); // several heartbeat intervals with no traffic but pings and pongs

        assertThat(template.requestBody(uri, "still the same socket", String.class)).isEqualTo("echo: still the same socket");
        assertThat(sim.connectionCount()).isEqualTo(1);
    }

    @Test
    void anOldSocketIsRecycledAtAQuietMomentAndTheSessionGoesOn() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = heartbeatUri(sim, "aging", "dialect=ga&outputModalities=text&maxSessionDuration=600ms&reconnectInitialDelay=50ms");
        recordLifecycle(uri);
        assertThat(template.requestBody(uri, "before", String.class)).isEqualTo("echo: before");

        assertThat(sim.awaitConnections(2, Duration.ofSeconds(20))).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!lifecycle.contains("connection.reconnected") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(lifecycle).containsSubsequence("connection.opened", "connection.reconnecting", "connection.reconnected");
        assertThat(sim.connections().get(0).closedBy()).isEqualTo("client");
        assertThat(sim.connections().get(0).closeCode()).isEqualTo(1000);
        assertThat(sim.connections().get(1).received("session.update")).hasSize(1);
        assertThat(template.requestBody(uri, "after", String.class)).isEqualTo("echo: after");
    }
}
