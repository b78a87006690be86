package io.github.camelrealtime.examples.twilio;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.github.camelrealtime.examples.twilio.ScriptedTwilioCall.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Whole calls through the bridge, placed by {@link ScriptedTwilioCall} at real-time pace, against the simulator. */
class TwilioBridgeCallTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TwilioBridge bridge;
    private static RealtimeSimulator sim;
    private static ScheduledExecutorService clock;
    private static HttpClient http;
    private static byte[] question;

    @BeforeAll
    static void start() throws Exception {
        bridge = TwilioBridge.start(TwilioBridgeSettings.simulator().withGreeting("Say: Hi"), System.out);
        sim = bridge.simulator();
        clock = Executors.newScheduledThreadPool(2);
        http = HttpClient.newHttpClient();
        question = TwilioBridgeDemo.questionMulaw();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
        clock.shutdownNow();
    }

    private static ScriptedTwilioCall call(String sid) {
        return ScriptedTwilioCall.connect(http, bridge.webSocketUri("/media-stream"), "MZ" + sid, "CA" + sid, clock);
    }

    @Test
    void wholeCallWithGreetingReplyMarksBargeInAndStop() throws Exception {
        int openBefore = sim.openConnections();
        ScriptedTwilioCall call = call("whole");
        assertThat(await(() -> call.bytesReceived() > 0 && !call.isPlaying(), WAIT)).as("greeting played").isTrue();
        assertThat(sim.openConnections()).isEqualTo(openBefore + 1);

        call.say(question);
        assertThat(await(() -> !call.isSpeaking(), WAIT)).isTrue();
        long playedBefore = call.bytesPlayed();
        assertThat(await(() -> call.bytesPlayed() - playedBefore >= 8 * 600, WAIT)).as("600 ms of the reply played").isTrue();

        call.say(question); // talks over the reply
        assertThat(await(() -> call.clears() == 1, WAIT)).as("clear sent").isTrue();
        CallReport report = bridge.calls().report(call.streamSid());
        assertThat(await(() -> !sim.receivedEvents("conversation.item.truncate").isEmpty()
                               && report.bargeIns().size() == 1, WAIT)).isTrue();
        CallReport.BargeIn bargeIn = report.bargeIns().get(0);
        long echoedMs = Long.parseLong(call.lastMarkBeforeClear().replaceAll(".*-", ""));
        assertThat(bargeIn.playedMs()).as("played = the last echoed mark").isEqualTo(echoedMs).isBetween(500L, 1700L);
        assertThat(await(() -> truncateOf(bargeIn.itemId()) != null, WAIT)).isTrue();
        assertThat(truncateOf(bargeIn.itemId()).path("audio_end_ms").asLong()).as("truncated where the caller stopped hearing")
                .isEqualTo(Math.min(bargeIn.playedMs(), bargeIn.sentMs()));

        assertThat(await(() -> !call.isSpeaking(), WAIT)).isTrue();
        long receivedBefore = call.bytesReceived();
        assertThat(await(() -> call.bytesReceived() > receivedBefore && !call.isPlaying(), WAIT)).as("second reply played").isTrue();
        call.hangUp();

        assertThat(await(report::isClosed, WAIT)).as("session closed on stop").isTrue();
        assertThat(await(() -> sim.openConnections() == openBefore, WAIT)).isTrue();
        assertThat(call.otherStreamMessages()).isZero();
        assertThat(call.mediaReceived()).isEqualTo(report.mediaOut());
        assertThat(report.marksAcknowledged()).as("marks answered").isGreaterThan(10);
        assertThat(report.framesIn()).isEqualTo(call.framesSent());
        assertThat(report.callSid()).isEqualTo("CAwhole");
        assertThat(report.responses()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(report.callerTranscripts()).hasSize(2).allMatch(t -> t.startsWith("[simulated transcript of"));
        // mu-law end to end: the simulator echoes the caller's audio, so the reply holds the question's exact bytes
        assertThat(indexOf(call.receivedAudio(), Arrays.copyOfRange(question, 8000, 8160))).isNotNegative();
    }

    @Test
    void malformedAndUnknownMessagesAreSkippedAndTheCallGoesOn() throws Exception {
        ScriptedTwilioCall call = call("junk");
        assertThat(await(() -> call.bytesReceived() > 0 && !call.isPlaying(), WAIT)).isTrue();
        call.sendRaw("not json at all");
        call.sendRaw("{\"event\":\"media\",\"streamSid\":\"MZjunk\"}");
        call.sendRaw("{\"event\":\"media\",\"streamSid\":\"MZsomeoneElse\",\"media\":{\"payload\":\"/w==\"}}");
        call.sendBinary(new byte[] {1, 2, 3});
        call.sendRaw("{\"event\":\"transcription\",\"streamSid\":\"MZjunk\"}");
        call.sendRaw("{\"event\":\"mark\",\"streamSid\":\"MZjunk\",\"mark\":{\"name\":\"never-sent\"}}");
        long before = call.bytesReceived();
        call.say(question);
        assertThat(await(() -> call.bytesReceived() > before + 8 * 1000, WAIT)).as("the question is still answered").isTrue();
        call.hangUp();
        CallReport report = bridge.calls().report(call.streamSid());
        assertThat(await(report::isClosed, WAIT)).isTrue();
        assertThat(report.malformed()).isEqualTo(4);
        assertThat(report.unknown()).isEqualTo(1);
        assertThat(report.framesIn()).isEqualTo(call.framesSent());
    }

    @Test
    void tenCallsAtOnceStaySeparate() throws Exception {
        int connectionsBefore = sim.connectionCount();
        List<ScriptedTwilioCall> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(call("ten" + i));
        }
        for (ScriptedTwilioCall c : calls) {
            assertThat(await(() -> c.bytesReceived() > 0 && !c.isPlaying(), WAIT)).isTrue();
        }
        for (int i = 0; i < 10; i++) {
            // each caller says a different part of the question, so each echo is its own
            calls.get(i).say(Arrays.copyOfRange(question, 0, 8000 + i * 800));
        }
        for (ScriptedTwilioCall c : calls) {
            long greeting = 8 * 120;
            assertThat(await(() -> c.bytesReceived() > greeting + 8 * 500 && !c.isSpeaking() && !c.isPlaying(), WAIT)).isTrue();
        }
        calls.forEach(ScriptedTwilioCall::hangUp);
        assertThat(sim.connectionCount() - connectionsBefore).as("one realtime session per call").isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            ScriptedTwilioCall c = calls.get(i);
            CallReport report = bridge.calls().report(c.streamSid());
            assertThat(await(report::isClosed, WAIT)).isTrue();
            assertThat(c.otherStreamMessages()).isZero();
            assertThat(report.callSid()).isEqualTo(c.callSid());
            assertThat(report.framesIn()).isEqualTo(c.framesSent());
            assertThat(report.mediaOut()).isEqualTo(c.mediaReceived());
            long expectedMs = (8000 + i * 800) / 8;
            String transcript = report.callerTranscripts().get(0);
            double seconds = Double.parseDouble(transcript.replaceAll("[^0-9.]", "").replaceAll("\\.$", ""));
            assertThat(seconds * 1000).as("call %d heard its own length", i).isBetween(expectedMs - 500.0, expectedMs + 100.0);
        }
    }

    @Test
    void dtmfDigitsReachTheRouteAndTheModel() throws Exception {
        ScriptedTwilioCall call = call("dtmf");
        assertThat(await(() -> call.bytesReceived() > 0 && !call.isPlaying(), WAIT)).isTrue();
        long before = call.bytesReceived();
        call.dtmf("7");
        assertThat(await(() -> call.bytesReceived() > before, WAIT)).as("answered").isTrue();
        CallReport report = bridge.calls().report(call.streamSid());
        assertThat(await(() -> report.assistantTranscripts().size() == 2, WAIT)).isTrue();
        call.hangUp();
        assertThat(await(report::isClosed, WAIT)).isTrue();
        assertThat(report.digits()).containsExactly("7");
        assertThat(sim.receivedEvents("conversation.item.create").stream().map(JsonNode::toString))
                .anyMatch(s -> s.contains("pressed the key 7"));
        assertThat(report.assistantTranscripts()).contains("echo: The caller pressed the key 7 on the phone keypad.");
    }

    @Test
    void incomingCallAnswersTwimlThatConnectsTheStream() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(bridge.httpUri("/incoming-call"))
                .POST(HttpRequest.BodyPublishers.ofString("CallSid=CA1")).header("Content-Type", "application/x-www-form-urlencoded").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
        assertThat(r.body()).contains("<Response><Connect><Stream url=\"wss://127.0.0.1:" + bridge.port() + "/media-stream\"/></Connect></Response>");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(bridge.httpUri("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/browser-stream");
    }

    private static JsonNode truncateOf(String itemId) {
        return sim.receivedEvents("conversation.item.truncate").stream().filter(t -> t.path("item_id").asText().equals(itemId))
                .findFirst().orElse(null);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
