package io.github.camelrealtime.fastrouter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md §8: route code never runs on the WebSocket listener thread; a slow consumer slows the socket (the session
 * reads only as far as the routes keep up) and loses no event.
 */
class FailureModesSlowConsumerTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    /** The text answer is streamed word by word: this many words make as many delta events. */
    private static final int WORDS = 250;
    private static final long ROUTE_MILLIS = 20;
    /**
     * How far the socket may run ahead of a slow route: the session's receive window plus what is in hand. An
     * implementation that reads without flow control would be the whole response (over 250 events) ahead.
     */
    private static final int MAX_LAG = 150;

    private record Heard(String type, String eventId, Object body, String thread) {
    }

    @Test
    void aSlowRouteReceivesEveryEventInOrderOffTheSocketThreadAndHoldsTheSocketBack() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "slow", "dialect=ga&outputModalities=text");
        List<Heard> heard = new CopyOnWriteArrayList<>();
        AtomicInteger routed = new AtomicInteger();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    heard.add(new Heard(e.getMessage().getHeader(FastRouterRealtimeConstants.EVENT_TYPE, String.class),
                            e.getMessage().getHeader(FastRouterRealtimeConstants.EVENT_ID, String.class),
                            e.getMessage().getBody(), Thread.currentThread().getName()));
                    Thread.sleep(ROUTE_MILLIS);
                    routed.incrementAndGet();
                });
            }
        });
        String question = IntStream.range(0, WORDS).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));

        String reply = template.requestBody(uri, question, String.class);
        int routedAtReply = routed.get();

        assertThat(reply).isEqualTo("echo: " + question);
        List<String> sentIds = sim.lastConnection().sent().stream().map(e -> e.path("event_id").asText()).toList();
        assertThat(sentIds.size()).isGreaterThan(WORDS);
        // the reply needs response.done, which the session reads only once the route took most events before it
        assertThat(sentIds.size() - routedAtReply).as("events read ahead of the slow route").isLessThanOrEqualTo(MAX_LAG);

        assertEventually("the route hears every event", () -> serverEvents(heard).size() == sim.lastConnection().sent().size());
        assertThat(serverEvents(heard)).extracting(Heard::eventId).containsExactlyElementsOf(sentIds);
        String deltas = serverEvents(heard).stream().filter(h -> h.type().equals("response.output_text.delta"))
                .map(h -> (String) h.body()).collect(Collectors.joining());
        assertThat(deltas).isEqualTo("echo: " + question);
        assertThat(heard).extracting(Heard::thread).allSatisfy(thread -> assertThat(thread)
                .doesNotStartWith("fastrouter-realtime-ws-")
                .doesNotContain("HttpClient")
                .doesNotContain("SelectorManager"));
        assertThat(sim.sentEvents("error")).isEmpty();
    }

    /** What came from the server, without the component's own connection.* events. */
    private static List<Heard> serverEvents(List<Heard> heard) {
        return heard.stream().filter(h -> !h.type().startsWith("connection.")).toList();
    }
}
