package io.github.camelrealtime.fastrouter.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.SimulatedConnection;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ExchangeBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;

/**
 * The soak scenario: many keyed sessions of one endpoint doing turns in a loop against one simulator while a chaos
 * thread breaks things, checking that every exchange completes exactly once.
 * <ul>
 * <li>{@code sessions} keyed sessions (header {@code CamelFastRouterRealtimeSessionKey}) of
 *     {@code fastrouter-realtime:soak}, each one turn at a time: InOut text (reply expected {@code "echo: " + text}),
 *     and one turn in four an InOut 200 ms pcm16 clip ({@code turnDetection=none}: the component commits and asks for
 *     the response); a random pause of 0-100 ms between turns.</li>
 * <li>Chaos, at random intervals of 0.2-1.5 s: drop 1-3 random sockets ({@link SimulatedConnection#drop()}); refuse
 *     every handshake with 503 and {@code Retry-After: 1} for 1-3 s; slow responses down (30-80 ms between events)
 *     for 2-5 s; rarely drop all sockets at once.</li>
 * <li>After the duration no turn starts; the exchanges still running get {@code responseTimeout} + 10 s to complete.
 *     Those that do not are <b>lost</b>; a completion callback called twice for one exchange is <b>doubled</b>.</li>
 * </ul>
 * Only the public Camel face is used: {@link ProducerTemplate#asyncSend(String, Exchange)} with a
 * {@link Synchronization} on the exchange (Camel 4 has no {@code asyncCallback}), and a consumer route counting
 * {@code connection.reconnecting}/{@code connection.reconnected}.
 */
public final class SoakScenario {

    /** What to run. */
    public record Settings(Duration duration, int sessions, long responseTimeoutMillis, boolean chaos, long seed) {
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(3), 200, 5000, true, 42);
        }
    }

    /** What happened. */
    public record Result(long started, long completedOk, Map<String, Long> failedByException, long lost, long doubled,
                         long synchronizationCalls, long wrongReplies, long reconnecting, long reconnected, long serverConnections,
                         long handshakeAttempts, Map<String, Long> chaosActions, long heapUsedBeforeBytes,
                         long heapUsedAfterBytes, long heapUsedAfterStopBytes, List<String> lostSamples, long runMillis,
                         Map<String, Long> threadsBefore, Map<String, Long> threadsAfterStop) {

        public long failed() {
            return failedByException.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Every exchange started ended exactly one way. */
        public boolean balanced() {
            return started == completedOk + failed() + lost;
        }

        public boolean passed() {
            return lost == 0 && doubled == 0;
        }

        Result withHeapAfterStop(long bytes) {
            return new Result(started, completedOk, failedByException, lost, doubled, synchronizationCalls, wrongReplies,
                    reconnecting, reconnected, serverConnections, handshakeAttempts, chaosActions, heapUsedBeforeBytes,
                    heapUsedAfterBytes, bytes, lostSamples, runMillis, threadsBefore, liveThreads());
        }
    }

    private static final String ROUTE_EVENTS = "connection.reconnecting,connection.reconnected";
    private static final long DRAIN_MARGIN_MILLIS = 10_000;
    private static final byte[] CLIP = SyntheticAudio.pcm16(200);

    private final Settings settings;
    private final PrintStream progress;
    private final Random random;

    private final AtomicLong started = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong doubled = new AtomicLong();
    private final AtomicLong synchronizationCalls = new AtomicLong();
    private final AtomicLong wrongReplies = new AtomicLong();
    private final AtomicLong reconnecting = new AtomicLong();
    private final AtomicLong reconnected = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> chaosActions = new ConcurrentHashMap<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong exchangeIds = new AtomicLong();
    private final AtomicLong serverConnections = new AtomicLong();
    private final AtomicLong handshakeAttempts = new AtomicLong();
    private volatile boolean running;

    private record Pending(String key, String kind, long startNanos) {
    }

    public SoakScenario(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
        this.random = new Random(settings.seed());
    }

    /** Runs the scenario against a simulator of its own. */
    public Result run() throws Exception {
        Result result;
        try (RealtimeSimulator simulator = RealtimeSimulator.builder()
                .serverVadByDefault(false)
                .recordAudioPayloads(false)
                .build()
                .start()) {
            result = run(simulator);
        }
        // after the context and the simulator are gone: what the component keeps after a stop
        return result.withHeapAfterStop(usedHeapAfterGc());
    }

    private Result run(RealtimeSimulator simulator) throws Exception {
        long timeout = settings.responseTimeoutMillis();
        String uri = "fastrouter-realtime:soak?baseUrl=" + simulator.baseUrl() + "&apiKey=" + simulator.apiKey()
                + "&dialect=ga&outputModalities=text&turnDetection=none&responseTimeout=" + timeout
                + "&connectTimeout=" + timeout + "&reconnectInitialDelay=100&reconnectMaxDelay=2000&heartbeatInterval=2000";
        CamelContext context = new DefaultCamelContext();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "soak-scheduler");
            t.setDaemon(true);
            return t;
        });
        long heapBefore;
        long heapAfter;
        Map<String, Long> threadsBefore;
        long runMillis;
        List<String> lostSamples = new ArrayList<>();
        try {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri + "&eventTypes=" + ROUTE_EVENTS).routeId("soak-lifecycle").process(exchange -> {
                        String type = exchange.getMessage().getHeader("CamelFastRouterRealtimeEventType", String.class);
                        (type != null && type.endsWith("reconnected") ? reconnected : reconnecting).incrementAndGet();
                    });
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            heapBefore = usedHeapAfterGc();
            threadsBefore = liveThreads();

            running = true;
            long start = System.nanoTime();
            long end = start + settings.duration().toNanos();
            for (int i = 0; i < settings.sessions(); i++) {
                String key = "call-" + i;
                scheduler.schedule(() -> turn(context, template, uri, key, scheduler), random.nextInt(1000), TimeUnit.MILLISECONDS);
            }
            long nextProgress = start + TimeUnit.SECONDS.toNanos(10);
            long nextHistoryClear = start + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < end) {
                if (settings.chaos()) {
                    chaos(simulator, scheduler);
                }
                sleep(200 + random.nextInt(1300));
                if (System.nanoTime() > nextHistoryClear) {
                    clearSimulatorHistory(simulator);
                    nextHistoryClear = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                }
                if (System.nanoTime() > nextProgress) {
                    progress(start);
                    nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                }
            }
            running = false;
            runMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // end the chaos: accept handshakes, answer at full speed
            simulator.clearRejectedHandshakes();
            simulator.setResponseDelay(Duration.ZERO);
            progress.println("soak: run over after " + runMillis + " ms; waiting up to " + (timeout + DRAIN_MARGIN_MILLIS)
                    + " ms for " + pending.size() + " exchanges still running");
            long drainDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout + DRAIN_MARGIN_MILLIS);
            while (!pending.isEmpty() && System.nanoTime() < drainDeadline) {
                sleep(50);
            }
            long now = System.nanoTime();
            pending.values().stream().limit(10).forEach(p -> lostSamples.add(p.key() + " " + p.kind() + " started "
                    + TimeUnit.NANOSECONDS.toMillis(now - p.startNanos()) + " ms ago"));
            clearSimulatorHistory(simulator);
            heapAfter = usedHeapAfterGc();
        } finally {
            running = false;
            scheduler.shutdownNow();
            context.close();
        }
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((k, v) -> failed.put(k, v.get()));
        Map<String, Long> chaos = new TreeMap<>();
        chaosActions.forEach((k, v) -> chaos.put(k, v.get()));
        return new Result(started.get(), ok.get(), failed, pending.size(), doubled.get(), synchronizationCalls.get(), wrongReplies.get(),
                reconnecting.get(), reconnected.get(), serverConnections.get(), handshakeAttempts.get(), chaos,
                heapBefore, heapAfter, -1, lostSamples, runMillis, threadsBefore, Map.of());
    }

    /** One turn of one keyed session; the next one is scheduled when it completes. */
    private void turn(CamelContext context, ProducerTemplate template, String uri, String key, ScheduledExecutorService scheduler) {
        if (!running) {
            return;
        }
        long id = exchangeIds.incrementAndGet();
        boolean audio = ThreadLocalRandomHolder.next(4) == 0;
        String text = key + " turn " + id;
        Exchange exchange = ExchangeBuilder.anExchange(context)
                .withPattern(ExchangePattern.InOut)
                .withHeader("CamelFastRouterRealtimeSessionKey", key)
                .withBody(audio ? CLIP : text)
                .build();
        pending.put(id, new Pending(key, audio ? "audio" : "text", System.nanoTime()));
        started.incrementAndGet();
        Completion completion = new Completion(id, audio ? null : "echo: " + text, () -> {
            if (running) {
                try {
                    scheduler.schedule(() -> turn(context, template, uri, key, scheduler), ThreadLocalRandomHolder.next(100),
                            TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // shutting down
                }
            }
        });
        exchange.getExchangeExtension().addOnCompletion(completion);
        try {
            template.asyncSend(uri, exchange).whenComplete((done, error) -> completion.fromFuture(done == null ? exchange : done, error));
        } catch (RuntimeException e) {
            completion.fromFuture(exchange, e);
        }
    }

    /**
     * Sees the end of one exchange two ways: its {@link Synchronization} (the unit of work's completion) and the future
     * of {@code asyncSend}. The first of them records the outcome; either one firing twice counts as doubled.
     */
    private final class Completion implements Synchronization {
        private final long id;
        private final String expectedText;
        private final Runnable next;
        private final AtomicBoolean viaSynchronization = new AtomicBoolean();
        private final AtomicBoolean viaFuture = new AtomicBoolean();
        private final AtomicBoolean recorded = new AtomicBoolean();

        Completion(long id, String expectedText, Runnable next) {
            this.id = id;
            this.expectedText = expectedText;
            this.next = next;
        }

        @Override
        public void onComplete(Exchange done) {
            synchronizationCalls.incrementAndGet();
            end(viaSynchronization, done, done.getException());
        }

        @Override
        public void onFailure(Exchange done) {
            synchronizationCalls.incrementAndGet();
            end(viaSynchronization, done, done.getException() != null ? done.getException() : new IllegalStateException("failed"));
        }

        void fromFuture(Exchange done, Throwable error) {
            end(viaFuture, done, error != null ? error : done.getException());
        }

        private void end(AtomicBoolean source, Exchange done, Throwable error) {
            if (source.getAndSet(true)) {
                doubled.incrementAndGet();
                return;
            }
            if (recorded.getAndSet(true)) {
                return;
            }
            pending.remove(id);
            if (error != null) {
                failed(unwrap(error));
            } else {
                ok.incrementAndGet();
                if (expectedText != null && !expectedText.equals(done.getMessage().getBody(String.class))) {
                    wrongReplies.incrementAndGet();
                }
            }
            next.run();
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private void failed(Throwable e) {
        String name = e == null ? "(no exception)" : e.getClass().getSimpleName();
        failures.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
    }

    private void chaos(RealtimeSimulator simulator, ScheduledExecutorService scheduler) {
        int dice = random.nextInt(100);
        if (dice < 50) {
            List<SimulatedConnection> open = simulator.connections().stream().filter(SimulatedConnection::isOpen).toList();
            int n = Math.min(open.size(), 1 + random.nextInt(3));
            for (int i = 0; i < n; i++) {
                open.get(random.nextInt(open.size())).drop();
            }
            count("dropSocket", n);
        } else if (dice < 60) {
            simulator.rejectHandshakes(503, RealtimeSimulator.errorBody(503, "Service temporarily unavailable.", "server_error",
                    "service_unavailable"), -1, Map.of("Retry-After", "1"));
            scheduler.schedule(simulator::clearRejectedHandshakes, 1000 + random.nextInt(2000), TimeUnit.MILLISECONDS);
            count("refuseHandshakes", 1);
        } else if (dice < 80) {
            simulator.setResponseDelay(Duration.ofMillis(30 + random.nextInt(50)));
            scheduler.schedule(() -> simulator.setResponseDelay(Duration.ZERO), 2000 + random.nextInt(3000), TimeUnit.MILLISECONDS);
            count("slowResponses", 1);
        } else if (dice < 84) {
            simulator.dropAll();
            count("dropAll", 1);
        }
    }

    private void count(String action, long n) {
        chaosActions.computeIfAbsent(action, a -> new AtomicLong()).addAndGet(n);
    }

    /** The simulator keeps every event it saw; forget them now and then, keeping the totals. */
    private void clearSimulatorHistory(RealtimeSimulator simulator) {
        serverConnections.addAndGet(simulator.connectionCount());
        handshakeAttempts.addAndGet(simulator.handshakeAttemptCount());
        simulator.clearHistory();
    }

    private void progress(long start) {
        progress.printf("soak: %3d s  started %d  ok %d  failed %d  running %d  reconnected %d%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), started.get(), ok.get(),
                failures.values().stream().mapToLong(AtomicLong::get).sum(), pending.size(), reconnected.get());
    }

    /** Live threads by name with the digits taken out ({@code HttpClient-N-SelectorManager}, ...). */
    static Map<String, Long> liveThreads() {
        Map<String, Long> threads = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                threads.merge(t.getName().replaceAll("\\d+", "N"), 1L, Long::sum);
            }
        }
        return threads;
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Random numbers for the session loops (several threads): not part of the seeded chaos sequence. */
    private static final class ThreadLocalRandomHolder {
        static int next(int bound) {
            return java.util.concurrent.ThreadLocalRandom.current().nextInt(bound);
        }
    }

    /** Prints the summary block, then a JSON summary line. */
    static void print(Result r, Settings s, PrintStream out, JsonOutput json) {
        out.println("==== soak summary ====");
        out.printf("duration            %d s (%d sessions, responseTimeout %d ms, chaos %s)%n", r.runMillis() / 1000,
                s.sessions(), s.responseTimeoutMillis(), s.chaos() ? "on" : "off");
        out.printf("exchanges started   %d%n", r.started());
        out.printf("completed OK        %d%n", r.completedOk());
        out.printf("failed              %d %s%n", r.failed(), r.failedByException());
        out.printf("lost                %d%s%n", r.lost(), r.lostSamples().isEmpty() ? "" : " e.g. " + r.lostSamples());
        out.printf("completed twice     %d (Synchronization callbacks seen: %d)%n", r.doubled(), r.synchronizationCalls());
        out.printf("balanced            %s (started = ok + failed + lost)%n", r.balanced());
        out.printf("wrong text replies  %d%n", r.wrongReplies());
        out.printf("reconnects          %d reconnected, %d reconnecting events; simulator: %d connections accepted, %d handshakes%n",
                r.reconnected(), r.reconnecting(), r.serverConnections(), r.handshakeAttempts());
        out.printf("chaos actions       %s%n", r.chaosActions());
        out.printf("heap used           before %.1f MB, after run %.1f MB, after the context and the simulator stopped %.1f MB (after System.gc())%n",
                mb(r.heapUsedBeforeBytes()), mb(r.heapUsedAfterBytes()), mb(r.heapUsedAfterStopBytes()));
        out.printf("live threads        before %d, after stop %d; after stop: %s%n",
                r.threadsBefore().values().stream().mapToLong(Long::longValue).sum(),
                r.threadsAfterStop().values().stream().mapToLong(Long::longValue).sum(), r.threadsAfterStop());
        out.printf("result              %s%n", r.passed() ? "PASS" : "FAIL (lost or doubled exchanges)");
        ObjectNode line = json.object();
        line.put("summary", true);
        line.put("scenario", "soak");
        line.put("seconds", r.runMillis() / 1000);
        line.put("sessions", s.sessions());
        line.put("started", r.started());
        line.put("completedOk", r.completedOk());
        line.put("failed", r.failed());
        ObjectNode failed = line.putObject("failedByException");
        r.failedByException().forEach(failed::put);
        line.put("lost", r.lost());
        line.put("doubled", r.doubled());
        line.put("wrongReplies", r.wrongReplies());
        line.put("reconnected", r.reconnected());
        line.put("serverConnections", r.serverConnections());
        line.put("heapUsedBeforeMb", Math.round(mb(r.heapUsedBeforeBytes()) * 10) / 10.0);
        line.put("heapUsedAfterMb", Math.round(mb(r.heapUsedAfterBytes()) * 10) / 10.0);
        line.put("heapUsedAfterStopMb", Math.round(mb(r.heapUsedAfterStopBytes()) * 10) / 10.0);
        line.put("passed", r.passed());
        json.line(line);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** {@code soak [--duration=3m] [--sessions=200] [--response-timeout=5s] [--no-chaos] [--seed=42]}; exit 1 on loss. */
    public static void main(String[] args) throws Exception {
        Settings d = Settings.defaults();
        Duration duration = d.duration();
        int sessions = d.sessions();
        long timeout = d.responseTimeoutMillis();
        boolean chaos = d.chaos();
        long seed = d.seed();
        for (String arg : args) {
            if (arg.startsWith("--duration=")) {
                duration = parseDuration(arg.substring("--duration=".length()));
            } else if (arg.startsWith("--sessions=")) {
                sessions = Integer.parseInt(arg.substring("--sessions=".length()));
            } else if (arg.startsWith("--response-timeout=")) {
                timeout = parseDuration(arg.substring("--response-timeout=".length())).toMillis();
            } else if (arg.equals("--no-chaos")) {
                chaos = false;
            } else if (arg.startsWith("--seed=")) {
                seed = Long.parseLong(arg.substring("--seed=".length()));
            } else if (arg.startsWith("--jmh-log=")) {
                continue; // passed by benchmarks/run for the other benchmarks
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + "; use --duration=3m, --sessions=200, --response-timeout=5s, --no-chaos, --seed=N");
            }
        }
        Settings settings = new Settings(duration, sessions, timeout, chaos, seed);
        // every dropped socket makes a WARN line; keep standard error readable unless asked otherwise
        if (System.getProperty("org.slf4j.simpleLogger.log.io.github.camelrealtime.fastrouter") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.github.camelrealtime.fastrouter", "error");
        }
        System.err.println("soak: " + sessions + " keyed sessions for " + duration.toSeconds() + " s, chaos " + (chaos ? "on" : "off"));
        Result result = new SoakScenario(settings, System.err).run();
        print(result, settings, System.out, new JsonOutput(System.out));
        System.out.flush();
        System.exit(result.passed() ? 0 : 1);
    }

    /** {@code 90}, {@code 90s}, {@code 500ms}, {@code 3m} or ISO-8601 ({@code PT3M}). */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("pt")) {
            return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }
}
