package io.github.camelrealtime.examples.twilio;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The bridge's added latency with N simulated calls at real-time pace (default 50), against the embedded simulator:
 * a caller frame from its arrival on {@code /media-stream} to its append written on the Realtime socket, and a reply
 * delta from its consumer exchange (read from the Realtime socket) to its {@code media} message written to Twilio.
 * Not a CI test: see {@link #fiftyCalls()} for the command.
 */
class TwilioBridgeLatencyBenchmark {

    /** {@code mvn -B -pl examples/twilio-bridge -am verify -Dtest=TwilioBridgeLatencyBenchmark -Dtwilio.benchmark=true
     * -Dsurefire.failIfNoSpecifiedTests=false} (output in target/surefire-reports/…-output.txt). */
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "twilio.benchmark", matches = "true")
    void fiftyCalls() throws Exception {
        run(Integer.getInteger("twilio.benchmark.calls", 50));
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 50);
        System.exit(0);
    }

    static void run(int calls) throws Exception {
        ConcurrentLinkedQueue<Long> in = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> out = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        HttpClient http = HttpClient.newHttpClient();
        byte[] question = TwilioBridgeDemo.questionMulaw();
        try (TwilioBridge bridge = TwilioBridge.start(TwilioBridgeSettings.simulator().withGreeting(null), System.out)) {
            bridge.calls().latencyListener(new CallBridge.LatencyListener() {
                @Override
                public void callerFrameWritten(long nanos) {
                    in.add(nanos);
                }

                @Override
                public void replyAudioSent(long millis) {
                    out.add(millis);
                }
            });
            List<ScriptedTwilioCall> all = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                all.add(ScriptedTwilioCall.connect(http, bridge.webSocketUri("/media-stream"), "MZbench" + i, "CAbench" + i, clock));
            }
            Thread.sleep(1000);
            in.clear();
            for (int round = 0; round < 2; round++) {
                all.forEach(c -> c.say(question));
                for (ScriptedTwilioCall c : all) {
                    ScriptedTwilioCall.await(() -> !c.isSpeaking(), Duration.ofSeconds(30));
                }
                for (ScriptedTwilioCall c : all) {
                    ScriptedTwilioCall.await(() -> !c.isPlaying(), Duration.ofSeconds(30));
                }
            }
            all.forEach(ScriptedTwilioCall::hangUp);
            long dropped = bridge.calls().reports().values().stream().mapToLong(CallReport::framesDropped).sum();
            System.out.printf("%d calls at real-time pace, %d caller frames, %d reply deltas, %d frames dropped%n", calls, in.size(),
                    out.size(), dropped);
            long[] a = in.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] b = out.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("caller frame arrival -> append written: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", pct(a, 50) / 1e6,
                    pct(a, 99) / 1e6, a.length == 0 ? 0 : a[a.length - 1] / 1e6);
            System.out.printf("reply delta read -> media written (ms resolution): p50 %d ms, p99 %d ms, max %d ms%n", pct(b, 50), pct(b, 99),
                    b.length == 0 ? 0 : b[b.length - 1]);
        } finally {
            clock.shutdownNow();
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
