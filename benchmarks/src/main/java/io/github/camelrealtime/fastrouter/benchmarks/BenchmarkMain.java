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
 * with {@code sendRatio} and {@code receiveRatio} (component ÷ bare JDK, higher is better), the conversion real-time
 * factors and the codec ratios. Arguments: {@code --load-only}, {@code --jmh-only}, {@code --quick} (small sizes,
 * one iteration: a smoke run, not a measurement), {@code --jmh-log=PATH}. With {@code soak} it runs only the
 * {@link SoakScenario} (its own arguments: {@code --duration=3m}, {@code --sessions=200}, ...).
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (Arrays.asList(args).contains("soak")) {
            // the soak scenario is a run of its own: benchmarks/run soak [--duration=3m] ...
            SoakScenario.main(Arrays.stream(args).filter(a -> !a.equals("soak")).toArray(String[]::new));
            return;
        }
        Set<String> flags = Set.of(args);
        boolean quick = flags.contains("--quick");
        boolean load = !flags.contains("--jmh-only");
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
                        + "; use --load-only, --jmh-only, --quick, --only=send|receive, --jmh-log=PATH");
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
                settings = settings.only(only);
            }
            try (RealtimeSimulator simulator = RealtimeSimulator.builder()
                    .serverVadByDefault(false)
                    .recordAudioPayloads(false)
                    .build()
                    .start()) {
                List<LoadScenarios.Outcome> outcomes = new LoadScenarios(simulator, settings, out).run();
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
