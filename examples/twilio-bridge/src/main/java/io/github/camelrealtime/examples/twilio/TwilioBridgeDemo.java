package io.github.camelrealtime.examples.twilio;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.audio.AudioConverter;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;

/**
 * {@code -Pdemo}: starts the bridge and places one simulated phone call against it ({@link ScriptedTwilioCall}): the
 * caller hears the greeting, asks a spoken question ("What is the capital of France?", mu-law 20 ms frames at
 * real-time pace), talks over the answer once (barge-in), presses a key, and hangs up. Prints what happened and exits
 * 0 when the call went as expected.
 */
public final class TwilioBridgeDemo {

    /** The bundled question, 24 kHz pcm16 WAV: "What is the capital of France?". */
    static final String QUESTION = "question.wav";

    private TwilioBridgeDemo() {
    }

    public static void main(String[] args) throws Exception {
        boolean ok = run(TwilioBridgeSettings.fromEnvironment(System.getenv()).withPort(0), System.out);
        System.exit(ok ? 0 : 1);
    }

    /** The bundled question as mu-law 8 kHz. */
    public static byte[] questionMulaw() {
        try (InputStream in = TwilioBridgeDemo.class.getClassLoader().getResourceAsStream(QUESTION)) {
            if (in == null) {
                throw new IllegalStateException(QUESTION + " is missing from the classpath");
            }
            return AudioConverter.toFormat(in.readAllBytes(), AudioFormat.PCM16, AudioFormat.G711_ULAW);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean run(TwilioBridgeSettings settings, PrintStream out) throws Exception {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "twilio-call-clock");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newHttpClient();
        try (TwilioBridge bridge = TwilioBridge.start(settings, out)) {
            out.printf("The bridge listens on port %d (POST /incoming-call, WebSocket /media-stream, GET /, WebSocket /browser-stream).%n",
                    bridge.port());

            HttpResponse<String> twiml = http.send(HttpRequest.newBuilder(bridge.httpUri("/incoming-call"))
                    .POST(HttpRequest.BodyPublishers.ofString("CallSid=CA0001&From=%2B15550100&To=%2B15550199"))
                    .header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
            out.printf("Twilio's webhook POST /incoming-call answers (%d):%n  %s%n", twiml.statusCode(), twiml.body().replace("\n", "\n  "));

            byte[] question = questionMulaw();
            out.printf("Placing a simulated phone call to ws://127.0.0.1:%d/media-stream (the caller says \"What is the capital of France?\", %.2f s)...%n",
                    bridge.port(), question.length / 8000.0);
            ScriptedTwilioCall call = ScriptedTwilioCall.connect(http, bridge.webSocketUri("/media-stream"), "MZdemo0001",
                    "CAdemo0001", clock);
            Duration wait = Duration.ofSeconds(30);

            // 1. the greeting plays
            boolean greeted = ScriptedTwilioCall.await(() -> call.bytesReceived() > 0 && !call.isPlaying(), wait);
            long greetingMs = call.bytesReceived() / 8;

            // 2. the question, and the answer starts playing
            call.say(question);
            ScriptedTwilioCall.await(() -> !call.isSpeaking(), wait);
            long before = call.bytesPlayed();
            boolean answered = ScriptedTwilioCall.await(() -> call.bytesPlayed() - before >= 8 * 700, wait);

            // 3. the caller talks over the answer after 0.7 s of it: the bridge must clear and truncate
            call.say(question);
            boolean cleared = ScriptedTwilioCall.await(() -> call.clears() > 0, wait);
            ScriptedTwilioCall.await(() -> !call.isSpeaking(), wait);

            // 4. the answer to the interruption plays to the end
            long before2 = call.bytesReceived();
            ScriptedTwilioCall.await(() -> call.bytesReceived() > before2, wait);
            ScriptedTwilioCall.await(() -> !call.isPlaying(), wait);

            // 5. a key press, answered too
            long before3 = call.bytesReceived();
            call.dtmf("5");
            ScriptedTwilioCall.await(() -> call.bytesReceived() > before3, Duration.ofSeconds(10));
            ScriptedTwilioCall.await(() -> !call.isPlaying(), wait);

            call.hangUp();
            CallReport report = bridge.calls().report(call.streamSid());
            ScriptedTwilioCall.await(() -> report.isClosed(), Duration.ofSeconds(10));

            out.println();
            out.println("What the caller heard and did:");
            call.timeline().forEach(line -> out.println("  " + line));
            out.println();
            out.println("What the bridge did:");
            out.printf("  greeting: %s (%d ms of audio)%n", greeted ? "played" : "NOT heard", greetingMs);
            out.printf("  caller audio: %d frames of 20 ms in; assistant audio: %d media messages (%.2f s), each followed by a mark; %d of %d marks echoed%n",
                    report.framesIn(), report.mediaOut(), report.audioOutBytes() / 8000.0, report.marksAcknowledged(), report.marksSent());
            out.printf("  answers (response.done status): %s%n", report.responses());
            out.printf("  caller transcripts: %s%n", report.callerTranscripts());
            out.printf("  assistant transcripts: %s%n", report.assistantTranscripts());
            for (CallReport.BargeIn b : report.bargeIns()) {
                out.printf("  barge-in: 'clear' sent to Twilio; the caller had heard %d ms of the %d ms sent (last echoed mark %s);%n"
                           + "            interrupt sent with CamelFastRouterRealtimeAudioPlayedMs=%d%n",
                        b.playedMs(), b.sentMs(), call.lastMarkBeforeClear(), b.playedMs());
            }
            if (bridge.simulator() != null) {
                List<JsonNode> truncates = bridge.simulator().receivedEvents("conversation.item.truncate");
                truncates.forEach(t -> out.printf("  the server got conversation.item.truncate{item_id:%s, audio_end_ms:%d}%n",
                        t.path("item_id").asText(), t.path("audio_end_ms").asLong()));
            }
            out.printf("  DTMF digits: %s; session closed at stop: %s%n", report.digits(), report.isClosed());
            boolean ok = greeted && answered && cleared && report.isClosed() && !report.bargeIns().isEmpty()
                         && call.otherStreamMessages() == 0;
            out.println(ok ? "Done: the call went as expected." : "Something went wrong: see above.");
            return ok;
        } finally {
            clock.shutdownNow();
        }
    }
}
