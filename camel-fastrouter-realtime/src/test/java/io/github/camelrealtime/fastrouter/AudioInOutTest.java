package io.github.camelrealtime.fastrouter;

import java.io.ByteArrayInputStream;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.WavFiles;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AudioInOutTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    /** 700 ms of a 300 Hz tone as pcm16 24 kHz. */
    static byte[] tone(int millis) {
        int samples = 24 * millis;
        byte[] pcm = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            short v = (short) (8000 * Math.sin(2 * Math.PI * 300 * i / 24000.0));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        return pcm;
    }

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void rawAudioInGetsTheSameAudioBack(String dialect) {
        byte[] audio = tone(700);
        String uri = uri(SIM.simulator(), "audio-" + dialect, "dialect=" + dialect + "&replyFormat=audio&turnDetection=none");

        Exchange reply = template.request(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody(audio);
        });

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getBody(byte[].class)).isEqualTo(audio);
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.AUDIO_FORMAT)).isEqualTo("pcm16");
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.TRANSCRIPT, String.class)).isNotBlank();
        // 700 ms in 100 ms appends, then commit and response.create
        assertThat(SIM.simulator().awaitReceived("response.create", 1, java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(SIM.simulator().receivedEvents("input_audio_buffer.append")).hasSize(7);
        assertThat(SIM.simulator().receivedEvents("input_audio_buffer.commit")).hasSize(1);
        assertThat(SIM.simulator().receivedEvents("response.create")).hasSize(1);
    }

    @Test
    void wavInGetsAWavReplyByDefault() throws Exception {
        byte[] audio = tone(500);
        String uri = uri(SIM.simulator(), "wav", "dialect=ga&turnDetection=none");

        Exchange reply = template.request(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody(new ByteArrayInputStream(WavFiles.toWav(audio, AudioFormat.PCM16)));
        });

        assertThat(reply.getException()).isNull();
        byte[] wav = reply.getMessage().getBody(byte[].class);
        assertThat(WavFiles.isWav(wav)).isTrue();
        assertThat(wav).hasSize(44 + audio.length);
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.AUDIO_FORMAT)).isEqualTo("wav");
    }

    @Test
    void inOnlyAudioIsWrittenWithoutCommit() {
        byte[] audio = tone(300);
        String uri = uri(SIM.simulator(), "inonly", "dialect=ga&turnDetection=none&chunkMillis=50");

        template.sendBody(uri, audio);

        assertThat(SIM.simulator().awaitReceived("input_audio_buffer.append", 6, java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(SIM.simulator().receivedEvents("input_audio_buffer.commit")).isEmpty();
        assertThat(SIM.simulator().receivedEvents("response.create")).isEmpty();
    }
}
