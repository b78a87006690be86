package io.github.camelrealtime.fastrouter.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;

/**
 * The loopback load scenarios: the component and a bare JDK WebSocket client ({@link BareJdkClient}) do the same work
 * against one embedded {@link RealtimeSimulator} in the same run, taking turns, after a warm-up of each.
 * <ul>
 * <li>{@code sendThroughput}: {@code sendAudioSeconds} of pcm16 sent as appends of {@code chunkMillis}; timed from the
 *     first send until the simulator has received every append.</li>
 * <li>{@code receiveThroughput}: {@code receiveAudioSeconds} of pcm16 appended and committed (not timed), then
 *     {@code response.create}; the simulator echoes the audio as 100 ms {@code response.output_audio.delta}s; timed
 *     until the client has decoded every byte of it.</li>
 * </ul>
 * Each run reports audio seconds per wall second and the client side's CPU time and allocation per audio second
 * ({@link ClientThreadMeter}); the scenario reports the medians and the ratios.
 */
final class LoadScenarios {

    /** Sizes of the scenarios. */
    record Settings(int sendAudioSeconds, int receiveAudioSeconds, int chunkMillis, int warmups, int repetitions) {
        /** These sizes with only one scenario ({@code send} or {@code receive}): the other gets 0 audio seconds. */
        Settings only(String scenario) {
            return switch (scenario) {
                case "send" -> new Settings(sendAudioSeconds, 0, chunkMillis, warmups, repetitions);
                case "receive" -> new Settings(0, receiveAudioSeconds, chunkMillis, warmups, repetitions);
                default -> throw new IllegalArgumentException("--only=send or --only=receive, not " + scenario);
            };
        }
    }

    /**
     * Medians of one scenario: audio seconds per wall second and client CPU milliseconds per audio second, with the
     * throughput ratio (component ÷ bare JDK) and the CPU ratio (bare JDK ÷ component); higher is better for both.
     */
    record Outcome(String scenario, double component, double bareJdk, double ratio, double componentCpu, double bareJdkCpu,
                   double cpuRatio, Map<String, Medians> others) {
    }

    /** One further client's medians: audio seconds per second, CPU ms and allocated bytes per audio second. */
    record Medians(double rate, double cpu, double allocated) {
    }

    /** The openai-java client when it was built in (Maven profile {@code openai-java}), else null. */
    static LoadClient openAiJava(java.net.URI baseUrl, String apiKey, int chunkMillis) {
        try {
            Class<?> type = Class.forName(LoadScenarios.class.getPackageName() + ".OpenAiJavaClient");
            return (LoadClient) type.getConstructor(java.net.URI.class, String.class, int.class)
                    .newInstance(baseUrl, apiKey, chunkMillis);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the openai-java client", e);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String APPEND = "input_audio_buffer.append";

    private final RealtimeSimulator simulator;
    private final Settings settings;
    private final JsonOutput out;
    private final ClientThreadMeter meter = new ClientThreadMeter();

    LoadScenarios(RealtimeSimulator simulator, Settings settings, JsonOutput out) {
        this.simulator = simulator;
        this.settings = settings;
        this.out = out;
    }

    /** Runs both scenarios with the component and the bare JDK client. */
    List<Outcome> run() throws Exception {
        LoadClient openAi = openAiJava(simulator.baseUrl(), simulator.apiKey(), settings.chunkMillis());
        try (LoadClient component = new ComponentClient(simulator.baseUrl(), simulator.apiKey(), settings.chunkMillis());
             LoadClient bare = new BareJdkClient(simulator.baseUrl(), simulator.apiKey(), settings.chunkMillis())) {
            List<LoadClient> clients = new ArrayList<>(List.of(component, bare));
            if (openAi != null) {
                clients.add(openAi);
            } else {
                JsonOutput.progress("openai-java is not built in (Maven profile openai-java): measuring without it");
            }
            return run(clients);
        } finally {
            if (openAi != null) {
                openAi.close();
            }
        }
    }

    /**
     * Runs both scenarios with these clients (opened here, closed by the caller); the ratios compare the first
     * (the component) with the second (the baseline), further clients are measured alongside.
     */
    List<Outcome> run(List<LoadClient> clients) throws Exception {
        for (LoadClient client : clients) {
            client.open(TIMEOUT);
        }
        List<Outcome> outcomes = new ArrayList<>();
        if (settings.sendAudioSeconds() > 0) {
            byte[] sendAudio = SyntheticAudio.pcm16(settings.sendAudioSeconds() * 1000);
            outcomes.add(scenario("sendThroughput", clients, client -> sendRun(client, sendAudio)));
        }
        if (settings.receiveAudioSeconds() > 0) {
            byte[] receiveAudio = SyntheticAudio.pcm16(settings.receiveAudioSeconds() * 1000);
            outcomes.add(scenario("receiveThroughput", clients, client -> receiveRun(client, receiveAudio)));
        }
        return outcomes;
    }

    private interface Run {
        Timing run(LoadClient client) throws Exception;
    }

    /** Print each run's client CPU by thread group ({@code --threads}). */
    static boolean threadBreakdown;

    private record Timing(double audioSeconds, long nanos, ClientThreadMeter.Usage usage, long gcMillis,
                          Map<String, double[]> byGroup) {
        Timing(double audioSeconds, long nanos, ClientThreadMeter.Usage usage, long gcMillis) {
            this(audioSeconds, nanos, usage, gcMillis, Map.of());
        }

        double audioSecondsPerSecond() {
            return audioSeconds / (nanos / 1e9);
        }

        double cpuMillisPerAudioSecond() {
            return usage.cpuNanos() / 1e6 / audioSeconds;
        }
    }

    private Outcome scenario(String name, List<LoadClient> clients, Run run) throws Exception {
        JsonOutput.progress(name + ": warming up");
        for (int i = 0; i < settings.warmups(); i++) {
            for (LoadClient client : clients) {
                run.run(client);
            }
        }
        int n = clients.size();
        double[][] rates = new double[n][settings.repetitions()];
        double[][] cpu = new double[n][settings.repetitions()];
        double[][] allocated = new double[n][settings.repetitions()];
        for (int r = 0; r < settings.repetitions(); r++) {
            for (int c = 0; c < n; c++) {
                // rotate which client goes first, so a noisy moment does not always hit the same one
                int k = (c + r) % n;
                LoadClient client = clients.get(k);
                Timing timing = run.run(client);
                rates[k][r] = timing.audioSecondsPerSecond();
                cpu[k][r] = timing.cpuMillisPerAudioSecond();
                allocated[k][r] = timing.usage().allocatedBytes() / timing.audioSeconds();
                ObjectNode line = out.object();
                line.put("benchmark", name);
                line.put("client", client.name());
                line.put("run", r + 1);
                line.put("audioSeconds", timing.audioSeconds());
                line.put("wallSeconds", JsonOutput.round(timing.nanos() / 1e9, 4));
                line.put("audioSecondsPerSecond", JsonOutput.round(timing.audioSecondsPerSecond(), 4));
                if (meter.measuresCpu()) {
                    line.put("clientCpuMillisPerAudioSecond", JsonOutput.round(timing.cpuMillisPerAudioSecond(), 3));
                }
                if (meter.measuresAllocation()) {
                    line.put("clientAllocatedBytesPerAudioSecond",
                            Math.round(timing.usage().allocatedBytes() / timing.audioSeconds()));
                }
                line.put("gcMillis", timing.gcMillis());
                if (threadBreakdown) {
                    ObjectNode groups = line.putObject("cpuMillisByThread");
                    timing.byGroup().forEach((group, ms) -> groups.putArray(group).add(JsonOutput.round(ms[0], 3))
                            .add(JsonOutput.round(ms[1], 3)));
                }
                out.line(line);
            }
        }
        double component = median(rates[0]);
        double bare = median(rates[1]);
        double componentCpu = median(cpu[0]);
        double bareCpu = median(cpu[1]);
        Map<String, Medians> others = new java.util.LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            others.put(clients.get(k).name(), new Medians(median(rates[k]), median(cpu[k]), median(allocated[k])));
        }
        Outcome outcome = new Outcome(name, component, bare, component / bare, componentCpu, bareCpu,
                meter.measuresCpu() ? bareCpu / componentCpu : Double.NaN, others);
        ObjectNode line = out.object();
        line.put("benchmark", name);
        line.put("medianOf", settings.repetitions());
        line.put("componentAudioSecondsPerSecond", JsonOutput.round(component, 4));
        line.put("bareJdkAudioSecondsPerSecond", JsonOutput.round(bare, 4));
        line.put("ratio", JsonOutput.round(outcome.ratio(), 3));
        if (meter.measuresCpu()) {
            line.put("componentClientCpuMillisPerAudioSecond", JsonOutput.round(componentCpu, 3));
            line.put("bareJdkClientCpuMillisPerAudioSecond", JsonOutput.round(bareCpu, 3));
            line.put("cpuRatio", JsonOutput.round(outcome.cpuRatio(), 3));
        }
        for (int k = 0; k < n; k++) {
            line.put(clients.get(k).name() + "AllocatedBytesPerAudioSecond", Math.round(median(allocated[k])));
        }
        for (int k = 2; k < n; k++) {
            String other = clients.get(k).name();
            line.put(other + "AudioSecondsPerSecond", JsonOutput.round(median(rates[k]), 4));
            line.put(other + "Ratio", JsonOutput.round(component / median(rates[k]), 3));
            if (meter.measuresCpu()) {
                line.put(other + "ClientCpuMillisPerAudioSecond", JsonOutput.round(median(cpu[k]), 3));
                line.put(other + "CpuRatio", JsonOutput.round(median(cpu[k]) / componentCpu, 3));
            }
        }
        out.line(line);
        return outcome;
    }

    private Timing sendRun(LoadClient client, byte[] audio) throws Exception {
        simulator.clearHistory();
        int chunkBytes = AudioFormat.PCM16.bytesForMillis(settings.chunkMillis());
        int appends = (audio.length + chunkBytes - 1) / chunkBytes;
        ClientThreadMeter.Snapshot before = meter.snapshot();
        long gcBefore = gcMillis();
        long start = System.nanoTime();
        client.sendAudio(audio);
        require(simulator.awaitReceived(APPEND, appends, TIMEOUT), client, "the simulator to receive " + appends + " appends");
        long nanos = System.nanoTime() - start;
        ClientThreadMeter.Snapshot after = meter.snapshot();
        ClientThreadMeter.Usage usage = meter.between(before, after);
        long gc = gcMillis() - gcBefore;
        // empty the simulator's input buffer before the next run
        client.sendEvent(event("input_audio_buffer.clear"));
        require(simulator.awaitSent("input_audio_buffer.cleared", 1, TIMEOUT), client, "input_audio_buffer.cleared");
        requireNoErrors(client);
        return new Timing(audioSeconds(audio), nanos, usage, gc, meter.byGroup(before, after));
    }

    private Timing receiveRun(LoadClient client, byte[] audio) throws Exception {
        simulator.clearHistory();
        client.sendAudio(audio);
        client.sendEvent(event("input_audio_buffer.commit"));
        require(simulator.awaitSent("input_audio_buffer.committed", 1, TIMEOUT), client, "input_audio_buffer.committed");
        var received = client.expectAudio(audio.length);
        ClientThreadMeter.Snapshot before = meter.snapshot();
        long gcBefore = gcMillis();
        long start = System.nanoTime();
        client.sendEvent(event("response.create"));
        received.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long nanos = System.nanoTime() - start;
        ClientThreadMeter.Snapshot after = meter.snapshot();
        ClientThreadMeter.Usage usage = meter.between(before, after);
        long gc = gcMillis() - gcBefore;
        require(simulator.awaitSent("response.done", 1, TIMEOUT), client, "response.done");
        deleteConversation(client);
        requireNoErrors(client);
        return new Timing(audioSeconds(audio), nanos, usage, gc, meter.byGroup(before, after));
    }

    /** Deletes the items of the run (user audio, assistant echo), so the simulator's conversation does not grow. */
    private void deleteConversation(LoadClient client) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode committed : simulator.sentEvents("input_audio_buffer.committed")) {
            ids.add(committed.path("item_id").asText());
        }
        for (JsonNode done : simulator.sentEvents("response.done")) {
            for (JsonNode item : done.path("response").path("output")) {
                ids.add(item.path("id").asText());
            }
        }
        for (String id : ids) {
            client.sendEvent("{\"type\":\"conversation.item.delete\",\"item_id\":\"" + id + "\"}");
        }
        require(simulator.awaitSent("conversation.item.deleted", ids.size(), TIMEOUT), client, "conversation.item.deleted");
    }

    /** Time the JVM's collectors report (whole JVM, the simulator included; pauses and concurrent work as they count it). */
    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static double audioSeconds(byte[] pcm16) {
        return (double) pcm16.length / AudioFormat.PCM16.bytesPerSecond();
    }

    private static String event(String type) {
        return "{\"type\":\"" + type + "\"}";
    }

    private static void require(boolean condition, LoadClient client, String what) {
        if (!condition) {
            throw new IllegalStateException(client.name() + ": timed out waiting for " + what);
        }
    }

    /** The run's history is cleared at its start, so this covers exactly the run. */
    private void requireNoErrors(LoadClient client) {
        int errors = simulator.sentCount("error");
        if (errors > 0) {
            throw new IllegalStateException(client.name() + ": the simulator answered with " + errors + " error events: "
                    + simulator.sentEvents("error"));
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
