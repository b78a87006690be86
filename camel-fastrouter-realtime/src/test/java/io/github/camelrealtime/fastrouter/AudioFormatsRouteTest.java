package io.github.camelrealtime.fastrouter;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelrealtime.fastrouter.audio.AudioClip;
import io.github.camelrealtime.fastrouter.audio.AudioConverter;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.WavFiles;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Audio of every kind a route brings, through the component and back in the format the route wants. */
class AudioFormatsRouteTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = AudioFormatsRouteTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/audio/speech-16k-mono.wav", "/audio/speech-44k1-stereo.wav" })
    void realSpeechWavComesBackWithItsDuration(String sample) throws Exception {
        byte[] wav = resource(sample);
        AudioClip input = AudioClip.fromWav(wav, AudioFormat.PCM16);
        String uri = uri(SIM.simulator(), "speech", "dialect=ga&turnDetection=none&chunkMillis=100");

        byte[] reply = template.requestBody(uri, wav, byte[].class);

        AudioClip answer = context.getTypeConverter().mandatoryConvertTo(AudioClip.class, reply);
        assertThat(answer.format()).isEqualTo(AudioFormat.PCM16);
        assertThat(answer.durationMillis()).isBetween(input.durationMillis() - 100, input.durationMillis() + 100);
    }

    @Test
    void aPhoneBridgeSendsMuLawToAPcm16SessionAndGetsMuLawBack() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        byte[] speech = AudioClip.fromWav(resource("/audio/speech-16k-mono.wav"), AudioFormat.G711_ULAW).data();
        String uri = uri(sim, "phone", "dialect=beta&turnDetection=none&inputAudioFormat=pcm16&outputAudioFormat=pcm16"
                                       + "&replyFormat=audio&deliveryAudioFormat=g711_ulaw");
        AtomicLong deltaBytes = new AtomicLong();
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(1);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&eventTypes=response.output_audio.delta,response.done")
                        .choice().when(body().isInstanceOf(byte[].class))
                        .process(e -> deltaBytes.addAndGet(e.getMessage().getBody(byte[].class).length))
                        .otherwise().to("mock:done");
            }
        });

        var reply = template.request(uri, e -> {
            e.setPattern(org.apache.camel.ExchangePattern.InOut);
            e.getMessage().setBody(speech);
            e.getMessage().setHeader(FastRouterRealtimeConstants.AUDIO_FORMAT, "g711_ulaw");
        });

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.AUDIO_FORMAT)).isEqualTo("g711_ulaw");
        byte[] muLaw = reply.getMessage().getBody(byte[].class);
        long speechMs = AudioFormat.G711_ULAW.bytesToMillis(speech.length);
        assertThat(AudioFormat.G711_ULAW.bytesToMillis(muLaw.length)).isBetween(speechMs - 10, speechMs + 10);
        // the session itself heard pcm16: three times the samples at 2 bytes each
        long appended = sim.receivedEvents("input_audio_buffer.append").stream()
                .mapToLong(a -> java.util.Base64.getDecoder().decode(a.path("audio").asText()).length).sum();
        assertThat(AudioFormat.PCM16.bytesToMillis(appended)).isBetween(speechMs - 10, speechMs + 10);
        // consumer deltas are converted too, keeping resampler state across deltas
        done.assertIsSatisfied();
        assertThat(AudioFormat.G711_ULAW.bytesToMillis(deltaBytes.get())).isBetween(speechMs - 20, speechMs + 10);
    }

    @Test
    void audioClipsConvertTheCamelWay() throws Exception {
        byte[] wav = resource("/audio/speech-44k1-stereo.wav");
        AudioClip clip = context.getTypeConverter().mandatoryConvertTo(AudioClip.class, wav);
        assertThat(clip.format()).isEqualTo(AudioFormat.PCM16);

        AudioClip phone = clip.convertTo(context.getTypeConverter().mandatoryConvertTo(AudioFormat.class, "audio/pcma"));
        assertThat(phone.format()).isEqualTo(AudioFormat.G711_ALAW);
        byte[] phoneWav = context.getTypeConverter().mandatoryConvertTo(byte[].class, phone);
        assertThat(WavFiles.isWav(phoneWav)).isTrue();
        AudioClip back = context.getTypeConverter().mandatoryConvertTo(AudioClip.class, phoneWav);
        assertThat(back).isEqualTo(phone);
        try (InputStream stream = context.getTypeConverter().mandatoryConvertTo(InputStream.class, phone)) {
            assertThat(stream.readAllBytes()).isEqualTo(phoneWav);
        }
        assertThat(AudioConverter.convert(phone.data(), AudioFormat.G711_ALAW, AudioFormat.PCM16).length / 48)
                .isBetween((int) clip.durationMillis() - 1, (int) clip.durationMillis() + 1);
    }

    @Test
    void paceRealtimeStreamsThreeSecondsOfAudioInThreeSeconds() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        byte[] threeSeconds = new byte[AudioFormat.PCM16.bytesForMillis(3000)];
        String uri = uri(sim, "paced", "dialect=ga&turnDetection=none&paceRealtime=true&chunkMillis=100");
        assertThat(template.requestBody(uri, "warm up the session", byte[].class)).isNotNull();

        long started = System.nanoTime();
        template.sendBody(uri, threeSeconds);
        long tookMs = java.time.Duration.ofNanos(System.nanoTime() - started).toMillis();

        // the exchange ends when the audio has had its real-time duration: 3 s, within 10 %
        assertThat(tookMs).isBetween(2700L, 3300L);
        assertThat(sim.awaitReceived("input_audio_buffer.append", 30, java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(sim.receivedEvents("input_audio_buffer.append")).hasSize(30);
    }
}
