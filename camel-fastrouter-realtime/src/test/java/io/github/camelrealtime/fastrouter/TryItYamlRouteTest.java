package io.github.camelrealtime.fastrouter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.StandaloneSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/try-it/route.yaml, run as the docs show: Camel Main (camel-main + camel-yaml-dsl) loads that very file, the
 * component is pointed at the standalone simulator by the two properties the simulator prints, and the route's one
 * question gets its answer.
 */
class TryItYamlRouteTest {

    private static final Path ROUTE = Path.of("..", "docs", "try-it", "route.yaml");

    @Test
    void theTryItYamlRouteRunsWithCamelMainAgainstTheStandaloneSimulator() throws Exception {
        assertThat(ROUTE).exists();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (RealtimeSimulator sim = StandaloneSimulator.start(new String[] { "--port", "0" },
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            // the properties exactly as the simulator printed them
            Map<String, String> properties = new LinkedHashMap<>();
            for (String line : printed.toString(StandardCharsets.UTF_8).split("\n")) {
                String l = line.trim();
                if (l.startsWith("camel.component.fastrouter-realtime.")) {
                    properties.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
                }
            }
            assertThat(properties).containsOnlyKeys("camel.component.fastrouter-realtime.base-url",
                    "camel.component.fastrouter-realtime.api-key");

            BlockingQueue<Exchange> answers = new ArrayBlockingQueue<>(4);
            Main main = new Main();
            main.configure().withRoutesIncludePattern("file:" + ROUTE.toAbsolutePath().normalize());
            properties.forEach(main::addInitialProperty);
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport m) {
                    m.getCamelContext().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                        @Override
                        public void notify(CamelEvent event) {
                            Exchange exchange = ((CamelEvent.ExchangeCompletedEvent) event).getExchange();
                            if ("try-it".equals(exchange.getFromRouteId())) {
                                answers.add(exchange);
                            }
                        }

                        @Override
                        public boolean isEnabled(CamelEvent event) {
                            return event instanceof CamelEvent.ExchangeCompletedEvent;
                        }
                    });
                }
            });
            main.start();
            try {
                Exchange answer = answers.poll(30, TimeUnit.SECONDS);
                assertThat(answer).as("the route's exchange completed").isNotNull();
                assertThat(answer.getException()).isNull();
                assertThat(answer.getMessage().getBody(String.class)).isEqualTo("echo: What is the capital of France?");
                assertThat(answer.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS)).isEqualTo("completed");
                assertThat(sim.awaitSent("response.done", 1, Duration.ofSeconds(5))).isTrue();
                assertThat(sim.lastConnection().model()).isEqualTo("openai/gpt-realtime");
            } finally {
                main.stop();
            }
        }
    }
}
