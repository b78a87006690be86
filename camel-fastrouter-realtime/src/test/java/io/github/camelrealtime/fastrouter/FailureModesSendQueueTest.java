package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import io.github.camelrealtime.fastrouter.transport.SendQueueFullException;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md §3 sendQueueCapacity and §8: when the server stops reading, concurrent InOnly audio sends do not pile up
 * in memory: beyond the capacity they fail with {@link SendQueueFullException}, and every exchange either completes
 * (its audio reaches the server) or fails (nothing of it was sent). Nothing is dropped silently.
 */
class FailureModesSendQueueTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false)
            .recordAudioPayloads(false));

    private static final int CAPACITY = 8;
    private static final int WAVE = 25;
    /** A bound on the audio sent while waiting for the stall (~6.5 KB per append: about 65 MB). */
    private static final int MAX_WAVES = 400;
    /** 100 ms of pcm16 24 kHz silence: exactly one append of chunkMillis=100. */
    private static final byte[] CHUNK = new byte[4800];

    @Test
    void aServerThatStopsReadingMakesSendsFailClearlyInsteadOfQueueingWithoutBound() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String name = "stalled";
        // no heartbeat: this server stops reading on purpose and must not be taken for lost
        String uri = bareUri(sim, name, "responseTimeout=20s&dialect=ga&turnDetection=none&chunkMillis=100&sendQueueCapacity=" + CAPACITY);
        template.sendBody(uri, CHUNK);
        assertThat(sim.awaitReceived("input_audio_buffer.append", 1, WAIT)).isTrue();
        RealtimeSession session = session(name);

        Endpoint endpoint = context.getEndpoint(uri);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        List<CompletableFuture<Exchange>> outcomes = new ArrayList<>();
        int maxPending = 0;
        boolean stalled = false;
        sim.pauseReading(Duration.ofMinutes(2));
        try {
            for (int wave = 0; wave < MAX_WAVES && !stalled; wave++) {
                List<CompletableFuture<Exchange>> sent = new ArrayList<>();
                for (int i = 0; i < WAVE; i++) {
                    Exchange exchange = endpoint.createExchange(ExchangePattern.InOnly);
                    exchange.getMessage().setBody(CHUNK);
                    CompletableFuture<Exchange> outcome = new CompletableFuture<>();
                    producer.process(exchange, doneSync -> outcome.complete(exchange));
                    sent.add(outcome);
                    maxPending = Math.max(maxPending, session.pendingSends());
                }
                // settled: each exchange is done, or waits in the full queue for a socket that does not move
                eventually(Duration.ofSeconds(5), () -> sent.stream().allMatch(CompletableFuture::isDone)
                                                        || session.pendingSends() >= CAPACITY);
                maxPending = Math.max(maxPending, session.pendingSends());
                outcomes.addAll(sent);
                // a whole wave refused: the socket is stalled and the queue full, yet nothing grows
                stalled = sent.stream().allMatch(f -> f.isDone() && failedBecauseTheQueueWasFull(f.join()));
            }
        } finally {
            sim.pauseReading(Duration.ZERO);
        }
        assertThat(stalled).as("a whole wave was refused once the server stopped reading").isTrue();
        assertThat(maxPending).isLessThanOrEqualTo(CAPACITY);

        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<Exchange> completed = outcomes.stream().map(CompletableFuture::join).filter(e -> e.getException() == null).toList();
        List<Exchange> failed = outcomes.stream().map(CompletableFuture::join).filter(e -> e.getException() != null).toList();
        assertThat(completed.size() + failed.size()).isEqualTo(outcomes.size());
        assertThat(failed).allSatisfy(e -> assertThat(failedBecauseTheQueueWasFull(e))
                .as("failure %s", e.getException()).isTrue());
        assertThat(failed.get(0).getException().getMessage()).contains("sendQueueCapacity=" + CAPACITY);

        // every completed exchange's append reached the server and no refused one did: a marker sent last tells when
        // the server has read everything before it
        template.sendBody(uri, "{\"type\": \"input_audio_buffer.clear\"}");
        assertThat(sim.awaitReceived("input_audio_buffer.clear", 1, WAIT)).isTrue();
        assertThat(sim.receivedCount("input_audio_buffer.append")).isEqualTo(1 + completed.size());
        assertThat(session.isOpen()).isTrue();
        assertThat(sim.connectionCount()).isEqualTo(1);
        producer.stop();
    }

    private static boolean failedBecauseTheQueueWasFull(Exchange exchange) {
        return exchange.getException() != null
               && causes(exchange.getException()).stream().anyMatch(SendQueueFullException.class::isInstance);
    }
}
