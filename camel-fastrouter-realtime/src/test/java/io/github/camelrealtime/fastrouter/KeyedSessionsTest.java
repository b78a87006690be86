package io.github.camelrealtime.fastrouter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Fifty keyed sessions under one name, used at once: each its own socket, each reply to its own question. */
class KeyedSessionsTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    @Test
    void fiftyKeyedSessionsConcurrently() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "calls", "dialect=ga&outputModalities=text");
        List<CompletableFuture<Object>> replies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            replies.add(template.asyncRequestBodyAndHeader(uri, "caller " + i, FastRouterRealtimeConstants.SESSION_KEY, "call-" + i));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(replies.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("echo: caller " + i);
        }
        assertThat(sim.connectionCount()).isEqualTo(50);
        // a second round reuses the 50 live sessions
        for (int i = 0; i < 50; i += 10) {
            assertThat(template.requestBodyAndHeader(uri, "again " + i, FastRouterRealtimeConstants.SESSION_KEY, "call-" + i))
                    .isEqualTo("echo: again " + i);
        }
        assertThat(sim.connectionCount()).isEqualTo(50);
        assertThat(context.getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class).getRegistry().sessionsNamed("calls"))
                .hasSize(50);
    }

    @Test
    void closeActionClosesOnlyThatKeyedSession() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "closing", "dialect=ga&outputModalities=text");
        assertThat(template.requestBodyAndHeader(uri, "a", FastRouterRealtimeConstants.SESSION_KEY, "a")).isEqualTo("echo: a");
        assertThat(template.requestBodyAndHeader(uri, "b", FastRouterRealtimeConstants.SESSION_KEY, "b")).isEqualTo("echo: b");

        template.send(uri, e -> {
            e.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, "a");
            e.getMessage().setHeader(FastRouterRealtimeConstants.ACTION, "close");
        });

        assertThat(sim.awaitNoOpenConnections(java.time.Duration.ofMillis(1))).isFalse();
        FastRouterRealtimeComponent component = context.getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class);
        assertThat(component.getRegistry().sessionsNamed("closing")).extracting(s -> s.key().key()).containsExactly("b");
    }

    @Test
    void idleKeyedSessionsAreClosedAndTheDefaultSessionIsNot() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "idle", "dialect=ga&outputModalities=text&sessionIdleTimeout=300ms");
        assertThat(template.requestBody(uri, "unkeyed", String.class)).isEqualTo("echo: unkeyed");
        assertThat(template.requestBodyAndHeader(uri, "call", FastRouterRealtimeConstants.SESSION_KEY, "call-1")).isEqualTo("echo: call");
        FastRouterRealtimeComponent component = context.getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class);

        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (component.getRegistry().sessionsNamed("idle").size() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(component.getRegistry().sessionsNamed("idle")).extracting(s -> s.key().key()).containsExactly((String) null);
        while (sim.connections().stream().allMatch(c -> c.isOpen()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sim.connections()).filteredOn(c -> !c.isOpen()).hasSize(1);
        // the key comes back as a new session on next use
        assertThat(template.requestBodyAndHeader(uri, "again", FastRouterRealtimeConstants.SESSION_KEY, "call-1")).isEqualTo("echo: again");
        assertThat(sim.connectionCount()).isEqualTo(3);
    }
}
