package io.github.camelrealtime.fastrouter.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeConstants;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.SimulatedConnection;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Latency and real-time streaming with many sessions: {@code sessions} streams both ways at real-time pace (100 ms of
 * pcm16 every 100 ms per session) for {@code seconds}, through the component (keyed sessions, a producer, a consumer
 * route) and through bare JDK WebSockets, against the same simulator, both clients' sessions open side by side and
 * taking turns every {@value #SLICE_MILLIS} ms.
 * <ul>
 * <li><b>receive</b>: a driver writes a {@code response.output_audio.delta} to every simulator connection every 100 ms,
 *     its {@code event_id} carrying {@code System.nanoTime()} taken just before the write; the latency is from there
 *     until the route (or the bare client's handler) has the decoded audio. The frame's arrival on the client's socket
 *     cannot be seen from outside, so the <i>added</i> latency is the component's figure minus the bare client's at the
 *     same percentile, both measured the same way in the same run.</li>
 * <li><b>send</b>: every 100 ms per session one 100 ms chunk: the component gets it as a {@code byte[]} InOnly exchange
 *     (completed once its append is written to the socket), the bare client builds the append and calls
 *     {@code sendText}; the latency is until that write completed.</li>
 * <li><b>late chunks</b>: chunks (either way) whose latency exceeds their own duration (100 ms): a real-time player
 *     would have run dry. <b>Pacing jitter</b>: per session, how far the interval between two received deltas is from
 *     100 ms (p99).</li>
 * </ul>
 */
final class StreamScenario {

    static final int CHUNK_MILLIS = 100;
    /** How long one client streams before the other takes its turn. */
    static final int SLICE_MILLIS = 500;
    private static final long CHUNK_NANOS = TimeUnit.MILLISECONDS.toNanos(CHUNK_MILLIS);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** The figures of one client at one number of sessions. */
    record Figures(String client, int sessions, long[] receiveNanos, long[] sendNanos, long[] jitterNanos, int lateChunks,
                   int chunksExpected) {
        double receivePercentileMicros(double p) {
            return percentile(receiveNanos, p) / 1e3;
        }

        double sendPercentileMicros(double p) {
            return percentile(sendNanos, p) / 1e3;
        }

        double jitterP99Millis() {
            return percentile(jitterNanos, 99) / 1e6;
        }
    }

    private final RealtimeSimulator simulator;
    private final int seconds;
    private final byte[] chunk = SyntheticAudio.pcm16(CHUNK_MILLIS);
    private final String deltaPrefix = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"t";
    private final String deltaSuffix;
    private final ObjectMapper mapper = new ObjectMapper();

    StreamScenario(RealtimeSimulator simulator, int seconds) {
        this.simulator = simulator;
        this.seconds = seconds;
        this.deltaSuffix = "\",\"response_id\":\"resp_stream\",\"item_id\":\"item_stream\",\"output_index\":0,"
                           + "\"content_index\":0,\"delta\":\"" + Base64.getEncoder().encodeToString(chunk) + "\"}";
    }

    /** The bookkeeping of one run. */
    private final class Run {
        final int sessions;
        final long[] receive;
        final long[] send;
        final long[] jitter;
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger jitters = new AtomicInteger();
        final Map<String, Long> lastArrival = new ConcurrentHashMap<>();
        volatile boolean measuring;

        Run(int sessions) {
            this.sessions = sessions;
            int chunks = sessions * seconds * (1000 / CHUNK_MILLIS) + sessions * 20;
            receive = new long[chunks];
            send = new long[chunks];
            jitter = new long[chunks];
        }

        void received(String eventId, String session) {
            long now = System.nanoTime();
            if (eventId == null || !eventId.startsWith("t")) {
                return;
            }
            long latency = now - Long.parseLong(eventId, 1, eventId.length(), 10);
            Long last = lastArrival.put(session, now);
            if (!measuring) {
                return;
            }
            int i = received.getAndIncrement();
            if (i < receive.length) {
                receive[i] = latency;
            }
            if (last != null) {
                int j = jitters.getAndIncrement();
                if (j < jitter.length) {
                    jitter[j] = Math.abs(now - last - CHUNK_NANOS);
                }
            }
        }

        void sent(long startNanos) {
            long latency = System.nanoTime() - startNanos;
            if (!measuring) {
                return;
            }
            int i = sent.getAndIncrement();
            if (i < send.length) {
                send[i] = latency;
            }
        }

        Figures figures(String client) {
            long[] r = Arrays.copyOf(receive, Math.min(received.get(), receive.length));
            long[] s = Arrays.copyOf(send, Math.min(sent.get(), send.length));
            long[] j = Arrays.copyOf(jitter, Math.min(jitters.get(), jitter.length));
            Arrays.sort(r);
            Arrays.sort(s);
            Arrays.sort(j);
            int late = 0;
            for (long l : r) {
                late += l > CHUNK_NANOS ? 1 : 0;
            }
            for (long l : s) {
                late += l > CHUNK_NANOS ? 1 : 0;
            }
            return new Figures(client, sessions, r, s, j, late, sessions * seconds * (1000 / CHUNK_MILLIS));
        }
    }

    /** One client's open sessions: the simulator connections that feed them, and how it sends a chunk on session i. */
    private interface Client extends AutoCloseable {
        List<SimulatedConnection> connections();

        void sendChunk(int session, Run run);
    }

    /**
     * Both clients at {@code sessions} sessions, their sessions open side by side, taking turns in slices of
     * {@value #SLICE_MILLIS} ms: whatever else runs on the machine hits both alike, which a run of one client after
     * the other cannot promise (on 2 shared cores the p99 of two such runs of the same client differ by milliseconds).
     *
     * @return the component's figures, then the bare JDK client's
     */
    Figures[] interleaved(int sessions) throws Exception {
        simulator.clearHistory();
        Run component = new Run(sessions);
        Run bare = new Run(sessions);
        try (Client c = openComponent(sessions, component); Client b = openBare(sessions, bare)) {
            alternate(c, component, b, bare);
        }
        simulator.awaitNoOpenConnections(Duration.ofSeconds(30));
        simulator.clearHistory();
        return new Figures[] {component.figures("component"), bare.figures("bareJdk")};
    }

    private Client openComponent(int sessions, Run run) throws Exception {
        int before = simulator.connectionCount();
        CamelContext context = new DefaultCamelContext();
        try {
            // (the consumer opens the name's default session at start: its connection is not one of the streams)
            String uri = "fastrouter-realtime:stream?baseUrl=" + simulator.baseUrl() + "&apiKey=" + simulator.apiKey()
                         + "&dialect=ga&chunkMillis=" + CHUNK_MILLIS + "&connectTimeout=" + TIMEOUT.toMillis()
                         + "&responseTimeout=" + TIMEOUT.toMillis();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri + "&eventTypes=response.output_audio.delta").process(exchange -> {
                        byte[] audio = exchange.getMessage().getBody(byte[].class);
                        if (audio != null && audio.length > 0) {
                            run.received(exchange.getMessage().getHeader(FastRouterRealtimeConstants.EVENT_ID, String.class),
                                    exchange.getMessage().getHeader(FastRouterRealtimeConstants.SESSION_KEY, String.class));
                        }
                    });
                }
            });
            context.start();
            require(simulator.awaitConnections(before + 1, TIMEOUT), "the consumer's session to open");
            Set<SimulatedConnection> old = Collections.newSetFromMap(new IdentityHashMap<>());
            old.addAll(simulator.connections());
            Endpoint endpoint = context.getEndpoint(uri);
            AsyncProcessor producer = (AsyncProcessor) endpoint.createAsyncProducer();
            org.apache.camel.support.service.ServiceHelper.startService(producer);
            CountDownLatch opened = new CountDownLatch(sessions);
            for (int i = 0; i < sessions; i++) {
                Exchange open = endpoint.createExchange(ExchangePattern.InOnly);
                open.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, "s" + i);
                open.getMessage().setBody("{\"type\":\"input_audio_buffer.clear\"}");
                producer.process(open, done -> opened.countDown());
            }
            require(opened.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the component's sessions to open");
            List<SimulatedConnection> connections = newConnections(old, sessions);
            return new Client() {
                @Override
                public List<SimulatedConnection> connections() {
                    return connections;
                }

                @Override
                public void sendChunk(int session, Run r) {
                    Exchange exchange = endpoint.createExchange(ExchangePattern.InOnly);
                    exchange.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, "s" + session);
                    exchange.getMessage().setBody(chunk);
                    long start = System.nanoTime();
                    producer.process(exchange, done -> r.sent(start));
                }

                @Override
                public void close() throws Exception {
                    org.apache.camel.support.service.ServiceHelper.stopService(producer);
                    context.close();
                }
            };
        } catch (Exception | Error e) {
            context.close();
            throw e;
        }
    }

    private Client openBare(int sessions, Run run) throws Exception {
        Set<SimulatedConnection> old = Collections.newSetFromMap(new IdentityHashMap<>());
        old.addAll(simulator.connections());
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        List<CompletableFuture<WebSocket>> lastSend = new ArrayList<>();
        Client client = new Client() {
            private List<SimulatedConnection> connections;

            @Override
            public List<SimulatedConnection> connections() {
                if (connections == null) {
                    connections = newConnections(old, sessions);
                }
                return connections;
            }

            @Override
            public void sendChunk(int session, Run r) {
                long start = System.nanoTime();
                ObjectNode append = mapper.createObjectNode();
                append.put("type", "input_audio_buffer.append");
                append.put("audio", Base64.getEncoder().encodeToString(chunk));
                String json;
                try {
                    json = mapper.writeValueAsString(append);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                WebSocket socket = sockets.get(session);
                // the JDK allows one outstanding send per socket: chain behind the previous one
                CompletableFuture<WebSocket> next = lastSend.get(session).thenCompose(ws -> socket.sendText(json, true));
                lastSend.set(session, next);
                next.thenRun(() -> r.sent(start));
            }

            @Override
            public void close() {
                for (WebSocket socket : sockets) {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
                }
            }
        };
        try {
            List<CompletableFuture<Void>> created = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                CompletableFuture<Void> sessionCreated = new CompletableFuture<>();
                created.add(sessionCreated);
                sockets.add(http.newWebSocketBuilder()
                        .header("Authorization", "Bearer " + simulator.apiKey())
                        .buildAsync(simulator.baseUrl(), new BareListener("s" + i, run, sessionCreated))
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                lastSend.add(CompletableFuture.completedFuture(null));
            }
            CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            client.connections();
            return client;
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
    }

    private List<SimulatedConnection> newConnections(Set<SimulatedConnection> old, int sessions) {
        List<SimulatedConnection> connections = new ArrayList<>(simulator.connections());
        connections.removeIf(c -> old.contains(c) || !c.isOpen());
        require(connections.size() == sessions, "one simulator connection per session, got " + connections.size());
        return connections;
    }

    /**
     * Streams both ways at real-time pace through one client at a time, switching every {@value #SLICE_MILLIS} ms:
     * a warm-up second for each, then {@code seconds} measured for each.
     */
    private void alternate(Client first, Run firstRun, Client second, Run secondRun) throws Exception {
        ScheduledExecutorService driver = Executors.newScheduledThreadPool(2, task -> {
            // named like the simulator's threads: not counted as client CPU
            Thread t = new Thread(task, "realtime-simulator-stream-driver");
            t.setDaemon(true);
            return t;
        });
        AtomicReference<Client> active = new AtomicReference<>(first);
        AtomicReference<Run> activeRun = new AtomicReference<>(firstRun);
        try {
            ScheduledFuture<?> deltas = driver.scheduleAtFixedRate(() -> {
                for (SimulatedConnection c : active.get().connections()) {
                    c.send(deltaPrefix + System.nanoTime() + deltaSuffix);
                }
            }, 0, CHUNK_MILLIS, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> appends = driver.scheduleAtFixedRate(() -> {
                Client client = active.get();
                Run run = activeRun.get();
                for (int i = 0; i < run.sessions; i++) {
                    client.sendChunk(i, run);
                }
            }, CHUNK_MILLIS / 2, CHUNK_MILLIS, TimeUnit.MILLISECONDS);
            int warmUpSlices = 1000 / SLICE_MILLIS;
            int measuredSlices = seconds * 1000 / SLICE_MILLIS;
            for (int slice = 0; slice < 2 * (warmUpSlices + measuredSlices); slice++) {
                // the simulator records every event it sends, payload included: the heap would grow with the run
                simulator.clearHistory();
                boolean firstsTurn = slice % 2 == 0;
                Run run = firstsTurn ? firstRun : secondRun;
                // the gap since this client's last slice is not pacing jitter
                run.lastArrival.clear();
                if (slice == 2 * warmUpSlices) {
                    firstRun.measuring = true;
                    secondRun.measuring = true;
                }
                activeRun.set(run);
                active.set(firstsTurn ? first : second);
                Thread.sleep(SLICE_MILLIS);
            }
            deltas.cancel(false);
            appends.cancel(false);
            Thread.sleep(300);
            firstRun.measuring = false;
            secondRun.measuring = false;
        } finally {
            driver.shutdownNow();
        }
    }

    private final class BareListener implements WebSocket.Listener {
        private final String session;
        private final Run run;
        private final CompletableFuture<Void> sessionCreated;
        private final StringBuilder text = new StringBuilder();

        BareListener(String session, Run run, CompletableFuture<Void> sessionCreated) {
            this.session = session;
            this.run = run;
            this.sessionCreated = sessionCreated;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    JsonNode event = mapper.readTree(message);
                    String type = event.path("type").asText();
                    if (type.equals("response.output_audio.delta")) {
                        byte[] audio = Base64.getDecoder().decode(event.get("delta").asText());
                        if (audio.length > 0) {
                            run.received(event.path("event_id").asText(null), session);
                        }
                    } else if (type.equals("session.created")) {
                        sessionCreated.complete(null);
                    }
                } catch (Exception e) {
                    System.err.println("bare stream client cannot handle a message: " + e);
                }
            }
            ws.request(1);
            return null;
        }
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("stream scenario: " + what);
        }
    }

    static int audioBytesPerChunk() {
        return AudioFormat.PCM16.bytesForMillis(CHUNK_MILLIS);
    }
}
