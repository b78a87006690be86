package io.github.camelrealtime.fastrouter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelrealtime.fastrouter.session.RealtimeResponseException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, finding 10: the key is masked in every text the server writes (close reasons, error messages, a failed
 * response's status details) before it reaches a log line, an exception or a header. The key is not shaped like
 * {@code sk-…}, so only masking by value can hide it.
 */
class SessionCoreRedactionTest extends FailureModesSupport {

    private static final String KEY = "frk-live-3d9a7c1e5b2f8a4c6e0d";

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.apiKey(KEY).serverVadByDefault(false));

    private final List<String> consumed = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    private static String keyedUri(RealtimeSimulator sim, String name, String options) {
        return "fastrouter-realtime:" + name + "?baseUrl=" + sim.baseUrl() + "&apiKey=" + KEY
               + "&dialect=ga&outputModalities=text&responseTimeout=3s&heartbeatInterval=1s&reconnectInitialDelay=200ms"
               + (options.isEmpty() ? "" : "&" + options);
    }

    /** A consumer that keeps the body and headers of every event it hears, lifecycle events included. */
    private void consumeAll(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> consumed.add(e.getMessage().getBody(String.class) + " " + e.getMessage().getHeaders()));
            }
        });
    }

    private void assertNoKey(String logs) {
        assertThat(logs).doesNotContain(KEY);
        for (Throwable failure : failures) {
            assertThat(FailureModesApiKeyTest.stackTrace(failure)).doesNotContain(KEY);
        }
        assertThat(String.join("\n", consumed)).doesNotContain(KEY);
    }

    @ParameterizedTest
    @ValueSource(ints = { 4000, 1011 })
    void finding10KeyInACloseReasonAppearsInNoLogExceptionOrHeader(int code) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String name = "close-" + code;
        String uri = keyedUri(sim, name, "");
        String logs;
        try (CapturedLogs captured = new CapturedLogs()) {
            consumeAll(uri);
            recordLifecycle(uri);
            assertThat(template.requestBody(uri, "hello", String.class)).isEqualTo("echo: hello");

            sim.hangNextResponses(1);
            var pending = template.asyncSend(uri, e -> {
                e.setPattern(org.apache.camel.ExchangePattern.InOut);
                e.getMessage().setBody("waiting when the server closes");
            });
            assertThat(sim.awaitSent("response.created", 2, WAIT)).isTrue();
            sim.closeAll(code, "invalid_api_key: Incorrect API key provided: " + KEY);
            Exchange closed = pending.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(closed.getException()).isNotNull();
            failures.add(closed.getException());
            assertEventually("the session ends or reconnects", () -> lifecycle.contains("connection.closed")
                                                                     || lifecycle.contains("connection.reconnected"));
            if (code == 1011) {
                // retried: the next exchange works on the new socket
                awaitLifecycle("connection.reconnected");
                assertThat(template.requestBody(uri, "again", String.class)).isEqualTo("echo: again");
            } else {
                Exchange refused = template.request(uri, e -> e.getMessage().setBody("after the close"));
                if (refused.getException() != null) {
                    failures.add(refused.getException());
                }
            }
            String lastProblem = String.valueOf(session(name) == null ? "" : session(name).lastProblem());
            assertThat(lastProblem).doesNotContain(KEY);
            logs = captured.text();
        }
        assertThat(logs).as("the capture saw the run's logs").contains(name);
        assertThat(String.join("\n", consumed)).as("the close reached the consumer").contains("connection.");
        assertNoKey(logs);
    }

    @Test
    void finding10KeyInAServerErrorEventAppearsInNoLogExceptionOrHeader() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = keyedUri(sim, "error-event", "");
        String logs;
        try (CapturedLogs captured = new CapturedLogs()) {
            consumeAll(uri);
            assertThat(template.requestBody(uri, "hello", String.class)).isEqualTo("echo: hello");
            sim.sendServerError("invalid_api_key", "Incorrect API key provided: " + KEY + ". Check your dashboard.");
            assertEventually("the consumer hears the error", () -> consumed.stream().anyMatch(c -> c.contains("Incorrect API key")));
            assertThat(template.requestBody(uri, "still there", String.class)).isEqualTo("echo: still there");
            logs = captured.text();
        }
        assertThat(logs).contains("Incorrect API key provided");
        assertNoKey(logs);
    }

    @Test
    void finding10KeyInAFailedResponseMessageAppearsInNoLogExceptionOrHeader() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = keyedUri(sim, "failed-response", "");
        String logs;
        Exchange failed;
        try (CapturedLogs captured = new CapturedLogs()) {
            consumeAll(uri);
            consumeAll(uri + "&delivery=responses");
            assertThat(template.requestBody(uri, "hello", String.class)).isEqualTo("echo: hello");
            sim.failNextResponse("invalid_api_key", "Incorrect API key provided: " + KEY + ".");
            failed = template.request(uri, e -> e.getMessage().setBody("fails"));
            assertThat(failed.getException()).isInstanceOf(RealtimeResponseException.class);
            failures.add(failed.getException());
            assertEventually("the consumer hears the failed response",
                    () -> consumed.stream().anyMatch(c -> c.contains("Incorrect API key") && c.contains("response.done")));
            logs = captured.text();
        }
        assertThat(failed.getException().getMessage()).contains("Incorrect API key provided");
        assertThat(failed.getMessage().getHeaders().toString()).doesNotContain(KEY);
        assertNoKey(logs);
    }
}
