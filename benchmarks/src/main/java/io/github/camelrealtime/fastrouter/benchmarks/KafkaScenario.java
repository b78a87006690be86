package io.github.camelrealtime.fastrouter.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.examples.kafkapipeline.CallAudioHeaders;
import io.github.camelrealtime.examples.kafkapipeline.CallTracker;
import io.github.camelrealtime.examples.kafkapipeline.CommitOffset;
import io.github.camelrealtime.examples.kafkapipeline.EmbeddedKafka;
import io.github.camelrealtime.examples.kafkapipeline.KafkaPipelineRoutes;
import io.github.camelrealtime.examples.kafkapipeline.PipelineInstance;
import io.github.camelrealtime.examples.kafkapipeline.RevokedCallsCloser;
import io.github.camelrealtime.examples.kafkapipeline.SimulatedCalls;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeComponent;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeConstants;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka scenario: N concurrent calls through the kafka-pipeline example's routes, on the in-process KRaft broker and
 * the embedded simulator, at real-time pace. It measures the latency the pipeline adds to each audio frame, from its
 * produce to its append being written on the Realtime socket, and ramps N up to find the most calls one pipeline
 * instance carries without falling behind.
 * <ul>
 * <li><b>Pipeline</b>: one instance of the example (its {@link KafkaPipelineRoutes} or its YAML routes, unchanged: byte
 *     arrays, one keyed session per call with server VAD, InOnly, manual commit after the write, rebalance listener),
 *     in a CamelContext built like {@link PipelineInstance}'s plus an event notifier that timestamps the frames.</li>
 * <li><b>Calls</b>: N producer threads, one per call, sharing one {@link KafkaProducer} (linger 0, acks all), each
 *     playing a real speech recording of the example (said again and again, 2 s of silence between) as 20 ms pcm16
 *     frames at real-time pace on an absolute schedule; the calls start spread over the first 2 s and interleave.
 *     Every frame carries the headers {@value #SEQ_HEADER} (its index in the call) and {@value #PRODUCED_HEADER}
 *     ({@link System#nanoTime()} just before {@code send}); the last one {@code CallEnded=true}.</li>
 * <li><b>Measured point</b>: Camel's {@code ExchangeSentEvent} of the route's {@code fastrouter-realtime} step, i.e.
 *     when the InOnly exchange completed, which the component does once the append has been written to the
 *     WebSocket. Producer and pipeline share one JVM, so both stamps come from one monotonic clock. The
 *     {@code ExchangeSendingEvent} of the same step splits the figure into Kafka (produce → the route hands the frame
 *     to the component) and write (→ written).</li>
 * <li><b>Kept up</b>: every frame was written within {@link #DRAIN_TIMEOUT} of the end, the median latency of the last
 *     quarter of the step is at most {@link #GROWTH_LIMIT_MS} above that of the first quarter after all calls started
 *     (the lag did not keep growing) and at most {@link #LAG_LIMIT_MS} (no standing backlog), and the producers
 *     themselves kept real-time pace (median lateness of the last quarter at most {@link #GROWTH_LIMIT_MS}).</li>
 * <li><b>Ramp</b>: 5, 10, 20, 40, ... calls until a step falls behind, then steps halving the gap between the last
 *     that kept up and the first that did not, until it is at most a quarter of the former (and at least 5); a step
 *     that fell behind is followed by an unmeasured wait until its backlog is written.</li>
 * </ul>
 */
public final class KafkaScenario {

    static final String SEQ_HEADER = "BenchFrameSeq";
    static final String PRODUCED_HEADER = "BenchProducedNanos";
    static final int FRAME_MS = 20;
    static final int FRAME_BYTES = 24_000 * 2 * FRAME_MS / 1000;
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    static final long GROWTH_LIMIT_MS = 50;
    static final long LAG_LIMIT_MS = 100;
    static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);
    static final int STAGGER_MS = 2000;
    static final List<Integer> DEFAULT_RAMP = List.of(5, 10, 20, 40, 80, 160, 320);

    /** What to run: the call counts in order (a ramp stops at the first that falls behind), each for {@code duration}. */
    public record Settings(List<Integer> steps, Duration duration, Duration warmup, boolean yaml, boolean stopAtFirstFailure) {
    }

    /** One step's figures; latencies in milliseconds. */
    public record Step(int calls, long seconds, long produced, long written, long duplicates, long missing,
                       double p50, double p99, double max, double kafkaP50, double kafkaP99, double writeP50, double writeP99,
                       double commitP50, double commitP99,
                       double firstFrameP50, double firstFrameMax, double earlyP50, double lateP50, double lateP99,
                       double producerLateP50, double producerLateP99, double lateProducerLateP50, long drainMillis,
                       double processCpuPercent, double loadAverage, boolean keptUp, String verdict) {
    }

    private final Settings settings;
    private final PrintStream progress;
    private final AtomicLong stepNumber = new AtomicLong();
    private volatile Recorder recorder;

    public KafkaScenario(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Starts the broker, the simulator and one pipeline instance, then runs the warm-up and the steps. */
    public List<Step> run() throws Exception {
        List<Step> steps = new ArrayList<>();
        try (EmbeddedKafka broker = EmbeddedKafka.start();
             RealtimeSimulator simulator = RealtimeSimulator.builder().recordAudioPayloads(false).build().start()) {
            String bootstrap = broker.bootstrapServers();
            EmbeddedKafka.createTopics(bootstrap, 6);
            progress.println("kafka: in-process broker at " + bootstrap + ", simulator at " + simulator.baseUrl()
                    + ", one pipeline instance (" + (settings.yaml() ? "YAML" : "Java DSL") + " routes of examples/kafka-pipeline)");
            List<byte[]> speech = List.of(SimulatedCalls.speech(1), SimulatedCalls.speech(2), SimulatedCalls.speech(3));
            DefaultCamelContext context = startPipeline(bootstrap, simulator);
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
                if (!settings.warmup().isZero()) {
                    int n = Math.min(5, settings.steps().get(0));
                    progress.println("kafka: warm-up, " + n + " calls for " + settings.warmup().toSeconds() + " s (not reported)");
                    runStep(producer, simulator, speech, n, settings.warmup());
                }
                int keptUp = 0;
                for (int calls : settings.steps()) {
                    Step step = step(producer, simulator, speech, calls);
                    steps.add(step);
                    if (step.keptUp()) {
                        keptUp = calls;
                    } else if (settings.stopAtFirstFailure()) {
                        // a ramp: narrow the gap between the last step that kept up and this one, halving it
                        int failed = calls;
                        while (failed - keptUp > Math.max(5, keptUp / 4)) {
                            int mid = (keptUp + failed) / 2;
                            Step between = step(producer, simulator, speech, mid);
                            steps.add(between);
                            if (between.keptUp()) {
                                keptUp = mid;
                            } else {
                                failed = mid;
                            }
                        }
                        break;
                    }
                }
            } finally {
                context.close();
            }
        }
        return steps;
    }

    private Step step(KafkaProducer<String, byte[]> producer, RealtimeSimulator simulator, List<byte[]> speech, int calls)
            throws Exception {
        progress.println("kafka: " + calls + " calls for " + settings.duration().toSeconds() + " s ...");
        Step step = runStep(producer, simulator, speech, calls, settings.duration());
        progress.printf("kafka: %d calls: p50 %.1f ms, p99 %.1f ms, max %.1f ms; lag first/last quarter %.1f/%.1f ms; %s%n",
                calls, step.p50(), step.p99(), step.max(), step.earlyP50(), step.lateP50(), step.verdict());
        return step;
    }

    /** One pipeline instance as {@link PipelineInstance#start} builds it, plus the frame-timing event notifier. */
    private DefaultCamelContext startPipeline(String bootstrap, RealtimeSimulator simulator) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("bench-instance");
        context.getShutdownStrategy().setTimeout(10);
        Properties properties = new Properties();
        properties.setProperty("pipeline.groupId", "bench-pipeline");
        properties.setProperty("fastrouter.model", "openai/gpt-realtime");
        context.getPropertiesComponent().setInitialProperties(properties);
        KafkaComponent kafka = new KafkaComponent();
        kafka.getConfiguration().setBrokers(bootstrap);
        context.addComponent("kafka", kafka);
        FastRouterRealtimeComponent realtime = new FastRouterRealtimeComponent();
        realtime.getConfiguration().setBaseUrl(simulator.baseUrl().toString());
        realtime.getConfiguration().setApiKey(simulator.apiKey());
        context.addComponent("fastrouter-realtime", realtime);
        // the beans the routes refer to, as PipelineInstance binds them
        CallTracker tracker = new CallTracker("bench-instance", null);
        RevokedCallsCloser closer = new RevokedCallsCloser(tracker, PipelineInstance.SESSION_ENDPOINT);
        closer.setCamelContext(context);
        context.getRegistry().bind("callTracker", tracker);
        context.getRegistry().bind("commitOffset", new TimedCommit(new CommitOffset()));
        context.getRegistry().bind("callAudioHeaders", new CallAudioHeaders());
        context.getRegistry().bind(RevokedCallsCloser.BEAN_NAME, closer);
        context.getManagementStrategy().addEventNotifier(new FrameTimer());
        context.start();
        if (settings.yaml()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context, PipelineInstance.YAML_ROUTES));
        } else {
            context.addRoutes(new KafkaPipelineRoutes());
        }
        return context;
    }

    /** Timestamps the route's {@code fastrouter-realtime} step for each frame: before it (sending) and after (sent = written). */
    private final class FrameTimer extends EventNotifierSupport {
        FrameTimer() {
            setIgnoreCamelContextEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreExchangeCreatedEvent(true);
            setIgnoreExchangeCompletedEvent(true);
            setIgnoreExchangeFailedEvents(true);
            setIgnoreExchangeRedeliveryEvents(true);
            setIgnoreStepEvents(true);
        }

        @Override
        public void notify(CamelEvent event) {
            long now = System.nanoTime();
            Recorder r = recorder;
            if (r == null) {
                return;
            }
            if (event instanceof CamelEvent.ExchangeSentEvent sent && isFrameWrite(sent.getEndpoint().getEndpointUri(), sent.getExchange())) {
                r.written(sent.getExchange(), now);
            } else if (event instanceof CamelEvent.ExchangeSendingEvent sending
                       && isFrameWrite(sending.getEndpoint().getEndpointUri(), sending.getExchange())) {
                r.sending(sending.getExchange(), now);
            }
        }

        private boolean isFrameWrite(String uri, Exchange exchange) {
            return uri.startsWith("fastrouter-realtime:") && exchange.getMessage().getHeader(PRODUCED_HEADER) != null
                   && exchange.getMessage().getHeader(FastRouterRealtimeConstants.ACTION) == null;
        }
    }

    /** The example's {@link CommitOffset}, timed: the manual commit (a synchronous round trip to the broker) per frame. */
    private final class TimedCommit implements Processor {
        private final Processor commit;

        TimedCommit(Processor commit) {
            this.commit = commit;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            long start = System.nanoTime();
            try {
                commit.process(exchange);
            } finally {
                Recorder r = recorder;
                if (r != null && exchange.getMessage().getHeader(PRODUCED_HEADER) != null) {
                    r.commits.add(System.nanoTime() - start);
                }
            }
        }
    }

    /** The frames of one step: per call, per frame, when it was produced, handed to the component and written. */
    private static final class Recorder {
        final Map<String, CallFrames> calls = new ConcurrentHashMap<>();
        final AtomicLong written = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong unknown = new AtomicLong();
        final java.util.Queue<Long> commits = new java.util.concurrent.ConcurrentLinkedQueue<>();

        void sending(Exchange exchange, long now) {
            CallFrames call = calls.get(exchange.getMessage().getHeader(KafkaConstants.KEY, String.class));
            int seq = seq(exchange);
            if (call != null && seq >= 0 && seq < call.sendingNanos.length) {
                call.sendingNanos[seq] = now;
            }
        }

        void written(Exchange exchange, long now) {
            CallFrames call = calls.get(exchange.getMessage().getHeader(KafkaConstants.KEY, String.class));
            int seq = seq(exchange);
            if (call == null || seq < 0 || seq >= call.writtenNanos.length) {
                unknown.incrementAndGet();
                return;
            }
            if (call.writtenNanos[seq] != 0) {
                duplicates.incrementAndGet();
                return;
            }
            long produced = Long.parseLong(exchange.getMessage().getHeader(PRODUCED_HEADER, String.class));
            call.producedHeaderNanos[seq] = produced;
            call.writtenNanos[seq] = now;
            written.incrementAndGet();
        }

        private static int seq(Exchange exchange) {
            String s = exchange.getMessage().getHeader(SEQ_HEADER, String.class);
            return s == null ? -1 : Integer.parseInt(s);
        }
    }

    /** One call's frames; the arrays are written by one producer thread and the pipeline's one consumer thread. */
    private static final class CallFrames {
        final long[] dueNanos;
        final long[] producedNanos;
        final long[] producedHeaderNanos;
        final long[] sendingNanos;
        final long[] writtenNanos;

        CallFrames(int frames) {
            dueNanos = new long[frames];
            producedNanos = new long[frames];
            producedHeaderNanos = new long[frames];
            sendingNanos = new long[frames];
            writtenNanos = new long[frames];
        }
    }

    private Step runStep(KafkaProducer<String, byte[]> producer, RealtimeSimulator simulator, List<byte[]> speech, int n,
                         Duration duration) throws Exception {
        long stepId = stepNumber.incrementAndGet();
        int totalFrames = (int) (duration.toMillis() / FRAME_MS);
        Recorder r = new Recorder();
        List<String> ids = new ArrayList<>();
        List<List<byte[]>> frames = new ArrayList<>();
        List<Integer> startMs = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            String id = "s" + stepId + "-call-" + c;
            int start = (int) ((long) c * STAGGER_MS / n);
            // every call ends at the step's end: it lasts the duration minus its start
            List<byte[]> f = callFrames(speech.get(c % speech.size()), totalFrames - start / FRAME_MS);
            ids.add(id);
            frames.add(f);
            startMs.add(start);
            r.calls.put(id, new CallFrames(f.size()));
        }
        long produced = frames.stream().mapToLong(List::size).sum();
        recorder = r;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        CountDownLatch done = new CountDownLatch(n);
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int c = 0; c < n; c++) {
            String id = ids.get(c);
            List<byte[]> f = frames.get(c);
            CallFrames record = r.calls.get(id);
            long callStart = t0 + TimeUnit.MILLISECONDS.toNanos(startMs.get(c));
            Thread t = new Thread(() -> {
                try {
                    play(producer, id, f, record, callStart, errors);
                } finally {
                    done.countDown();
                }
            }, "bench-call-" + c);
            t.setDaemon(true);
            t.start();
        }
        // the simulator keeps every event it received: forget them now and then
        long end = t0 + duration.toNanos();
        while (!done.await(5, TimeUnit.SECONDS)) {
            simulator.clearHistory();
            long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            progress.printf("kafka:   %3d s  produced %d  written %d%n", s, Arrays.stream(ids.toArray(String[]::new))
                    .mapToLong(id -> countNonZero(r.calls.get(id).producedNanos)).sum(), r.written.get());
        }
        producer.flush();
        long producedEnd = System.nanoTime();
        long drainDeadline = producedEnd + DRAIN_TIMEOUT.toNanos();
        while (r.written.get() < produced && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - producedEnd);
        long wallNanos = System.nanoTime() - t0;
        double cpuPercent = 100.0 * (os.getProcessCpuTime() - cpuStart) / wallNanos / Runtime.getRuntime().availableProcessors();
        double load = os.getSystemLoadAverage();
        Step step = summarize(r, n, duration, produced, drainMillis, cpuPercent, load, t0, end);
        // a step that fell behind leaves a backlog: let the instance work it off before the next step (not measured)
        long settleDeadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        if (r.written.get() < produced) {
            progress.println("kafka: waiting for the backlog (" + (produced - r.written.get()) + " frames) before the next step");
        }
        while (r.written.get() < produced && System.nanoTime() < settleDeadline) {
            Thread.sleep(100);
            simulator.clearHistory();
        }
        // let the sessions close (CallEnded) and the answers drain before the next step
        Thread.sleep(1000);
        recorder = null;
        simulator.clearHistory();
        if (!errors.isEmpty()) {
            progress.println("kafka: produce errors, e.g. " + errors.subList(0, Math.min(3, errors.size())));
        }
        return step;
    }

    /** Speech, 2 s of silence, speech, ... cut into 20 ms frames; 200 ms of silence first, {@code count} frames in all. */
    static List<byte[]> callFrames(byte[] speech, int count) {
        List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < 10 && frames.size() < count; i++) {
            frames.add(new byte[FRAME_BYTES]);
        }
        while (frames.size() < count) {
            for (int off = 0; off < speech.length && frames.size() < count; off += FRAME_BYTES) {
                frames.add(Arrays.copyOfRange(speech, off, Math.min(speech.length, off + FRAME_BYTES)));
            }
            for (int i = 0; i < 2000 / FRAME_MS && frames.size() < count; i++) {
                frames.add(new byte[FRAME_BYTES]);
            }
        }
        return frames;
    }

    private static void play(KafkaProducer<String, byte[]> producer, String id, List<byte[]> frames, CallFrames record,
                             long start, List<String> errors) {
        byte[] pcm16 = "pcm16".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < frames.size(); i++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos((long) i * FRAME_MS);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            RecordHeaders headers = new RecordHeaders();
            headers.add("CamelFastRouterRealtimeAudioFormat", pcm16);
            headers.add(SEQ_HEADER, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            if (i == frames.size() - 1) {
                headers.add(CallTracker.CALL_ENDED, "true".getBytes(StandardCharsets.UTF_8));
            }
            long now = System.nanoTime();
            headers.add(PRODUCED_HEADER, Long.toString(now).getBytes(StandardCharsets.UTF_8));
            record.dueNanos[i] = due;
            record.producedNanos[i] = now;
            producer.send(new ProducerRecord<>("call-audio", null, id, frames.get(i), headers), (meta, error) -> {
                if (error != null) {
                    errors.add(id + ": " + error.getMessage());
                }
            });
        }
    }

    private static long countNonZero(long[] a) {
        long n = 0;
        for (long v : a) {
            if (v != 0) {
                n++;
            }
        }
        return n;
    }

    private Step summarize(Recorder r, int n, Duration duration, long produced, long drainMillis, double cpuPercent,
                           double load, long t0, long end) {
        List<Long> all = new ArrayList<>();
        List<Long> kafka = new ArrayList<>();
        List<Long> write = new ArrayList<>();
        List<Long> first = new ArrayList<>();
        List<Long> early = new ArrayList<>();
        List<Long> late = new ArrayList<>();
        List<Long> producerLate = new ArrayList<>();
        List<Long> producerLateLastQuarter = new ArrayList<>();
        // quarters of the time after every call has started
        long steady = t0 + TimeUnit.MILLISECONDS.toNanos(STAGGER_MS);
        long quarter = Math.max(1, (end - steady) / 4);
        long missing = 0;
        for (CallFrames call : r.calls.values()) {
            boolean firstSeen = false;
            for (int i = 0; i < call.writtenNanos.length; i++) {
                if (call.producedNanos[i] != 0) {
                    long lateness = call.producedNanos[i] - call.dueNanos[i];
                    producerLate.add(lateness);
                    if (call.dueNanos[i] >= end - quarter) {
                        producerLateLastQuarter.add(lateness);
                    }
                }
                if (call.writtenNanos[i] == 0) {
                    missing++;
                    continue;
                }
                long latency = call.writtenNanos[i] - call.producedHeaderNanos[i];
                all.add(latency);
                if (call.sendingNanos[i] != 0) {
                    kafka.add(call.sendingNanos[i] - call.producedHeaderNanos[i]);
                    write.add(call.writtenNanos[i] - call.sendingNanos[i]);
                }
                if (!firstSeen) {
                    first.add(latency);
                    firstSeen = true;
                }
                long p = call.producedHeaderNanos[i];
                if (p >= steady && p < steady + quarter) {
                    early.add(latency);
                } else if (p >= end - quarter) {
                    late.add(latency);
                }
            }
        }
        double[] a = millis(all);
        double[] k = millis(kafka);
        double[] w = millis(write);
        double[] c = millis(new ArrayList<>(r.commits));
        double[] f = millis(first);
        double[] e = millis(early);
        double[] l = millis(late);
        double[] pl = millis(producerLate);
        double[] plq = millis(producerLateLastQuarter);
        double earlyP50 = percentile(e, 50);
        double lateP50 = percentile(l, 50);
        double lateProducer = percentile(plq, 50);
        String verdict;
        boolean keptUp;
        if (missing > 0) {
            keptUp = false;
            verdict = "fell behind: " + missing + " frames not written " + DRAIN_TIMEOUT.toSeconds() + " s after the last was produced";
        } else if (lateP50 - earlyP50 > GROWTH_LIMIT_MS) {
            keptUp = false;
            verdict = String.format("fell behind: median lag grew from %.1f to %.1f ms", earlyP50, lateP50);
        } else if (lateP50 > LAG_LIMIT_MS) {
            keptUp = false;
            verdict = String.format("fell behind: median lag %.1f ms in the last quarter (a backlog not worked off)", lateP50);
        } else if (lateProducer > GROWTH_LIMIT_MS) {
            keptUp = false;
            verdict = String.format("fell behind: the producers themselves ran %.0f ms late (median, last quarter)", lateProducer);
        } else {
            keptUp = true;
            verdict = "kept up";
        }
        return new Step(n, duration.toSeconds(), produced, r.written.get(), r.duplicates.get(), missing,
                percentile(a, 50), percentile(a, 99), a.length == 0 ? Double.NaN : a[a.length - 1],
                percentile(k, 50), percentile(k, 99), percentile(w, 50), percentile(w, 99),
                percentile(c, 50), percentile(c, 99),
                percentile(f, 50), f.length == 0 ? Double.NaN : f[f.length - 1], earlyP50, lateP50, percentile(l, 99),
                percentile(pl, 50), percentile(pl, 99), lateProducer, drainMillis, cpuPercent, load, keptUp, verdict);
    }

    private static double[] millis(List<Long> nanos) {
        double[] d = new double[nanos.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = nanos.get(i) / 1e6;
        }
        Arrays.sort(d);
        return d;
    }

    /** Nearest-rank percentile of sorted values; NaN when empty. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The most calls of a step that kept up (0: none did). */
    static int maxKeptUp(List<Step> steps) {
        return steps.stream().filter(Step::keptUp).mapToInt(Step::calls).max().orElse(0);
    }

    /** Prints the summary block and one JSON line per step, then the JSON summary line. */
    static void print(List<Step> steps, Settings s, PrintStream out, JsonOutput json) {
        int cores = Runtime.getRuntime().availableProcessors();
        out.println("==== kafka summary ====");
        out.printf("setup      one JVM, %d cores: in-process KRaft broker, simulator, one pipeline instance (%s routes), "
                   + "N producer threads; %d s per step; 20 ms pcm16 frames at real-time pace%n",
                cores, s.yaml() ? "YAML" : "Java DSL", s.duration().toSeconds());
        out.println("latency    produce -> append written on the WebSocket (the route's fastrouter-realtime step completed), ms");
        out.printf("%6s %9s %7s %7s %8s | %9s %9s | %9s %9s | %10s %10s | %12s | %13s %13s | %8s %5s  %s%n",
                "calls", "frames", "p50", "p99", "max", "kafka p50", "kafka p99", "write p50", "write p99", "commit p50", "commit p99",
                "first frame", "lag q1->q4 p50", "producer p99", "cpu %", "load", "verdict");
        for (Step st : steps) {
            out.printf("%6d %9d %7.1f %7.1f %8.1f | %9.1f %9.1f | %9.2f %9.2f | %10.2f %10.2f | %5.0f/%6.0f | %6.1f->%6.1f %13.1f | %8.0f %5.1f  %s%n",
                    st.calls(), st.written(), st.p50(), st.p99(), st.max(), st.kafkaP50(), st.kafkaP99(), st.writeP50(),
                    st.writeP99(), st.commitP50(), st.commitP99(), st.firstFrameP50(), st.firstFrameMax(), st.earlyP50(), st.lateP50(), st.producerLateP99(),
                    st.processCpuPercent(), st.loadAverage(), st.verdict());
        }
        int max = maxKeptUp(steps);
        out.printf("max calls kept up   %d%s%n", max, max == 0 ? " (none of the steps kept up)" : "");
        ArrayNode stepsJson = json.object().arrayNode();
        for (Step st : steps) {
            ObjectNode line = json.object();
            line.put("scenario", "kafka");
            line.put("calls", st.calls());
            line.put("seconds", st.seconds());
            line.put("framesProduced", st.produced());
            line.put("framesWritten", st.written());
            line.put("duplicates", st.duplicates());
            line.put("missing", st.missing());
            line.put("p50Ms", JsonOutput.round(st.p50(), 3));
            line.put("p99Ms", JsonOutput.round(st.p99(), 3));
            line.put("maxMs", JsonOutput.round(st.max(), 3));
            line.put("kafkaP50Ms", JsonOutput.round(st.kafkaP50(), 3));
            line.put("kafkaP99Ms", JsonOutput.round(st.kafkaP99(), 3));
            line.put("writeP50Ms", JsonOutput.round(st.writeP50(), 3));
            line.put("writeP99Ms", JsonOutput.round(st.writeP99(), 3));
            line.put("commitP50Ms", JsonOutput.round(st.commitP50(), 3));
            line.put("commitP99Ms", JsonOutput.round(st.commitP99(), 3));
            line.put("firstFrameP50Ms", JsonOutput.round(st.firstFrameP50(), 3));
            line.put("firstFrameMaxMs", JsonOutput.round(st.firstFrameMax(), 3));
            line.put("firstQuarterP50Ms", JsonOutput.round(st.earlyP50(), 3));
            line.put("lastQuarterP50Ms", JsonOutput.round(st.lateP50(), 3));
            line.put("lastQuarterP99Ms", JsonOutput.round(st.lateP99(), 3));
            line.put("producerLateP50Ms", JsonOutput.round(st.producerLateP50(), 3));
            line.put("producerLateP99Ms", JsonOutput.round(st.producerLateP99(), 3));
            line.put("drainMs", st.drainMillis());
            line.put("processCpuPercent", JsonOutput.round(st.processCpuPercent(), 3));
            line.put("loadAverage", JsonOutput.round(st.loadAverage(), 3));
            line.put("keptUp", st.keptUp());
            json.line(line);
            ObjectNode brief = stepsJson.addObject();
            brief.put("calls", st.calls());
            brief.put("p50Ms", JsonOutput.round(st.p50(), 3));
            brief.put("p99Ms", JsonOutput.round(st.p99(), 3));
            brief.put("maxMs", JsonOutput.round(st.max(), 3));
            brief.put("keptUp", st.keptUp());
        }
        ObjectNode summary = json.object();
        summary.put("summary", true);
        summary.put("scenario", "kafka");
        summary.put("availableProcessors", cores);
        summary.put("javaVersion", System.getProperty("java.version"));
        summary.put("secondsPerStep", s.duration().toSeconds());
        summary.put("maxCallsKeptUp", max);
        summary.set("steps", stepsJson);
        json.line(summary);
    }

    /**
     * {@code kafka [--calls=N[,M,...]] [--duration=60s] [--warmup=10s] [--yaml]}: without {@code --calls} it ramps
     * 5, 10, 20, 40, ... and stops at the first step that falls behind; with it, it runs the listed steps.
     */
    public static void main(String[] args) throws Exception {
        List<Integer> steps = DEFAULT_RAMP;
        boolean ramp = true;
        Duration duration = Duration.ofSeconds(60);
        Duration warmup = Duration.ofSeconds(10);
        boolean yaml = false;
        for (String arg : args) {
            if (arg.startsWith("--calls=")) {
                steps = Arrays.stream(arg.substring("--calls=".length()).split(",")).map(String::trim).map(Integer::valueOf).toList();
                ramp = false;
            } else if (arg.startsWith("--duration=")) {
                duration = SoakScenario.parseDuration(arg.substring("--duration=".length()));
            } else if (arg.startsWith("--warmup=")) {
                warmup = SoakScenario.parseDuration(arg.substring("--warmup=".length()));
            } else if (arg.equals("--yaml")) {
                yaml = true;
            } else if (arg.startsWith("--jmh-log=")) {
                continue; // passed by benchmarks/run for the other benchmarks
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + "; use --calls=N (or N,M,...), --duration=60s, --warmup=10s, --yaml");
            }
        }
        Settings settings = new Settings(steps, duration, warmup, yaml, ramp);
        List<Step> result = new KafkaScenario(settings, System.err).run();
        print(result, settings, System.out, new JsonOutput(System.out));
        System.out.flush();
        System.exit(0);
    }
}
