package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/component.md, "Threading and flow control", with more sockets than cores (the WebSocket callbacks run on the
 * client's pool, a session's events may reach the route on the callback's thread once it returned): a route that
 * waits for its own session's reply still gets it, so routing never holds the socket's reading back; and the client's
 * bounded pool opens many sessions at once.
 */
class ManySocketsDeliveryTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false)
            .recordAudioPayloads(false));

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aRouteWaitingForItsOwnSessionsReplyGetsItWhileItsEventsArriveOnManySockets() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "many", "dialect=ga&outputModalities=text&turnDetection=none");
        CompletableFuture<String> reply = new CompletableFuture<>();
        AtomicBoolean routeSawTheReply = new AtomicBoolean();
        Map<String, List<String>> deltas = new ConcurrentHashMap<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&eventTypes=response.output_text.delta").process(e -> {
                    String key = e.getMessage().getHeader(FastRouterRealtimeConstants.SESSION_KEY, String.class);
                    List<String> heard = deltas.computeIfAbsent(String.valueOf(key), k -> new CopyOnWriteArrayList<>());
                    if ("k0".equals(key) && heard.isEmpty()) {
                        // the rest of this response, response.done included, must still be read meanwhile
                        reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                        routeSawTheReply.set(true);
                    }
                    heard.add(e.getMessage().getBody(String.class));
                });
            }
        });
        int sessions = Runtime.getRuntime().availableProcessors() + 4;
        for (int i = 0; i < sessions; i++) {
            template.sendBodyAndHeader(uri, "{\"type\":\"input_audio_buffer.clear\"}", FastRouterRealtimeConstants.SESSION_KEY, "k" + i);
        }

        String text = "one two three four five six seven eight";
        reply.complete(template.requestBodyAndHeader(uri, text, FastRouterRealtimeConstants.SESSION_KEY, "k0", String.class));

        assertThat(reply.join()).isEqualTo("echo: " + text);
        eventually(() -> routeSawTheReply.get() && String.join("", deltas.getOrDefault("k0", List.of())).equals("echo: " + text));
    }

    @Test
    void theBoundedClientPoolOpensManyKeyedSessionsAtOnce() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "crowd", "dialect=ga&outputModalities=text&turnDetection=none&connectTimeout=30s");
        Endpoint endpoint = context.getEndpoint(uri);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        int sessions = 200;
        List<CompletableFuture<Exchange>> outcomes = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Exchange exchange = endpoint.createExchange(ExchangePattern.InOnly);
            exchange.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, "c" + i);
            exchange.getMessage().setBody("{\"type\":\"input_audio_buffer.clear\"}");
            CompletableFuture<Exchange> outcome = new CompletableFuture<>();
            producer.process(exchange, doneSync -> outcome.complete(exchange));
            outcomes.add(outcome);
        }
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.join().getException()).isNull());
        // written is not yet read: the simulator may still be reading the last ones
        assertThat(sim.awaitReceived("input_audio_buffer.clear", sessions, WAIT)).isTrue();
        assertThat(sim.receivedEvents("input_audio_buffer.clear")).hasSize(sessions);
        producer.stop();
    }

    private static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
