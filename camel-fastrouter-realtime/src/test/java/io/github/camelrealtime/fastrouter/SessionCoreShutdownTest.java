package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, finding 11: no session outlives the component when keys keep arriving during shutdown; an exchange
 * completes when the worker pool is already gone; a slow audio upload pins no worker thread.
 */
class SessionCoreShutdownTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.recordAudioPayloads(false));

    private FastRouterRealtimeComponent component() {
        return context.getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class);
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("FastRouterRealtimeWorker")).count();
    }

    /** Worker threads doing or waiting on something other than the pool's queue (idle cached threads wait in getTask). */
    private static long busyWorkerThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().contains("FastRouterRealtimeWorker"))
                .filter(e -> Arrays.stream(e.getValue()).noneMatch(f -> f.getMethodName().equals("getTask")))
                .count();
    }

    /** closeAll races getOrCreate: sessions created with new keys while the context stops are closed too. */
    @Test
    void newKeysDuringShutdownLeaveNoSessionBehindAndNoExchangeHanging() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "stopping", "dialect=ga&outputModalities=text&responseTimeout=5s");
        ProducerTemplate producer = context.createProducerTemplate();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            loops.add(senders.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    started.incrementAndGet();
                    try {
                        producer.send(uri, ExchangePattern.InOut, e -> {
                            e.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, "t" + thread + "-" + System.nanoTime());
                            e.getMessage().setBody("hi");
                        });
                    } catch (RuntimeException stopped) {
                        // the template refuses once the context stopped: that is a completion too
                    }
                    completed.incrementAndGet();
                }
            }));
        }
        assertEventually("sessions are being opened", () -> sim.connectionCount() >= 20);

        context.stop();
        stop.set(true);
        senders.shutdown();
        assertThat(senders.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).as("every sender finished").isTrue();
        for (Future<?> loop : loops) {
            loop.get();
        }
        assertThat(completed.get()).isEqualTo(started.get());
        assertThat(sim.awaitNoOpenConnections(Duration.ofSeconds(10))).as("no socket outlives the component; open: "
                + sim.connections().stream().filter(c -> c.isOpen()).map(c -> "#" + c.number() + " sent " + c.sentTypes()
                        + " received " + c.received().size()).toList() + " of " + sim.connectionCount()).isTrue();
        assertThat(component().getRegistry().sessions()).isEmpty();
    }

    /** The producer's callback runs inline once the worker pool is shut down: an exchange in flight completes. */
    @Test
    void anExchangeInFlightCompletesWhenTheComponentStops() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "in-flight", "dialect=ga&outputModalities=text&responseTimeout=5s");
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");
        sim.setResponseDelay(Duration.ofMillis(500));

        CompletableFuture<Exchange> pending = template.asyncSend(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody("slow");
        });
        assertThat(sim.awaitReceived("response.create", 2, WAIT)).isTrue();
        component().stop();

        Exchange done = pending.get(10, TimeUnit.SECONDS);
        assertThat(done.getException()).isNotNull();
        assertThat(sim.awaitNoOpenConnections(Duration.ofSeconds(10))).isTrue();
    }

    /** The same when the pool is gone before the exchange starts: it completes (with an outcome), never hangs. */
    @Test
    void anExchangeSentAfterTheWorkerPoolShutDownCompletes() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "no-workers", "dialect=ga&outputModalities=text&responseTimeout=2s");
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");
        component().workers().shutdownNow();

        CompletableFuture<Exchange> pending = template.asyncSend(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody("anyone?");
        });

        Exchange done = pending.get(10, TimeUnit.SECONDS);
        assertThat(done.getException() != null || "echo: anyone?".equals(done.getMessage().getBody(String.class)))
                .as("an outcome: " + done.getException()).isTrue();
    }

    /** AudioUpload waits for the socket's queue without holding a worker: 20 stalled uploads, few workers. */
    @Test
    void stalledAudioUploadsPinNoWorkers() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "uploads", "dialect=ga&outputModalities=text&turnDetection=none&chunkMillis=1000&responseTimeout=20s");
        int uploads = 20;
        for (int i = 0; i < uploads; i++) {
            assertThat(template.requestBodyAndHeader(uri, "open " + i, FastRouterRealtimeConstants.SESSION_KEY, "u" + i))
                    .isEqualTo("echo: open " + i);
        }
        long workersBefore = workerThreads();
        // 5 minutes each: far more than the kernel's socket buffers hold (several MB on loopback)
        byte[] audio = new byte[AudioFormat.PCM16.bytesForMillis(300_000)];

        sim.pauseReading(Duration.ofMinutes(2));
        List<CompletableFuture<Exchange>> pending = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            String key = "u" + i;
            pending.add(template.asyncSend(uri, e -> {
                e.setPattern(ExchangePattern.InOnly);
                e.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, key);
                e.getMessage().setBody(audio);
            }));
        }
        Thread.sleep(2000);
        long workersWhileStalled = workerThreads();
        // the fewest busy workers over a second: a pinned worker stays busy, a loaded machine only delays parking
        long busyWhileStalled = Long.MAX_VALUE;
        for (int sample = 0; sample < 10; sample++) {
            busyWhileStalled = Math.min(busyWhileStalled, busyWorkerThreads());
            Thread.sleep(100);
        }
        long stillUploading = pending.stream().filter(f -> !f.isDone()).count();

        sim.pauseReading(Duration.ZERO);
        for (CompletableFuture<Exchange> upload : pending) {
            assertThat(upload.get(60, TimeUnit.SECONDS).getException()).isNull();
        }
        assertThat(stillUploading).as("uploads stalled by the server").isEqualTo(uploads);
        // the cached pool may have grown in the burst of 20 starts; what matters is that no thread waits per upload
        assertThat(busyWhileStalled).as("busy worker threads while 20 uploads wait (of " + workersWhileStalled
                                        + " workers; " + workersBefore + " before)").isLessThan(4);
        assertThat(sim.awaitReceived("input_audio_buffer.append", uploads * 300, WAIT)).isTrue();
        assertThat(sim.receivedCount("input_audio_buffer.append")).isEqualTo(uploads * 300);
    }
}
