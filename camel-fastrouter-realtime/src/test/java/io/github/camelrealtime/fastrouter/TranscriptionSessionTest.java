package io.github.camelrealtime.fastrouter;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** intent=transcription in both dialects: configured the dialect's way, transcripts to the consumer and as InOut replies. */
class TranscriptionSessionTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    @ParameterizedTest
    @ValueSource(strings = { "beta", "ga" })
    void transcriptsReachTheConsumerAndTheRequester(String dialect) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "scribe-" + dialect, "dialect=" + dialect + "&intent=transcription&transcriptionModel=whisper-1"
                                                   + "&transcriptionLanguage=en&turnDetection=none");
        MockEndpoint transcripts = getMockEndpoint("mock:transcripts");
        transcripts.expectedMessageCount(2);
        MockEndpoint events = getMockEndpoint("mock:completed");
        events.expectedMessageCount(2);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&delivery=responses").to("mock:transcripts");
                from(uri + "&eventTypes=conversation.item.input_audio_transcription.completed").to("mock:completed");
            }
        });
        byte[] speech = VadStreamingTest.speechPcm16();

        Exchange first = template.request(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody(speech);
        });
        assertThat(first.getException()).isNull();
        String expected = String.format(java.util.Locale.ROOT, "[simulated transcript of %.2f s of audio]",
                AudioFormat.PCM16.bytesToMillisExact(speech.length) / 1000.0);
        assertThat(first.getMessage().getBody(String.class)).isEqualTo(expected);
        assertThat(first.getMessage().getHeader(FastRouterRealtimeConstants.ITEM_ID, String.class)).startsWith("item_");

        // InOnly audio, then an explicit commit: the transcript only reaches the consumer
        template.sendBody(uri, speech);
        template.sendBodyAndHeader(uri, null, FastRouterRealtimeConstants.EVENT_TYPE, "input_audio_buffer.commit");

        transcripts.setResultWaitTime(20_000);
        events.setResultWaitTime(20_000);
        MockEndpoint.assertIsSatisfied(context);
        assertThat(transcripts.getExchanges()).allSatisfy(e -> {
            assertThat(e.getMessage().getBody(String.class)).isEqualTo(expected);
            assertThat(e.getMessage().getHeader(FastRouterRealtimeConstants.ITEM_ID, String.class)).startsWith("item_");
        });
        assertThat(events.getExchanges()).allSatisfy(e ->
                assertThat(e.getMessage().getHeader(FastRouterRealtimeConstants.TRANSCRIPT)).isEqualTo(expected));

        String configureType = dialect.equals("beta") ? "transcription_session.update" : "session.update";
        assertThat(sim.awaitReceived("input_audio_buffer.commit", 2, java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(sim.receivedEvents(configureType)).hasSize(1);
        if (dialect.equals("ga")) {
            assertThat(sim.receivedEvents("session.update").get(0).at("/session/type").asText()).isEqualTo("transcription");
        }
        assertThat(sim.lastConnection().queryParameters()).containsEntry("intent", "transcription");
        assertThat(sim.receivedEvents("response.create")).isEmpty();
        assertThat(sim.sentEvents("error")).isEmpty();
    }
}
