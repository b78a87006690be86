package io.github.camelrealtime.fastrouter.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;

/**
 * Runs every benchmark and prints one JSON line per measurement on standard output, then, as the last line, a summary
 * with {@code sendRatio} and {@code receiveRatio} (component ÷ bare JDK, higher is better), the CPU ratios, the
 * openai-java ratios (when built in), the stream latency and scale figures ({@link StreamScenario},
 * {@link ScaleScenario}), the conversion real-time factors and the codec ratios. Arguments: {@code --load-only},
 * {@code --jmh-only}, {@code --quick} (small sizes, one iteration: a smoke run, not a measurement),
 * {@code --only=send|receive|streams|scale}, {@code --threads}, {@code --jmh-log=PATH}. With {@code soak} it runs only the
 * {@link SoakScenario} (its own arguments: {@code --duration=3m}, {@code --sessions=200}, ...); with {@code kafka} only
 * the {@link KafkaScenario} ({@code --calls=N}, {@code --duration=60s}, ...).
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /** Latency and real-time streams at 1, 100 and 500 sessions, component then bare JDK at each. */
    private static void streams(RealtimeSimulator simulator, JsonOutput out, ObjectNode summary, boolean quick)
            throws Exception {
        int[] counts = quick ? new int[] {1, 5} : new int[] {1, 100, 500};
        if (System.getProperty("bench.streams") != null) {
            counts = java.util.Arrays.stream(System.getProperty("bench.streams").split(",")).mapToInt(Integer::parseInt).toArray();
        }
        StreamScenario scenario = new StreamScenario(simulator, quick ? 2 : 5);
        for (int sessions : counts) {
            JsonOutput.progress("streams: " + sessions + " sessions, both ways at real-time pace");
            StreamScenario.Figures[] both = scenario.interleaved(sessions);
            StreamScenario.Figures component = both[0];
            StreamScenario.Figures bare = both[1];
            for (StreamScenario.Figures f : List.of(component, bare)) {
                ObjectNode line = out.object();
                line.put("benchmark", "streams");
                line.put("client", f.client());
                line.put("sessions", sessions);
                line.put("chunksEachWay", f.chunksExpected());
                line.put("deltasMeasured", f.receiveNanos().length);
                line.put("appendsMeasured", f.sendNanos().length);
                for (double p : new double[] {50, 99, 99.9}) {
                    String name = p == 99.9 ? "P999" : "P" + (int) p;
                    line.put("receive" + name + "Micros", JsonOutput.round(f.receivePercentileMicros(p), 4));
                    line.put("send" + name + "Micros", JsonOutput.round(f.sendPercentileMicros(p), 4));
                }
                line.put("lateChunks", f.lateChunks());
                line.put("pacingJitterP99Millis", JsonOutput.round(f.jitterP99Millis(), 3));
                out.line(line);
            }
            ObjectNode added = out.object();
            added.put("benchmark", "streamsAddedLatency");
            added.put("sessions", sessions);
            for (double p : new double[] {50, 99, 99.9}) {
                String name = p == 99.9 ? "P999" : "P" + (int) p;
                added.put("receive" + name + "AddedMicros",
                        JsonOutput.round(component.receivePercentileMicros(p) - bare.receivePercentileMicros(p), 4));
                added.put("send" + name + "AddedMicros",
                        JsonOutput.round(component.sendPercentileMicros(p) - bare.sendPercentileMicros(p), 4));
            }
            out.line(added);
            // the fields name 100 and 500 sessions: those counts when run (the last run of each), else the middle and
            // largest count (--quick)
            boolean middle = has(counts, 100) ? sessions == 100 : counts.length > 1 && sessions == counts[counts.length - 2];
            boolean largest = has(counts, 500) ? sessions == 500 : sessions == counts[counts.length - 1];
            if (middle) {
                summary.put("p99AddedLatencyMicros100",
                        JsonOutput.round(component.receivePercentileMicros(99) - bare.receivePercentileMicros(99), 4));
                summary.put("p99AddedSendLatencyMicros100",
                        JsonOutput.round(component.sendPercentileMicros(99) - bare.sendPercentileMicros(99), 4));
            }
            if (largest) {
                summary.put("lateChunks500Streams", component.lateChunks());
                summary.put("pacingJitterP99Millis500Streams", JsonOutput.round(component.jitterP99Millis(), 3));
                summary.put("bareJdkLateChunks500Streams", bare.lateChunks());
            }
        }
    }

    private static boolean has(int[] counts, int count) {
        return Arrays.stream(counts).anyMatch(c -> c == count);
    }

    /** 1,000 and 5,000 idle keyed sessions: time to open, heap per session, threads. */
    private static void scale(RealtimeSimulator simulator, JsonOutput out, ObjectNode summary, boolean quick)
            throws Exception {
        int[] counts = quick ? new int[] {20, 50} : new int[] {1000, 5000};
        ScaleScenario scenario = new ScaleScenario(simulator);
        for (int sessions : counts) {
            JsonOutput.progress("scale: opening " + sessions + " idle keyed sessions");
            ScaleScenario.Figures f = scenario.run(sessions);
            double bare = scenario.bareJdkHeapPerSocketKB(sessions);
            ObjectNode line = out.object();
            line.put("benchmark", "idleSessions");
            line.put("sessions", sessions);
            line.put("openSeconds", JsonOutput.round(f.openSeconds(), 3));
            line.put("heapPerSessionKB", JsonOutput.round(f.heapPerSessionKB(), 3));
            line.put("bareJdkHeapPerSocketKB", JsonOutput.round(bare, 3));
            line.put("threads", f.threads());
            line.put("failed", f.failed());
            out.line(line);
            if (sessions == counts[0]) {
                summary.put("threadsAt1000Sessions", f.threads());
                summary.put("heapPerSessionKB1000", JsonOutput.round(f.heapPerSessionKB(), 3));
                summary.put("openSeconds1000Sessions", JsonOutput.round(f.openSeconds(), 3));
            } else {
                summary.put("heapPerSessionKB", JsonOutput.round(f.heapPerSessionKB(), 3));
                summary.put("bareJdkHeapPerSocketKB", JsonOutput.round(bare, 3));
                summary.put("threadsAt5000Sessions", f.threads());
                summary.put("openSeconds5000Sessions", JsonOutput.round(f.openSeconds(), 3));
            }
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (Arrays.asList(args).contains("soak")) {
            // the soak scenario is a run of its own: benchmarks/run soak [--duration=3m] ...
            SoakScenario.main(Arrays.stream(args).filter(a -> !a.equals("soak")).toArray(String[]::new));
            return;
        }
        if (Arrays.asList(args).contains("kafka")) {
            // benchmarks/run kafka [--calls=N] [--duration=60s]: calls through Kafka at real-time pace
            KafkaScenario.main(Arrays.stream(args).filter(a -> !a.equals("kafka")).toArray(String[]::new));
            return;
        }
        Set<String> flags = Set.of(args);
        boolean quick = flags.contains("--quick");
        boolean load = !flags.contains("--jmh-only");
        boolean throughput = load;
        boolean streams = load;
        boolean scale = load;
        boolean jmh = !flags.contains("--load-only");
        String only = null;
        Path jmhLog = Path.of(System.getProperty("java.io.tmpdir"), "camel-fastrouter-realtime-jmh.log");
        for (String arg : args) {
            if (arg.startsWith("--jmh-log=")) {
                jmhLog = Path.of(arg.substring("--jmh-log=".length()));
            } else if (arg.equals("--threads")) {
                LoadScenarios.threadBreakdown = true;
            } else if (arg.startsWith("--only=")) {
                only = arg.substring("--only=".length());
            } else if (!arg.equals("--quick") && !arg.equals("--load-only") && !arg.equals("--jmh-only")) {
                throw new IllegalArgumentException("unknown argument " + arg
                        + "; use --load-only, --jmh-only, --quick, --only=send|receive|streams|scale, --threads, --jmh-log=PATH");
            }
        }

        JsonOutput out = new JsonOutput(System.out);
        ObjectNode summary = out.object();
        summary.put("summary", true);
        summary.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        summary.put("javaVersion", System.getProperty("java.version"));
        if (load) {
            LoadScenarios.Settings settings = quick
                    ? new LoadScenarios.Settings(30, 15, 100, 1, 1)
                    : new LoadScenarios.Settings(1800, 1200, 100, 1, 5);
            if (only != null) {
                throughput = only.equals("send") || only.equals("receive");
                streams = only.equals("streams");
                scale = only.equals("scale");
                if (throughput) {
                    settings = settings.only(only);
                }
            }
            try (RealtimeSimulator simulator = RealtimeSimulator.builder()
                    .serverVadByDefault(false)
                    .recordAudioPayloads(false)
                    .build()
                    .start()) {
                List<LoadScenarios.Outcome> outcomes = throughput ? new LoadScenarios(simulator, settings, out).run() : List.of();
                for (LoadScenarios.Outcome outcome : outcomes) {
                    String prefix = outcome.scenario().replace("Throughput", "");
                    summary.put(prefix + "Ratio", JsonOutput.round(outcome.ratio(), 3));
                    summary.put(prefix + "ComponentAudioSecondsPerSecond", JsonOutput.round(outcome.component(), 4));
                    summary.put(prefix + "BareJdkAudioSecondsPerSecond", JsonOutput.round(outcome.bareJdk(), 4));
                    if (!Double.isNaN(outcome.cpuRatio())) {
                        summary.put(prefix + "CpuRatio", JsonOutput.round(outcome.cpuRatio(), 3));
                    }
                    LoadScenarios.Medians openAi = outcome.others().get("openaiJava");
                    String cap = Character.toUpperCase(prefix.charAt(0)) + prefix.substring(1);
                    if (openAi != null) {
                        summary.put("openaiJava" + cap + "Ratio", JsonOutput.round(outcome.component() / openAi.rate(), 3));
                        summary.put("openaiJava" + cap + "CpuRatio", JsonOutput.round(openAi.cpu() / outcome.componentCpu(), 3));
                        summary.put("openaiJava" + cap + "CpuMillisPerAudioSecond", JsonOutput.round(openAi.cpu(), 3));
                        summary.put("openaiJava" + cap + "AllocatedBytesPerAudioSecond", Math.round(openAi.allocated()));
                    }
                    LoadScenarios.Medians own = outcome.others().get("component");
                    summary.put(prefix + "ComponentAllocatedBytesPerAudioSecond", Math.round(own.allocated()));
                }
                if (streams) {
                    streams(simulator, out, summary, quick);
                }
                if (scale) {
                    scale(simulator, out, summary, quick);
                }
            }
        }
        if (jmh) {
            Files.createDirectories(jmhLog.toAbsolutePath().getParent());
            JmhSuite.Figures figures = new JmhSuite(out, jmhLog, quick).run();
            summary.put("wavToPcm16RealtimeFactor", JsonOutput.round(figures.wavToPcm16RealtimeFactor(), 4));
            summary.put("pcm16ToUlawRealtimeFactor", JsonOutput.round(figures.pcm16ToUlawRealtimeFactor(), 4));
            summary.put("codecEncodeRatio", JsonOutput.round(figures.codecEncodeRatio(), 3));
            summary.put("codecDecodeRatio", JsonOutput.round(figures.codecDecodeRatio(), 3));
        }
        if (quick) {
            summary.put("quick", true);
        }
        out.line(summary);
        // Camel, HttpClient and simulator threads must not keep the JVM alive
        System.exit(0);
    }
}
