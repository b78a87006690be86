package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, finding 4: a consumer route that stalls holds the socket back (no credits, so the client reads no frame,
 * pongs included); the heartbeat must not take that silence for a dead socket: no reconnect, no event lost.
 */
class SessionCoreBackPressureTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    private static final Duration HEARTBEAT = Duration.ofMillis(300);
    private static final Duration STALL = HEARTBEAT.multipliedBy(4);
    private static final int WORDS = 300;

    @Test
    void finding4StalledConsumerForThreeHeartbeatsKeepsTheSocketAndLosesNoEvent() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "stall", "dialect=ga&outputModalities=text&responseTimeout=20s&heartbeatInterval=" + HEARTBEAT.toMillis());
        AtomicInteger deltas = new AtomicInteger();
        AtomicBoolean stalled = new AtomicBoolean();
        // first, so it is attached when the session opens: a consumer that joins an open session hears no connection.opened
        recordLifecycle(uri);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&eventTypes=response.output_text.delta").process(e -> {
                    deltas.incrementAndGet();
                    if (stalled.compareAndSet(false, true)) {
                        Thread.sleep(STALL.toMillis());
                    }
                });
            }
        });
        awaitLifecycle("connection.opened");
        // the server also pings while the client reads nothing
        sim.pingEvery(Duration.ofMillis(100));
        String question = IntStream.range(0, WORDS).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));

        String reply = template.requestBody(uri, question, String.class);

        assertThat(reply).isEqualTo("echo: " + question);
        assertThat(stalled).isTrue();
        int sent = sim.sentCount("response.output_text.delta");
        assertThat(sent).isGreaterThan(WORDS);
        assertEventually("the route hears every delta the server sent (" + deltas.get() + " of " + sent + ")",
                () -> deltas.get() == sent);
        assertThat(lifecycleTypes()).containsExactly("connection.opened");
        assertThat(sim.connectionCount()).isEqualTo(1);
        assertThat(sim.lastConnection().isOpen()).isTrue();
        // the pings the client read once it read again were answered (recorded when the simulator reads the pongs)
        assertEventually("the client answered the server's pings", () -> !sim.lastConnection().pongs().isEmpty());
    }
}
