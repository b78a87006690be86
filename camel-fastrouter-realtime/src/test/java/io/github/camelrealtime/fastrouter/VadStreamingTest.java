package io.github.camelrealtime.fastrouter;

import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.AudioInput;
import io.github.camelrealtime.fastrouter.audio.WavFiles;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Server VAD fed by InOnly chunk messages (as from a phone or a Kafka topic): one reply per utterance. */
class VadStreamingTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    static byte[] speechPcm16() throws Exception {
        try (InputStream in = VadStreamingTest.class.getResourceAsStream("/audio/speech-16k-mono.wav");
             AudioInput audio = AudioInput.open(in, null, AudioFormat.PCM16)) {
            return audio.readAll();
        }
    }

    /** The sample three times, each followed by a second of silence. */
    static byte[] threeUtterances(byte[] speech) {
        byte[] silence = new byte[AudioFormat.PCM16.bytesForMillis(1000)];
        byte[] all = new byte[3 * (speech.length + silence.length)];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(speech, 0, all, i * (speech.length + silence.length), speech.length);
        }
        return all;
    }

    @Test
    void eachUtteranceInAChunkStreamGetsOneReply() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "phone", "dialect=ga&turnDetection=server_vad&vadThreshold=0.5&vadPrefixPaddingMs=300"
                                       + "&vadSilenceDurationMs=500&createResponse=true&interruptResponse=false");
        MockEndpoint replies = getMockEndpoint("mock:replies");
        replies.expectedMessageCount(3);
        replies.setResultWaitTime(30_000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&delivery=responses").to("mock:replies");
            }
        });
        byte[] speech = speechPcm16();
        byte[] stream = threeUtterances(speech);
        int chunk = AudioFormat.PCM16.bytesForMillis(20);

        for (int off = 0; off < stream.length; off += chunk) {
            template.sendBody(uri, Arrays.copyOfRange(stream, off, Math.min(stream.length, off + chunk)));
        }

        replies.assertIsSatisfied();
        assertThat(sim.receivedEvents("input_audio_buffer.commit")).isEmpty();
        assertThat(sim.receivedEvents("response.create")).isEmpty();
        assertThat(sim.sentEvents("input_audio_buffer.speech_started")).hasSize(3);
        long speechMs = AudioFormat.PCM16.bytesToMillis(speech.length);
        for (var reply : replies.getExchanges()) {
            assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS)).isEqualTo("completed");
            assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.TRANSCRIPT, String.class)).startsWith("[simulated transcript");
            byte[] wav = reply.getMessage().getBody(byte[].class);
            assertThat(WavFiles.isWav(wav)).isTrue();
            long replyMs = AudioFormat.PCM16.bytesToMillis(wav.length - 44);
            // the turn spans the speech (less its leading and trailing quiet) plus the 300 ms prefix padding
            assertThat(replyMs).isBetween(speechMs / 2, speechMs + 400);
        }
    }

    @Test
    void aPacedWavFileFeedsVadAsIfLive() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "paced", "dialect=beta&turnDetection=server_vad&vadSilenceDurationMs=500&paceRealtime=true&chunkMillis=100");
        MockEndpoint replies = getMockEndpoint("mock:paced");
        replies.expectedMessageCount(1);
        replies.setResultWaitTime(20_000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&delivery=responses&replyFormat=text").to("mock:paced");
            }
        });
        byte[] speech = speechPcm16();
        byte[] oneUtterance = Arrays.copyOf(speech, speech.length + AudioFormat.PCM16.bytesForMillis(1000));

        long started = System.nanoTime();
        template.sendBody(uri, WavFiles.toWav(oneUtterance, AudioFormat.PCM16));
        long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

        long audioMs = AudioFormat.PCM16.bytesToMillis(oneUtterance.length);
        // pacing: an InOnly send completes when the audio has had its real-time duration (never faster)
        assertThat(tookMs).isGreaterThanOrEqualTo(audioMs * 9 / 10);
        replies.assertIsSatisfied();
        assertThat(replies.getExchanges().get(0).getMessage().getBody(String.class)).startsWith("[simulated transcript");
    }
}
