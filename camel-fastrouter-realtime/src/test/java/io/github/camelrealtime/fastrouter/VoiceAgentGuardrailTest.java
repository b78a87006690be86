package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.session.RealtimeGuardrailTrippedException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, part 2: guardrail routes see the assistant's transcript as it grows and stop a response at once; a slow
 * guardrail never holds the audio back.
 */
class VoiceAgentGuardrailTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false)
            .responseDelay(Duration.ofMillis(10)));

    /** 40 words (~250 characters); the forbidden word comes after about 120 characters. */
    private static final String SPEECH = "Thank you for calling the support line of the example company today, "
            + "let me look into your account details for a moment please. The admin password is swordfish and "
            + "you should never share it with anyone else, not even with people who say they work for us here.";

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> checked = new CopyOnWriteArrayList<>();
    private volatile String trippedReason;
    private volatile Boolean trippedHeader;

    private static String guardedUri(RealtimeSimulator sim, String name, String options) {
        return bareUri(sim, name, "dialect=ga&turnDetection=none&instructions=RAW(Say: " + SPEECH + ")&guardrailRoute=direct:guard"
                                  + "&responseTimeout=20s&" + options);
    }

    private void consume(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    String type = e.getMessage().getHeader(FastRouterRealtimeConstants.EVENT_TYPE, String.class);
                    events.add(type);
                    if ("guardrail.tripped".equals(type)) {
                        trippedHeader = e.getMessage().getHeader(FastRouterRealtimeConstants.GUARDRAIL_TRIPPED, Boolean.class);
                        trippedReason = ((io.github.camelrealtime.fastrouter.protocol.RealtimeEvent) e.getMessage().getBody()).text("reason");
                    }
                });
            }
        });
    }

    @Test
    void aWordInTheTranscriptTripsTheGuardrailAudioStopsTheItemIsTruncatedAtWhatWasPlayedAndTheExchangeFails() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:guard").process(e -> {
                    String text = e.getMessage().getBody(String.class);
                    checked.add(text);
                    if (text.contains("swordfish")) {
                        e.getMessage().setHeader(FastRouterRealtimeConstants.GUARDRAIL_TRIPPED, true);
                        e.getMessage().setBody("mentions the admin password");
                    }
                });
            }
        });
        String uri = guardedUri(sim, "guarded", "guardrailDebounceChars=100");
        consume(uri);

        assertThatThrownBy(() -> template.requestBody(uri, "hello", byte[].class))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(RealtimeGuardrailTrippedException.class)
                .hasMessageContaining("mentions the admin password");

        // debounced: a check at about 100 characters (passed), the next one tripped; never one per delta
        assertThat(checked).hasSizeBetween(2, 3);
        assertThat(checked.get(0).length()).isBetween(100, 130);
        assertThat(checked.get(0)).doesNotContain("swordfish");
        // the response was cancelled and the item truncated within what was generated
        assertThat(sim.awaitReceived("response.cancel", 1, WAIT)).isTrue();
        assertThat(sim.awaitReceived("conversation.item.truncate", 1, WAIT)).isTrue();
        JsonNode truncate = sim.receivedEvents("conversation.item.truncate").get(0);
        long audioEndMs = truncate.path("audio_end_ms").asLong();
        assertThat(audioEndMs).isPositive();
        assertThat(sim.awaitSent("response.done", 1, WAIT)).isTrue();
        JsonNode done = sim.sentEvents("response.done").get(0);
        assertThat(done.at("/response/status").asText()).isEqualTo("cancelled");
        // the speech is 250 characters of 60 ms tone each (150 deltas): the server stopped well before
        int deltasSent = sim.sentCount("response.output_audio.delta");
        assertThat(deltasSent).isLessThan(120);
        assertThat(audioEndMs).isLessThanOrEqualTo(deltasSent * 100L);

        assertEventually("the consumer hears guardrail.tripped", () -> events.contains("guardrail.tripped"));
        assertThat(trippedHeader).isTrue();
        assertThat(trippedReason).isEqualTo("mentions the admin password");
        // audio stops for the caller: at most one delta that was already on its way after the event
        int at = events.indexOf("guardrail.tripped");
        long audioAfter = events.subList(at, events.size()).stream().filter("response.output_audio.delta"::equals).count();
        assertThat(audioAfter).isLessThanOrEqualTo(1);
    }

    @Test
    void aSlowGuardrailNeverHoldsTheAudioBackAndTheReplyWaitsForItsLastVerdict() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        sim.setResponseDelay(Duration.ofMillis(2));
        List<Long> verdictsAt = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:guard").process(e -> {
                    checked.add(e.getMessage().getBody(String.class));
                    Thread.sleep(1500);
                    verdictsAt.add(System.nanoTime());
                });
            }
        });
        String uri = guardedUri(sim, "slowGuard", "guardrailDebounceChars=100");
        List<Long> doneAt = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&eventTypes=response.done").process(e -> doneAt.add(System.nanoTime()));
            }
        });

        byte[] reply = template.requestBody(uri, "hello", byte[].class);
        assertThat(reply).isNotEmpty();
        assertThat(doneAt).hasSize(1);
        assertThat(verdictsAt).isNotEmpty();
        assertThat(doneAt.get(0)).as("the whole response reached the consumer before the first verdict").isLessThan(verdictsAt.get(0));
        // the last check saw the whole transcript
        assertThat(checked.get(checked.size() - 1)).isEqualTo(SPEECH);
        assertThat(sim.receivedCount("response.cancel")).isZero();
    }
}
