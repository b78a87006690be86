package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.session.RealtimeSessionClosedException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/component.md, "Order of InOnly sends": the InOnly exchanges of one session are written in the order they reach
 * the producer, whether they go at once on the caller's thread (session open) or wait (session connecting, an earlier
 * audio body still being read); and each exchange completes exactly once, also when its session closes under it.
 */
class InOnlySendOrderTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** 100 ms of pcm16 24 kHz: one append of chunkMillis=100. */
    private static final int CHUNK_BYTES = 4800;

    @Test
    void oneThreadsInOnlySendsAreWrittenInTheOrderSentAlsoBehindLongAudioAndWhileConnecting() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "ordered", "dialect=ga&turnDetection=none&chunkMillis=100");
        Endpoint endpoint = context.getEndpoint(uri);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        // the first exchanges reach a session that is still connecting; the long bodies (6 s: more appends than the
        // upload keeps in flight) are still being read when the next exchanges arrive
        List<String> expected = new ArrayList<>();
        List<CompletableFuture<Exchange>> outcomes = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            Exchange exchange = endpoint.createExchange(ExchangePattern.InOnly);
            exchange.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, "call-1");
            if (i % 3 == 0) {
                exchange.getMessage().setBody("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                                              + "\"content\":[{\"type\":\"input_text\",\"text\":\"marker " + i + "\"}]}}");
                expected.add("text " + i);
            } else {
                int chunks = i % 3 == 1 ? 60 : 1;
                byte[] audio = new byte[chunks * CHUNK_BYTES];
                Arrays.fill(audio, (byte) i);
                exchange.getMessage().setBody(audio);
                for (int c = 0; c < chunks; c++) {
                    expected.add("audio " + i);
                }
            }
            CompletableFuture<Exchange> outcome = new CompletableFuture<>();
            producer.process(exchange, doneSync -> outcome.complete(exchange));
            outcomes.add(outcome);
        }
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.join().getException()).isNull());

        // written is not yet read: wait until the simulator has read them all
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (relevant(sim.lastConnection().received()) < expected.size() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<String> written = new ArrayList<>();
        for (JsonNode event : sim.lastConnection().received()) {
            String type = event.path("type").asText();
            if (type.equals("input_audio_buffer.append")) {
                written.add("audio " + Base64.getDecoder().decode(event.path("audio").asText())[0]);
            } else if (type.equals("conversation.item.create")) {
                written.add("text " + event.path("item").path("content").path(0).path("text").asText().substring("marker ".length()));
            }
        }
        assertThat(written).containsExactlyElementsOf(expected);
        assertThat(component().sendOrder().sessionsWaiting()).as("nothing is left waiting in the order").isZero();
        producer.stop();
    }

    @Test
    void anExchangeCompletesExactlyOnceWhenItsSessionClosesWhileItsAudioIsBeingWritten() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        // paced: a long body is written at real-time speed, so it is still being written when the session closes
        String uri = uri(sim, "closing", "dialect=ga&turnDetection=none&chunkMillis=100&paceRealtime=true");
        template.sendBodyAndHeader(uri, "{\"type\":\"input_audio_buffer.clear\"}", FastRouterRealtimeConstants.SESSION_KEY, "call-2");
        Endpoint endpoint = context.getEndpoint(uri);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        AtomicInteger callbacks = new AtomicInteger();
        CompletableFuture<Exchange> outcome = new CompletableFuture<>();
        Exchange exchange = endpoint.createExchange(ExchangePattern.InOnly);
        exchange.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, "call-2");
        exchange.getMessage().setBody(new byte[600 * CHUNK_BYTES]);
        try {
            // the session is open: the upload starts on this thread and returns once its first chunks are queued
            producer.process(exchange, doneSync -> {
                callbacks.incrementAndGet();
                outcome.complete(exchange);
            });
            // a later exchange of the same session waits behind the upload
            Exchange later = endpoint.createExchange(ExchangePattern.InOnly);
            later.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, "call-2");
            later.getMessage().setBody("{\"type\":\"input_audio_buffer.clear\"}");
            CompletableFuture<Exchange> laterOutcome = new CompletableFuture<>();
            producer.process(later, doneSync -> laterOutcome.complete(later));
            assertThat(outcome).isNotDone();
            assertThat(laterOutcome).isNotDone();

            template.sendBodyAndHeaders(uri, null, java.util.Map.of(FastRouterRealtimeConstants.SESSION_KEY, "call-2",
                    FastRouterRealtimeConstants.ACTION, "close"));

            Exchange failed = outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(failed.getException()).isInstanceOf(RealtimeSessionClosedException.class);
            Exchange laterFailed = laterOutcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(laterFailed.getException()).as("the later exchange's session closed before its turn").isNotNull();
        } finally {
            producer.stop();
        }
        Thread.sleep(300);
        assertThat(callbacks).hasValue(1);
        assertThat(component().sendOrder().sessionsWaiting()).isZero();
        // the key opens a fresh session and sends go on
        template.sendBodyAndHeader(uri, "{\"type\":\"input_audio_buffer.clear\"}", FastRouterRealtimeConstants.SESSION_KEY, "call-2");
    }

    private static long relevant(List<JsonNode> received) {
        return received.stream().map(e -> e.path("type").asText())
                .filter(t -> t.equals("input_audio_buffer.append") || t.equals("conversation.item.create")).count();
    }

    private FastRouterRealtimeComponent component() {
        return context.getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class);
    }
}
