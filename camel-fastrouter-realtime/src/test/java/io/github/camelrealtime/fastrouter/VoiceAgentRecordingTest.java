package io.github.camelrealtime.fastrouter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import io.github.camelrealtime.fastrouter.test.SimulatorAudio;
import io.github.camelrealtime.fastrouter.test.SimulatorAudioFormat;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, part 4: {@code recordTo} gets one stereo WAV per call when the session closes: the user's audio on the
 * left where it was sent, the assistant's on the right where it was played, cut at a barge-in.
 */
class VoiceAgentRecordingTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false)
            .responseDelay(Duration.ofMillis(10)));

    private static final int RATE = 24_000;

    private final List<Exchange> recordings = new CopyOnWriteArrayList<>();

    @BeforeEach
    void recordingRoute() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:rec").process(e -> {
                    e.getMessage().setBody(e.getMessage().getBody(byte[].class));
                    recordings.add(e.copy());
                });
            }
        });
    }

    private static String uri(RealtimeSimulator sim, String name, String say, String options) {
        return bareUri(sim, name, "dialect=ga&turnDetection=none&responseTimeout=20s&instructions=RAW(Say: " + say + ")" + options);
    }

    private void close(String uri, String call) {
        template.sendBodyAndHeaders(uri, null, Map.of(FastRouterRealtimeConstants.ACTION, "close", FastRouterRealtimeConstants.SESSION_KEY, call));
    }

    /** The stereo WAV's channels as samples: [0] left, [1] right. */
    private static short[][] channels(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        assertThat(b.getShort(22)).as("channels").isEqualTo((short) 2);
        assertThat(b.getInt(24)).as("rate").isEqualTo(RATE);
        assertThat(b.getShort(34)).as("bits").isEqualTo((short) 16);
        int frames = b.getInt(40) / 4;
        assertThat(wav.length).isEqualTo(44 + frames * 4);
        short[][] ch = new short[2][frames];
        for (int i = 0; i < frames; i++) {
            ch[0][i] = b.getShort(44 + 4 * i);
            ch[1][i] = b.getShort(46 + 4 * i);
        }
        return ch;
    }

    private static int firstLoud(short[] s, int from) {
        for (int i = Math.max(0, from); i < s.length; i++) {
            if (Math.abs(s[i]) > 1000) {
                return i;
            }
        }
        return -1;
    }

    private static int lastLoud(short[] s) {
        for (int i = s.length - 1; i >= 0; i--) {
            if (Math.abs(s[i]) > 1000) {
                return i;
            }
        }
        return -1;
    }

    private static double ms(int samples) {
        return samples * 1000.0 / RATE;
    }

    @Test
    void theUsersToneSentAtOneSecondIsOnTheLeftAtOneSecondAndTheReplyFollowsOnTheRight() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "recorded", "Hi there", "&recordTo=direct:rec");
        String call = "call-1";
        long t0 = System.nanoTime();
        template.sendBodyAndHeader(uri, SimulatorAudio.silence(SimulatorAudioFormat.PCM16, 200), FastRouterRealtimeConstants.SESSION_KEY, call);
        long wait = t0 + TimeUnit.SECONDS.toNanos(1) - System.nanoTime();
        assertThat(wait).as("the session opened within a second").isPositive();
        TimeUnit.NANOSECONDS.sleep(wait);
        template.sendBodyAndHeader(uri, SimulatorAudio.tone(SimulatorAudioFormat.PCM16, 1000, 300, 0.5), FastRouterRealtimeConstants.SESSION_KEY, call);
        byte[] reply = template.requestBodyAndHeader(uri, "hello", FastRouterRealtimeConstants.SESSION_KEY, call, byte[].class);
        assertThat(reply).isNotEmpty();
        close(uri, call);

        assertEventually("the recording arrives", () -> recordings.size() == 1);
        Exchange rec = recordings.get(0);
        assertThat(rec.getMessage().getHeader(FastRouterRealtimeConstants.SESSION_KEY)).isEqualTo(call);
        assertThat(rec.getMessage().getHeader(Exchange.FILE_NAME, String.class)).startsWith("recorded-call-1-").endsWith(".wav");
        short[][] ch = channels(rec.getMessage().getBody(byte[].class));
        long duration = rec.getMessage().getHeader(FastRouterRealtimeConstants.RECORDING_DURATION, Long.class);
        assertThat((double) duration).isCloseTo(ms(ch[0].length), org.assertj.core.data.Offset.offset(1.0));

        int toneAt = firstLoud(ch[0], 0);
        assertThat(ms(toneAt)).as("the tone on the left").isCloseTo(1000.0, org.assertj.core.data.Offset.offset(20.0));
        assertThat(ms(lastLoud(ch[0]) - toneAt)).isCloseTo(300.0, org.assertj.core.data.Offset.offset(5.0));
        assertThat(firstLoud(ch[1], 0)).as("nothing on the right before the user spoke").isGreaterThan(toneAt);
        int replyAt = firstLoud(ch[1], 0);
        // the tone was written at once (not paced), the reply asked for right after it was written
        assertThat(ms(replyAt)).as("the reply after the user's tone was sent").isBetween(ms(toneAt), 2000.0);
        // "Hi there": 8 characters of 60 ms tone, played whole
        assertThat(ms(lastLoud(ch[1]) - replyAt)).isCloseTo(480.0, org.assertj.core.data.Offset.offset(10.0));
        assertThat(ms(ch[0].length)).isGreaterThan(ms(lastLoud(ch[1])));
    }

    @Test
    void aBargeInCutsTheAssistantsChannelWherePlaybackStopped() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        // 40 characters: 2.4 s of reply audio, generated far faster than it plays
        String uri = uri(sim, "bargeIn", "This answer goes on for a long long time", "&recordTo=direct:rec");
        String call = "call-2";
        var reply = template.asyncRequestBodyAndHeader(uri, "hello", FastRouterRealtimeConstants.SESSION_KEY, call);
        assertThat(sim.awaitSent("response.output_audio.delta", 1, WAIT)).isTrue();
        Thread.sleep(500);
        template.sendBodyAndHeaders(uri, null, Map.of(FastRouterRealtimeConstants.ACTION, "interrupt",
                FastRouterRealtimeConstants.SESSION_KEY, call, FastRouterRealtimeConstants.AUDIO_PLAYED_MS, 500L));
        assertThat(sim.awaitReceived("conversation.item.truncate", 1, WAIT)).isTrue();
        try {
            reply.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            // cancelled or complete: either way the caller heard 500 ms
        }
        close(uri, call);

        assertEventually("the recording arrives", () -> recordings.size() == 1);
        short[][] ch = channels(recordings.get(0).getMessage().getBody(byte[].class));
        assertThat(firstLoud(ch[0], 0)).as("the user sent no audio").isEqualTo(-1);
        int from = firstLoud(ch[1], 0);
        assertThat(from).isPositive();
        assertThat(ms(lastLoud(ch[1]) - from)).as("cut at the 500 ms played, not 2.4 s").isCloseTo(500.0, org.assertj.core.data.Offset.offset(10.0));
    }

    @Test
    void withoutRecordToNothingIsRecorded() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "unrecorded", "Hi", "");
        String call = "call-3";
        template.sendBodyAndHeader(uri, SimulatorAudio.tone(SimulatorAudioFormat.PCM16, 1000, 300, 0.5), FastRouterRealtimeConstants.SESSION_KEY, call);
        assertThat(template.requestBodyAndHeader(uri, "hello", FastRouterRealtimeConstants.SESSION_KEY, call, byte[].class)).isNotEmpty();
        close(uri, call);
        Thread.sleep(500);
        assertThat(recordings).isEmpty();
    }
}
