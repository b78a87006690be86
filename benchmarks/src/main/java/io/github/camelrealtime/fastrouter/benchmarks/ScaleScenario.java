package io.github.camelrealtime.fastrouter.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeConstants;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Many idle keyed sessions: opens {@code sessions} keyed sessions of one endpoint (each a socket, configured and idle)
 * as fast as the simulator accepts them, and reports the time until all were open, the heap they hold (used heap after
 * a full GC, before and after, divided by the sessions; the in-JVM simulator's side of each connection included, so an
 * upper bound), and the JVM's threads apart from the simulator's (which runs one reader thread per connection).
 */
final class ScaleScenario {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    record Figures(int sessions, double openSeconds, double heapPerSessionKB, int threads, int failed) {
    }

    private final RealtimeSimulator simulator;

    ScaleScenario(RealtimeSimulator simulator) {
        this.simulator = simulator;
    }

    Figures run(int sessions) throws Exception {
        simulator.clearHistory();
        long heapBefore = usedHeapAfterGc();
        int connectionsBefore = simulator.connectionCount();
        Figures figures;
        try (CamelContext context = new DefaultCamelContext()) {
            String uri = "fastrouter-realtime:idle?baseUrl=" + simulator.baseUrl() + "&apiKey=" + simulator.apiKey()
                         + "&dialect=ga&connectTimeout=" + TIMEOUT.toMillis() + "&responseTimeout=" + TIMEOUT.toMillis();
            context.start();
            Endpoint endpoint = context.getEndpoint(uri);
            AsyncProcessor producer = (AsyncProcessor) endpoint.createAsyncProducer();
            org.apache.camel.support.service.ServiceHelper.startService(producer);
            CountDownLatch opened = new CountDownLatch(sessions);
            AtomicInteger failed = new AtomicInteger();
            long start = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                Exchange open = endpoint.createExchange(ExchangePattern.InOnly);
                open.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, "idle-" + i);
                open.getMessage().setBody("{\"type\":\"input_audio_buffer.clear\"}");
                producer.process(open, done -> {
                    if (open.getException() != null) {
                        failed.incrementAndGet();
                    }
                    opened.countDown();
                });
            }
            if (!opened.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("scale scenario: " + opened.getCount() + " of " + sessions + " sessions did not open");
            }
            double openSeconds = (System.nanoTime() - start) / 1e9;
            long heapAfter = usedHeapAfterGc();
            figures = new Figures(sessions, openSeconds, (heapAfter - heapBefore) / 1024.0 / sessions, clientThreads(),
                    failed.get());
            org.apache.camel.support.service.ServiceHelper.stopService(producer);
        }
        int connections = simulator.connectionCount() - connectionsBefore;
        simulator.awaitNoOpenConnections(Duration.ofSeconds(60));
        simulator.clearHistory();
        if (connections < sessions) {
            throw new IllegalStateException("scale scenario: the simulator saw " + connections + " connections for "
                                            + sessions + " sessions");
        }
        return figures;
    }

    /**
     * The same number of bare JDK WebSockets (one HttpClient, a listener that only counts {@code session.created}): the
     * heap the simulator's side and the JDK's own WebSocket take per connection, to set the component's figure against.
     */
    double bareJdkHeapPerSocketKB(int sockets) throws Exception {
        simulator.clearHistory();
        long heapBefore = usedHeapAfterGc();
        // the JDK's default pool, but owned here: shut down afterwards, so its idle threads (kept 60 s otherwise) are not
        // counted among the next run's threads
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().executor(pool).build();
        java.util.List<java.net.http.WebSocket> open = new java.util.ArrayList<>();
        CountDownLatch created = new CountDownLatch(sockets);
        try {
            java.util.List<java.util.concurrent.CompletableFuture<java.net.http.WebSocket>> pending = new java.util.ArrayList<>();
            for (int i = 0; i < sockets; i++) {
                pending.add(http.newWebSocketBuilder()
                        .header("Authorization", "Bearer " + simulator.apiKey())
                        .buildAsync(simulator.baseUrl(), new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data,
                                                                                   boolean last) {
                                if (last && data.toString().contains("session.created")) {
                                    created.countDown();
                                }
                                ws.request(1);
                                return null;
                            }
                        }));
            }
            for (var p : pending) {
                open.add(p.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            if (!created.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("scale scenario: bare sockets did not all get session.created");
            }
            return (usedHeapAfterGc() - heapBefore) / 1024.0 / sockets;
        } finally {
            for (java.net.http.WebSocket ws : open) {
                ws.abort();
            }
            simulator.awaitNoOpenConnections(Duration.ofSeconds(60));
            simulator.clearHistory();
            pool.shutdown();
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Live threads that are not the simulator's. */
    static int clientThreads() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        int count = 0;
        for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info != null && !info.getThreadName().startsWith("realtime-simulator")) {
                count++;
            }
        }
        return count;
    }
}
