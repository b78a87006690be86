package io.github.camelrealtime.examples.kafkapipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code -Pdemo} run: two pipeline instances (one with the YAML routes, one with the Java DSL routes) in one
 * consumer group, three interleaved simulated calls played into {@code call-audio} in real time, and one instance
 * stopped in the middle; prints per call the frames sent, the answers and transcripts received, and which instance
 * served it before and after the move. Exits 0 when every call got its answers.
 */
public final class KafkaPipelineDemo {

    public static final String GROUP_ID = "call-pipeline-demo";
    static final int PARTITIONS = 6;
    static final int UTTERANCES = 3;

    private KafkaPipelineDemo() {
    }

    public static void main(String[] args) throws Exception {
        Result result = run(PipelineSettings.fromEnvironment(System.getenv()), System.out);
        if (!result.ok()) {
            System.exit(1);
        }
    }

    /** Per call: what was sent, what came back, who served it. */
    public record CallResult(String call, int framesSent, int utterances, int utterancesAfterMove, List<AnswerListener.Answer> answers,
                             List<String> transcripts, List<String> servedBy) {
        public long answersAfterMoveFrom(String instance, long moveAt) {
            return answers.stream().filter(a -> a.receivedAt() > moveAt && a.instance().equals(instance)).count();
        }

        /** Every utterance said after the move was answered (more answers are fine: the one said across it, too). */
        boolean answered(String survivor, long moveAt) {
            return answersAfterMoveFrom(survivor, moveAt) >= utterancesAfterMove && answers.size() >= utterancesAfterMove;
        }
    }

    /**
     * @param stopped      the instance stopped mid-call
     * @param survivor     the instance left
     * @param moveAt       when it was stopped (epoch ms)
     * @param overlaps     frames of one call handled by two instances at once (must be empty)
     * @param openSessionsAfterCalls simulator sockets still open once every call ended (-1 without the simulator)
     */
    public record Result(List<CallResult> calls, String stopped, String survivor, long moveAt, List<String> overlaps,
                         List<String> revocations, int openSessionsAfterCalls, boolean ok) {
    }

    public static Result run(PipelineSettings settings, PrintStream out) throws Exception {
        EmbeddedKafka broker = null;
        RealtimeSimulator simulator = null;
        List<PipelineInstance> instances = new ArrayList<>();
        try {
            String bootstrap;
            if (settings.embeddedBroker()) {
                broker = EmbeddedKafka.start();
                bootstrap = broker.bootstrapServers();
                out.printf("No %s set: started an in-process Kafka broker (KRaft, no Docker) at %s.%n", PipelineSettings.BOOTSTRAP_ENV, bootstrap);
            } else {
                bootstrap = settings.bootstrapServers();
                out.printf("%s is set: using the Kafka brokers at %s.%n", PipelineSettings.BOOTSTRAP_ENV, bootstrap);
            }
            EmbeddedKafka.createTopics(bootstrap, PARTITIONS);
            skipOldFrames(bootstrap, out);

            PipelineInstance.RealtimeServer server;
            if (settings.useSimulator()) {
                simulator = RealtimeSimulator.builder().build().start();
                server = new PipelineInstance.RealtimeServer(simulator.baseUrl().toString(), simulator.apiKey(), settings.model());
                out.printf("No %s set: using the embedded Realtime SIMULATOR at %s.%n", PipelineSettings.API_KEY_ENV, simulator.baseUrl());
                out.println("  It answers each utterance with the caller's own audio and a simulated transcript.");
            } else {
                server = new PipelineInstance.RealtimeServer(settings.baseUrl(), settings.apiKey(), settings.model());
                out.printf("%s is set: using %s, model %s.%n", PipelineSettings.API_KEY_ENV,
                        settings.baseUrl() == null ? "FastRouter" : settings.baseUrl(), settings.model());
            }

            CallLedger ledger = new CallLedger(out);
            out.printf("Starting two pipeline instances in consumer group %s (%d partitions of call-audio):%n", GROUP_ID, PARTITIONS);
            instances.add(PipelineInstance.start("instance-a", bootstrap, server, GROUP_ID, true, ledger));
            instances.add(PipelineInstance.start("instance-b", bootstrap, server, GROUP_ID, false, ledger));
            if (!await(30_000, () -> !ledger.assigned("instance-a").isEmpty() && !ledger.assigned("instance-b").isEmpty())) {
                throw new IllegalStateException("the two instances did not both get partitions within 30 s");
            }
            for (PipelineInstance i : instances) {
                out.printf("  %s (%s routes) holds %s%n", i.name(), i.name().equals("instance-a") ? "YAML" : "Java DSL",
                        CallLedger.partitions(ledger.assigned(i.name())));
            }

            List<SimulatedCalls.Call> calls = List.of(
                    new SimulatedCalls.Call("call-alice", SimulatedCalls.speech(1), UTTERANCES, 0, 2000),
                    new SimulatedCalls.Call("call-bob", SimulatedCalls.speech(2), UTTERANCES, 500, 2000),
                    new SimulatedCalls.Call("call-carol", SimulatedCalls.speech(3), UTTERANCES, 1000, 2000));
            try (AnswerListener listener = new AnswerListener(bootstrap)) {
                out.printf("Playing %d calls into call-audio: real speech, %d utterances each, 20 ms pcm16 frames in real time, interleaved ...%n",
                        calls.size(), UTTERANCES);
                SimulatedCalls.Played[] played = new SimulatedCalls.Played[1];
                Thread player = new Thread(() -> played[0] = SimulatedCalls.play(bootstrap, calls), "caller");
                long started = System.currentTimeMillis();
                player.start();

                // mid-call: once every call has its first answer, stop the instance serving the most calls
                await(20_000, () -> calls.stream().allMatch(c -> !listener.answers(c.id()).isEmpty()));
                PipelineInstance victim = instances.stream()
                        .max(Comparator.comparingInt((PipelineInstance i) -> i.tracker().liveCalls().size())
                                .thenComparing(PipelineInstance::name, Comparator.reverseOrder()))
                        .orElseThrow();
                PipelineInstance survivor = instances.get(victim == instances.get(0) ? 1 : 0);
                long moveAt = System.currentTimeMillis();
                out.printf("%.1f s: stopping %s mid-call (it serves %s); its partitions move to %s%n", (moveAt - started) / 1000d,
                        victim.name(), victim.tracker().liveCalls().keySet().stream().sorted().toList(), survivor.name());
                victim.close();
                instances.remove(victim);
                await(10_000, () -> ledger.assigned(survivor.name()).size() == PARTITIONS);
                out.printf("  %s now holds %s%n", survivor.name(), CallLedger.partitions(ledger.assigned(survivor.name())));

                player.join();
                SimulatedCalls.Played p = played[0];
                if (p == null || !p.errors.isEmpty()) {
                    throw new IllegalStateException("playing the calls failed: " + (p == null ? "no result" : p.errors));
                }
                Map<String, Integer> afterMove = new HashMap<>();
                for (SimulatedCalls.Call c : calls) {
                    afterMove.put(c.id(), (int) p.utteranceStarts(c.id()).stream().filter(t -> t > moveAt).count());
                }
                await(20_000, () -> calls.stream().allMatch(c -> listener.answers(c.id()).size() >= UTTERANCES));
                int open = -1;
                if (simulator != null) {
                    RealtimeSimulator sim = simulator;
                    // the calls' sessions are closed; the consumers open none of their own (openDefaultSession=false)
                    await(10_000, () -> sim.openConnections() == 0);
                    open = sim.openConnections();
                }

                List<CallResult> results = new ArrayList<>();
                boolean ok = ledger.overlaps().isEmpty();
                out.println("Per call:");
                for (SimulatedCalls.Call c : calls) {
                    CallResult r = new CallResult(c.id(), p.framesSent(c.id()), c.utterances(), afterMove.get(c.id()),
                            listener.answers(c.id()), listener.transcripts(c.id()), ledger.servedBy(c.id()));
                    results.add(r);
                    boolean answered = r.answered(survivor.name(), moveAt);
                    ok &= answered;
                    List<String> by = r.servedBy();
                    out.printf("  %s: %d frames sent (%d utterances, %d after the move), %d answers (%d after the move), served by %s%s%n",
                            r.call(), r.framesSent(), r.utterances(), r.utterancesAfterMove(), r.answers().size(),
                            r.answers().stream().filter(a -> a.receivedAt() > moveAt).count(),
                            by.isEmpty() ? "nobody" : by.get(0),
                            by.size() > 1 ? " before the move, " + String.join(" then ", by.subList(1, by.size())) + " after it"
                                    : " throughout (not moved)");
                    for (String t : r.transcripts()) {
                        out.printf("      transcript: \"%s\"%n", t);
                    }
                    if (!answered) {
                        out.printf("      MISSING answers: %d utterance(s) after the move, %d answer(s) from %s after it%n",
                                r.utterancesAfterMove(), r.answersAfterMoveFrom(survivor.name(), moveAt), survivor.name());
                    }
                }
                out.printf("Frames of one call handled by two instances at once: %s%n",
                        ledger.overlaps().isEmpty() ? "none" : ledger.overlaps());
                if (open >= 0) {
                    out.printf("Realtime sessions still open after the calls ended: %d (every call's was closed by CallEnded=true; "
                               + "the consumers hold none of their own: openDefaultSession=false)%n", open);
                }
                out.println(ok ? "Done: every call got its answers." : "FAILED: some call did not get its answers.");
                ledger.quiet();
                return new Result(results, victim.name(), survivor.name(), moveAt, ledger.overlaps(), ledger.revocations(), open, ok);
            }
        } finally {
            for (PipelineInstance i : instances) {
                i.close();
            }
            if (simulator != null) {
                simulator.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** On a real broker, frames of earlier runs stay in call-audio: start the demo's group at the end of the topic. */
    private static void skipOldFrames(String bootstrap, PrintStream out) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of("call-audio")).allTopicNames().get(30, TimeUnit.SECONDS).get("call-audio").partitions()
                    .forEach(p -> latest.put(new TopicPartition("call-audio", p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = new LinkedHashMap<>();
            long old = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                    : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
                ends.put(e.getKey(), new OffsetAndMetadata(e.getValue().offset()));
                old += e.getValue().offset();
            }
            if (old > 0) {
                admin.alterConsumerGroupOffsets(GROUP_ID, ends).all().get(30, TimeUnit.SECONDS);
                out.printf("  call-audio holds %d frames of earlier runs: group %s starts after them%n", old, GROUP_ID);
            }
        }
    }

    static boolean await(long millis, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000d);
    }
}
