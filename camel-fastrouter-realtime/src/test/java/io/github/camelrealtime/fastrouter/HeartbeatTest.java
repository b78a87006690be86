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
 * A quiet server that still answers pings keeps its socket; a silent one (no pong) is dropped as lost and reconnected,
 * which RealtimeConnectionHeartbeatTest proves against a peer that reads nothing, and the reconnect tests cover after.
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
}
