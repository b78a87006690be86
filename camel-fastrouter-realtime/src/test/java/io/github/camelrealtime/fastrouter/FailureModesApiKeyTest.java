package io.github.camelrealtime.fastrouter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelrealtime.fastrouter.session.RealtimeSessionClosedException;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import io.github.camelrealtime.fastrouter.transport.RealtimeHandshakeException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md §8: the API key never appears in logs, endpoint URIs, exception messages or the dev console, through a
 * run that connects, fails, reconnects and is refused, including when the server echoes a key back. The keys are not
 * shaped like {@code sk-…}, so only masking by value can hide them.
 */
class FailureModesApiKeyTest extends FailureModesSupport {

    private static final String KEY = "frk-live-7c1e4b9a2d5f8e3b6a0c";
    private static final String WRONG_KEY = "frk-live-00wrong11key22value33";
    private static final String AZURE_KEY = "azk-9f8e7d6c5b4a392817064d";

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.apiKey(KEY));

    private static String keyedUri(RealtimeSimulator sim, String name, String key, String options) {
        return "fastrouter-realtime:" + name + "?baseUrl=" + sim.baseUrl() + "&apiKey=" + key + "&responseTimeout=20s&heartbeatInterval=1s&" + options;
    }

    @Test
    void theKeyAppearsNowhereThroughConnectFailureReconnectAndRefusal() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = keyedUri(sim, "keys", KEY, "dialect=ga&outputModalities=text&reconnectInitialDelay=500ms");
        String wrongUri = keyedUri(sim, "wrong", WRONG_KEY, "dialect=ga&outputModalities=text");
        List<Throwable> failures = new ArrayList<>();
        List<String> consumed = new CopyOnWriteArrayList<>();
        String logs;
        try (CapturedLogs captured = new CapturedLogs()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).process(e -> consumed.add(e.getMessage().getBody(String.class) + " " + e.getMessage().getHeaders()));
                }
            });
            recordLifecycle(uri);
            assertThat(template.requestBody(uri, "hello", String.class)).isEqualTo("echo: hello");

            // a server (or proxy) that echoes the key in an error event and in a handshake refusal
            sim.lastConnection().send("{\"type\":\"error\",\"event_id\":\"event_echo\",\"error\":{\"type\":\"invalid_request_error\","
                                      + "\"code\":\"invalid_api_key\",\"message\":\"Incorrect API key provided: " + KEY + ".\"}}");
            sim.sendMalformedFrame();
            sim.dropAfterEvents(5);
            Exchange dropped = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("lost"));
            sim.reset();
            assertThat(dropped.getException()).isInstanceOf(RealtimeSessionClosedException.class);
            failures.add(dropped.getException());
            awaitLifecycle("connection.reconnected");
            assertThat(template.requestBody(uri, "again", String.class)).isEqualTo("echo: again");

            sim.rejectHandshakes(401, RealtimeSimulator.errorBody(401, "Incorrect API key provided: " + WRONG_KEY
                                                                       + ". You can find your API key in your dashboard.",
                    "invalid_request_error", "invalid_api_key"), 1);
            Exchange refused = template.send(wrongUri, ExchangePattern.InOut, e -> e.getMessage().setBody("let me in"));
            assertThat(refused.getException()).isInstanceOf(RealtimeHandshakeException.class);
            assertThat(refused.getException().getMessage()).contains("401").contains("Incorrect API key provided");
            failures.add(refused.getException());

            FastRouterRealtimeDevConsole console = new FastRouterRealtimeDevConsole();
            console.setCamelContext(context);
            String consoleText = String.valueOf(console.call(DevConsole.MediaType.TEXT));
            String consoleJson = String.valueOf(console.call(DevConsole.MediaType.JSON));
            assertThat(consoleText).contains("keys");
            assertThat(consoleText + consoleJson).doesNotContain(KEY).doesNotContain(WRONG_KEY);
            logs = captured.text();
        }

        assertThat(logs).as("the capture saw the run's logs").contains("keys");
        assertThat(logs).doesNotContain(KEY).doesNotContain(WRONG_KEY);
        for (Throwable failure : failures) {
            assertThat(stackTrace(failure)).doesNotContain(KEY).doesNotContain(WRONG_KEY);
        }
        assertThat(String.join("\n", consumed)).doesNotContain(WRONG_KEY);
        assertThat(sim.connectionCount()).as("the right key was accepted").isEqualTo(2);
        assertThat(sim.lastConnection().header("authorization")).doesNotContain(KEY);

        FastRouterRealtimeEndpoint endpoint = context.getEndpoint(uri, FastRouterRealtimeEndpoint.class);
        assertThat(URISupport.sanitizeUri(endpoint.getEndpointUri())).doesNotContain(KEY);
        assertThat(endpoint.toString()).doesNotContain(KEY);
        assertThat(endpoint.sessionOptions().toString()).doesNotContain(KEY);
        assertThat(endpoint.sessionOptions().apiKey()).isEqualTo(KEY);
        assertThat(session("keys").toString()).doesNotContain(KEY);
    }

    @Test
    void keysInExtraHeadersAreMaskedInTheEndpointUriAndTheSessionOptions() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = "fastrouter-realtime:azure?baseUrl=" + sim.baseUrl() + "&header.api-key=" + AZURE_KEY
                     + "&header.OpenAI-Project=proj_123&dialect=ga";

        FastRouterRealtimeEndpoint endpoint = context.getEndpoint(uri, FastRouterRealtimeEndpoint.class);

        assertThat(endpoint.sessionOptions().extraHeaders()).containsEntry("api-key", AZURE_KEY);
        String sanitized = URISupport.sanitizeUri(endpoint.getEndpointUri());
        assertThat(sanitized).contains("proj_123");
        // Camel's own URI sanitizer (also behind Endpoint.toString) masks a hyphenated key name such as header.api-key
        // from 4.22 on; 4.18 masks only the usual names (apiKey, password, ...): a limitation of that line, documented
        // in docs/quarkus.md#traps (keep such a header out of endpoint URIs there)
        if (!context.getVersion().startsWith("4.18.")) {
            assertThat(sanitized).doesNotContain(AZURE_KEY);
            assertThat(endpoint.toString()).doesNotContain(AZURE_KEY);
        }
        assertThat(endpoint.sessionOptions().toString()).doesNotContain(AZURE_KEY);
    }

    static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
