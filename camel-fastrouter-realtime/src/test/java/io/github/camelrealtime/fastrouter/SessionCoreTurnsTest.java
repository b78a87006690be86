package io.github.camelrealtime.fastrouter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.WavFiles;
import io.github.camelrealtime.fastrouter.session.RealtimeResponseTimeoutException;
import io.github.camelrealtime.fastrouter.session.RealtimeServerErrorException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, session core: against a server whose sessions report VAD off (as a compatible server may), the session
 * follows what the server says, and the turn queue never jams: every turn has a deadline that frees the conversation.
 */
class SessionCoreTurnsTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** How long past its timeout an exchange may take to fail on a small, busy machine. */
    private static final Duration MARGIN = Duration.ofSeconds(3);

    private final CountDownLatch toolRelease = new CountDownLatch(1);

    @AfterEach
    void releaseTool() {
        toolRelease.countDown();
    }

    private static String textUri(RealtimeSimulator sim, String name, String options) {
        return bareUri(sim, name, "dialect=ga&outputModalities=text&heartbeatInterval=1s&responseTimeout=" + TIMEOUT.toMillis()
                                  + (options == null ? "" : "&" + options));
    }

    private static String transcript(long millis) {
        return String.format(Locale.ROOT, "[simulated transcript of %.2f s of audio]", millis / 1000.0);
    }

    // ------------------------------------------------------------------ the server reports VAD off

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void vadOffReportedByTheServerWithTurnDetectionUnsetAnswersAudioAndWavWellWithinTheTimeout(String dialect) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        Duration timeout = Duration.ofSeconds(6);
        String uri = bareUri(sim, "vadoff-" + dialect, "dialect=" + dialect + "&responseTimeout=" + timeout.toMillis());
        byte[] speech = VadStreamingTest.speechPcm16();

        long start = System.nanoTime();
        Exchange raw = template.request(uri + "&replyFormat=audio", e -> e.getMessage().setBody(speech));
        Duration rawTook = Duration.ofNanos(System.nanoTime() - start);
        assertThat(raw.getException()).isNull();
        assertThat(raw.getMessage().getBody(byte[].class)).isEqualTo(speech);
        assertThat(raw.getMessage().getHeader(FastRouterRealtimeConstants.TRANSCRIPT, String.class))
                .isEqualTo(transcript(AudioFormat.PCM16.bytesToMillis(speech.length)));

        start = System.nanoTime();
        Exchange wav = template.request(uri, e -> e.getMessage().setBody(WavFiles.toWav(speech, AudioFormat.PCM16)));
        Duration wavTook = Duration.ofNanos(System.nanoTime() - start);
        assertThat(wav.getException()).isNull();
        byte[] wavReply = wav.getMessage().getBody(byte[].class);
        assertThat(WavFiles.isWav(wavReply)).isTrue();
        assertThat(wavReply).hasSize(44 + speech.length);

        // not at the timeout, and not after a client-side wait for a server commit that was said not to come
        assertThat(rawTook).isLessThan(timeout.dividedBy(2));
        assertThat(wavTook).isLessThan(timeout.dividedBy(2));
        assertThat(session("vadoff-" + dialect).effectiveSession().serverVad()).isFalse();
        assertThat(sim.awaitReceived("response.create", 2, WAIT)).isTrue();
        assertThat(sim.receivedEvents("input_audio_buffer.commit")).hasSize(2);
        assertThat(sim.sentEvents("error")).isEmpty();
    }

    // ------------------------------------------------------------------ finding 1: the turn queue never jams

    @Test
    void finding1HungResponseFailsTheInOutAtItsTimeoutAndTheNextInOnlyAndInOutComplete() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = textUri(sim, "hung-inout", null);
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");

        sim.hangNextResponses(1);
        long start = System.nanoTime();
        Exchange hung = template.request(uri, e -> e.getMessage().setBody("never answered"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(hung.getException()).isInstanceOf(RealtimeResponseTimeoutException.class);
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plus(MARGIN));
        // the timed-out turn cancelled what the server still ran
        assertThat(sim.awaitReceived("response.cancel", 1, WAIT)).isTrue();

        // an InOnly turn (a raw response.create) runs, and its response completes
        int doneBefore = sim.sentCount("response.done");
        template.sendBody(uri, "{\"type\":\"response.create\",\"response\":{\"instructions\":\"Say: in only\"}}");
        assertThat(sim.awaitSent("response.done", doneBefore + 1, WAIT)).isTrue();
        assertThat(sim.sentEvents("response.done").get(sim.sentCount("response.done") - 1).at("/response/status").asText())
                .isEqualTo("completed");

        start = System.nanoTime();
        assertThat(template.requestBody(uri, "next", String.class)).isEqualTo("echo: next");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
        assertThat(session("hung-inout").pendingTurns()).isZero();
        assertThat(sim.connectionCount()).isEqualTo(1);
    }

    @Test
    void finding1HungResponseOfAnInOnlyTurnFreesTheConversationAtItsDeadline() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = textUri(sim, "hung-inonly", null);
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");

        sim.hangNextResponses(1);
        long start = System.nanoTime();
        template.sendBody(uri, "{\"type\":\"response.create\",\"response\":{\"instructions\":\"Say: hangs\"}}");
        assertThat(sim.awaitSent("response.created", 2, WAIT)).isTrue();
        // not an await: the InOut must be submitted well after the InOnly turn, so that its own deadline comes
        // clearly after the InOnly turn's (both run responseTimeout from their submission)
        Thread.sleep(TIMEOUT.toMillis() / 2);
        Exchange next = template.request(uri, e -> e.getMessage().setBody("behind the hung one"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(next.getException()).isNull();
        assertThat(next.getMessage().getBody(String.class)).isEqualTo("echo: behind the hung one");
        // it waited for the InOnly turn's deadline, not longer
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plus(MARGIN));
        assertThat(sim.receivedEvents("response.cancel")).hasSize(1);
        assertThat(session("hung-inonly").pendingTurns()).isZero();
    }

    @Test
    void finding1ResponseCreateRejectedWithoutEventIdFailsWithinTheTimeoutAndTheNextCompletes() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = textUri(sim, "rejected", null);
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");

        sim.rejectNextResponseCreate("server_busy", "The server is busy, try again.", false);
        long start = System.nanoTime();
        Exchange rejected = template.request(uri, e -> e.getMessage().setBody("rejected"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // an error naming no event cannot be told apart from one about something else: the deadline ends the turn
        assertThat(rejected.getException()).isInstanceOfAny(RealtimeResponseTimeoutException.class, RealtimeServerErrorException.class);
        assertThat(took).isLessThan(TIMEOUT.plus(MARGIN));
        assertThat(sim.sentEvents("error")).hasSize(1);

        assertThat(template.requestBody(uri, "next", String.class)).isEqualTo("echo: next");
        assertThat(session("rejected").pendingTurns()).isZero();
    }

    @Test
    void finding1ToolRouteThatNeverAnswersFailsTheExchangeAtItsTimeoutAndTheNextCompletes() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:stuckTool").process(e -> toolRelease.await(60, TimeUnit.SECONDS)).setBody(constant("too late"));
            }
        });
        String uri = textUri(sim, "stuck-tool", "tools=classpath:tools/tools.json&toolRoute.get_weather=direct:stuckTool");

        long start = System.nanoTime();
        Exchange stuck = template.request(uri, e -> e.getMessage().setBody("get_weather for Oslo"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(stuck.getException()).isInstanceOf(RealtimeResponseTimeoutException.class);
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plus(MARGIN));

        assertThat(template.requestBody(uri, "next", String.class)).isEqualTo("echo: next");
        // the tool answers late: its output is not written into the conversation of later turns
        toolRelease.countDown();
        assertThat(template.requestBody(uri, "and then", String.class)).isEqualTo("echo: and then");
        assertThat(sim.receivedEvents("conversation.item.create"))
                .noneMatch(e -> e.at("/item/type").asText().equals("function_call_output"));
        assertThat(session("stuck-tool").pendingTurns()).isZero();
    }

    // ------------------------------------------------------------------ finding 8: abandoned audio is cleared

    @Test
    void finding8AudioOfAnUploadThatFailedIsClearedAndNotCommittedWithTheNextTurn() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = bareUri(sim, "cleared", "dialect=ga&turnDetection=none&replyFormat=audio&responseTimeout=" + TIMEOUT.toMillis());
        byte[] first = AudioInOutTest.tone(1000);
        int failAfter = AudioFormat.PCM16.bytesForMillis(400);
        InputStream breaking = new InputStream() {
            private final InputStream data = new ByteArrayInputStream(first);
            private int read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= failAfter) {
                    throw new IOException("the microphone went away");
                }
                int n = data.read(b, off, Math.min(len, failAfter - read));
                read += Math.max(0, n);
                return n;
            }
        };

        Exchange failed = template.request(uri, e -> e.getMessage().setBody(breaking));
        assertThat(failed.getException()).isNotNull();
        assertThat(causes(failed.getException())).anyMatch(t -> String.valueOf(t.getMessage()).contains("microphone"));
        assertThat(sim.awaitReceived("input_audio_buffer.clear", 1, WAIT)).isTrue();
        assertThat(sim.receivedEvents("input_audio_buffer.append")).as("part of the audio reached the server").isNotEmpty();
        assertThat(sim.receivedEvents("input_audio_buffer.commit")).isEmpty();

        byte[] second = AudioInOutTest.tone(600);
        Exchange next = template.request(uri, e -> e.getMessage().setBody(second));
        assertThat(next.getException()).isNull();
        assertThat(next.getMessage().getBody(byte[].class)).isEqualTo(second);
        assertThat(next.getMessage().getHeader(FastRouterRealtimeConstants.TRANSCRIPT, String.class)).isEqualTo(transcript(600));
    }

    @Test
    void finding8AudioOfAnUploadTimedOutMidwayIsClearedAndNotCommittedWithTheNextTurn() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        Duration timeout = Duration.ofSeconds(1);
        String uri = bareUri(sim, "paced", "dialect=ga&turnDetection=none&replyFormat=audio&paceRealtime=true&chunkMillis=100"
                                           + "&responseTimeout=" + timeout.toMillis());

        Exchange timedOut = template.request(uri, e -> e.getMessage().setBody(AudioInOutTest.tone(3000)));
        assertThat(timedOut.getException()).isInstanceOf(RealtimeResponseTimeoutException.class);
        assertThat(sim.awaitReceived("input_audio_buffer.clear", 1, WAIT)).isTrue();
        assertThat(sim.receivedEvents("input_audio_buffer.commit")).isEmpty();

        byte[] second = AudioInOutTest.tone(500);
        Exchange next = template.request(uri, e -> e.getMessage().setBody(second));
        assertThat(next.getException()).isNull();
        assertThat(next.getMessage().getBody(byte[].class)).isEqualTo(second);
        assertThat(next.getMessage().getHeader(FastRouterRealtimeConstants.TRANSCRIPT, String.class)).isEqualTo(transcript(500));
        // the rest of the abandoned upload was not written after the clear
        List<String> types = sim.lastConnection().received().stream().map(e -> e.path("type").asText()).toList();
        int clear = types.indexOf("input_audio_buffer.clear");
        long appendsAfterClear = types.subList(clear, types.size()).stream().filter("input_audio_buffer.append"::equals).count();
        assertThat(appendsAfterClear).as("appends after the clear: the next upload's only").isEqualTo(5);
    }

    // ------------------------------------------------------------------ finding 11: out-of-band correlation

    @Test
    void finding11TenConcurrentOutOfBandResponsesEachGetTheirOwnAnswer() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        sim.setResponseDelay(Duration.ofMillis(5));
        String uri = bareUri(sim, "oob10", "dialect=ga&outputModalities=text&responseTimeout=20s");
        List<CompletableFuture<Object>> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replies.add(template.asyncRequestBodyAndHeaders(uri, "side question " + i, Map.of(FastRouterRealtimeConstants.OUT_OF_BAND, true)));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(replies.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("echo: side question " + i);
        }
        assertThat(sim.sentEvents("response.done")).hasSize(10);
        assertThat(sim.sentEvents("error")).isEmpty();
        assertThat(session("oob10").pendingTurns()).isZero();
    }
}
