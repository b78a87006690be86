package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.session.RealtimeSessionClosedException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md §8, connections that end: a drop or a 1001 fails the exchange waiting for its reply exactly once and the
 * session reconnects; session expiry is reconnected in both dialects; 3000 and 4000 are not retried; with
 * {@code reconnect=false} a drop fails everything pending and closes the session.
 */
class FailureModesReconnectTest extends FailureModesSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    /**
     * Server events after which the fault strikes: a GA text turn is answered with the item's two events, then
     * response.created, response.output_item.added, conversation.item.added... so 5 lands inside the response.
     */
    private static final int MID_RESPONSE = 5;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "tcp-drop", "close-1001" })
    void aLostConnectionFailsTheWaitingExchangeOnceAndTheNextExchangeUsesANewSocket(String fault) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String name = "lost-" + fault;
        // the backoff leaves time to clear the fault before the new socket opens
        String uri = uri(sim, name, "dialect=ga&outputModalities=text&reconnectInitialDelay=1s");
        recordLifecycle(uri);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask")
                        .doTry()
                            .to(uri).to("mock:replied")
                        .doCatch(Exception.class)
                            .to("mock:failed")
                        .end();
            }
        });
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");

        if (fault.equals("tcp-drop")) {
            sim.dropAfterEvents(MID_RESPONSE);
        } else {
            sim.closeAfterEvents(MID_RESPONSE, 1001, "going away");
        }
        template.send("direct:ask", ExchangePattern.InOut, e -> e.getMessage().setBody("a question the server will not finish"));
        sim.reset();

        MockEndpoint failed = getMockEndpoint("mock:failed");
        MockEndpoint replied = getMockEndpoint("mock:replied");
        assertThat(failed.getReceivedCounter()).isEqualTo(1);
        assertThat(replied.getReceivedCounter()).isZero();
        Exception failure = failed.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        assertThat(failure).isInstanceOf(RealtimeSessionClosedException.class)
                .hasMessageContaining(fault.equals("tcp-drop") ? "1006" : "1001");

        awaitLifecycle("connection.reconnected");
        assertThat(template.requestBody(uri, "after the fault", String.class)).isEqualTo("echo: after the fault");
        assertThat(sim.connectionCount()).isEqualTo(2);
        assertThat(lifecycleTypes()).containsExactly("connection.opened", "connection.reconnecting", "connection.reconnected");
        // exactly once: the failed exchange did not also complete (or fail again) later
        assertThat(failed.getReceivedCounter()).isEqualTo(1);
        assertThat(replied.getReceivedCounter()).isZero();
    }

    /**
     * Only the exchange whose reply was on the lost socket fails; one still waiting for its turn did not send anything
     * yet, so it runs on the new socket (DESIGN.md §8: nothing is silently dropped, including across reconnects) and
     * its input is sent exactly once.
     */
    @Test
    void anExchangeWaitingForItsTurnSurvivesTheReconnectAndIsAnsweredOnTheNewSocket() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String name = "queued";
        String uri = uri(sim, name, "dialect=ga&outputModalities=text&reconnectInitialDelay=1s");
        recordLifecycle(uri);
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");

        sim.dropAfterEvents(MID_RESPONSE);
        sim.pauseReading(Duration.ofMinutes(1));
        CompletableFuture<Exchange> first = template.asyncSend(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody("first");
        });
        assertEventually("the first exchange has its turn", () -> session(name).pendingTurns() == 1);
        CompletableFuture<Exchange> second = template.asyncSend(uri, e -> {
            e.setPattern(ExchangePattern.InOut);
            e.getMessage().setBody("second");
        });
        assertEventually("the second exchange waits for its turn", () -> session(name).pendingTurns() == 2);
        sim.pauseReading(Duration.ZERO);

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).getException()).isInstanceOf(RealtimeSessionClosedException.class);
        sim.reset();
        Exchange answered = second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answered.getException()).as("the queued exchange's outcome").isNull();
        assertThat(answered.getMessage().getBody(String.class)).isEqualTo("echo: second");
        assertThat(sim.connectionCount()).isEqualTo(2);
        // sent once; before it, the history replay (items with their recorded ids) of what the lost socket held
        assertThat(sim.connections().get(1).received("conversation.item.create")).filteredOn(e -> !e.path("item").has("id"))
                .extracting(e -> e.at("/item/content/0/text").asText()).containsExactly("second");
        assertThat(sim.connections().get(1).received("conversation.item.create")).filteredOn(e -> e.path("item").has("id"))
                .extracting(e -> e.at("/item/content/0/text").asText()).startsWith("warm up", "echo: warm up");
        assertThat(lifecycleTypes()).containsExactly("connection.opened", "connection.reconnecting", "connection.reconnected");
    }

    /**
     * GA ends an expired session with 1001; beta sends error session_expired and closes with 1000. Either way
     * DESIGN.md §3 says the session reconnects ("after transport failures and session expiry"), so a consumer
     * that only listens keeps hearing the server.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "ga", "beta" })
    void sessionExpiryIsReconnectedEvenWithoutAProducer(String dialect) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String name = "expiry-" + dialect;
        String uri = uri(sim, name, "dialect=" + dialect + "&outputModalities=text&reconnectInitialDelay=200ms");
        recordLifecycle(uri);
        awaitLifecycle("connection.opened");

        // only the open socket expires: reset() stops new sockets from expiring too (the open one keeps its timer)
        sim.expireSessionsAfter(Duration.ofMillis(100));
        sim.reset();

        assertEventually("a new socket after expiry (lifecycle " + lifecycle + ")", () -> sim.connectionCount() == 2);
        awaitLifecycle("connection.reconnected");
        assertThat(lifecycleTypes()).containsExactly("connection.opened", "connection.reconnecting", "connection.reconnected");
        assertThat(template.requestBody(uri, "still there?", String.class)).isEqualTo("echo: still there?");
        assertThat(sim.connectionCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "close {0}")
    @CsvSource({
            "3000, invalid_request_error.invalid_api_key",
            "4000, invalid_request_error.invalid_model" })
    void authenticationAndRejectionClosesAreNotRetried(int code, String reason) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String name = "final-" + code;
        String uri = uri(sim, name, "dialect=ga&outputModalities=text&reconnectInitialDelay=50ms&reconnectMaxDelay=100ms");
        recordLifecycle(uri);
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");

        sim.closeAfterEvents(MID_RESPONSE, code, reason);
        Exchange result = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("a question the server refuses"));

        assertThat(result.getException()).isInstanceOf(RealtimeSessionClosedException.class)
                .hasMessageContaining(String.valueOf(code))
                .hasMessageContaining(reason);
        awaitLifecycle("connection.closed");
        // the decision is made once: had the session chosen to reconnect, connection.reconnecting would come first
        assertThat(lifecycleTypes()).containsExactly("connection.opened", "connection.closed");
        assertThat(sim.connectionCount()).isEqualTo(1);
        assertThat(session(name)).isNull();
    }

    @Test
    void withReconnectOffADropFailsEveryPendingExchangeAndClosesTheSession() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String name = "no-reconnect";
        String uri = uri(sim, name, "dialect=ga&outputModalities=text&reconnect=false");
        recordLifecycle(uri);
        assertThat(template.requestBody(uri, "warm up", String.class)).isEqualTo("echo: warm up");

        sim.dropAfterEvents(MID_RESPONSE);
        // the server reads nothing until both exchanges wait: one for its reply, the other for its turn
        sim.pauseReading(Duration.ofMinutes(1));
        List<CompletableFuture<Exchange>> pending = List.of(
                template.asyncSend(uri, e -> {
                    e.setPattern(ExchangePattern.InOut);
                    e.getMessage().setBody("first");
                }),
                template.asyncSend(uri, e -> {
                    e.setPattern(ExchangePattern.InOut);
                    e.getMessage().setBody("second");
                }));
        assertEventually("both exchanges are queued on the session", () -> session(name) != null && session(name).pendingTurns() == 2);
        sim.pauseReading(Duration.ZERO);

        for (CompletableFuture<Exchange> exchange : pending) {
            assertThat(exchange.get(WAIT.toSeconds(), TimeUnit.SECONDS).getException())
                    .isInstanceOf(RealtimeSessionClosedException.class);
        }
        awaitLifecycle("connection.closed");
        assertThat(lifecycleTypes()).containsExactly("connection.opened", "connection.closed");
        assertThat(sim.connectionCount()).isEqualTo(1);
        assertThat(session(name)).isNull();
    }
}
