package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Known traffic, then the meters in a registry found in the Camel registry (docs/metrics.md). */
class MetricsTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("meters", MeterRegistry.class, meters);
        return context;
    }

    private String uri() {
        return uri(SIM.simulator(), "metered", "dialect=ga&outputModalities=text");
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri() + "&eventTypes=response.done").to("mock:done");
            }
        };
    }

    private double count(String name, String... tags) {
        var counter = meters.find(MicrometerMetrics.PREFIX + name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void exchangesResponsesTokensLatencyAndEventsAreCounted() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        Exchange first = template.request(uri(), e -> e.getMessage().setBody("one"));
        Exchange second = template.request(uri(), e -> e.getMessage().setBody("two two"));
        sim.failNextResponse("rate_limit_exceeded", "Rate limit reached. Please try again in 1s.");
        Exchange failed = template.send(uri(), ExchangePattern.InOut, e -> e.getMessage().setBody("three"));
        assertThat(failed.getException()).isNotNull();

        assertThat(count("exchanges", "name", "metered", "kind", "text", "outcome", "ok")).isEqualTo(2);
        assertThat(count("exchanges", "name", "metered", "kind", "text", "outcome", "response_failed")).isEqualTo(1);
        assertThat(count("responses", "name", "metered", "status", "completed")).isEqualTo(2);
        assertThat(count("responses", "name", "metered", "status", "failed")).isEqualTo(1);
        long input = first.getMessage().getHeader(FastRouterRealtimeConstants.INPUT_TOKENS, Long.class)
                     + second.getMessage().getHeader(FastRouterRealtimeConstants.INPUT_TOKENS, Long.class);
        long output = first.getMessage().getHeader(FastRouterRealtimeConstants.OUTPUT_TOKENS, Long.class)
                      + second.getMessage().getHeader(FastRouterRealtimeConstants.OUTPUT_TOKENS, Long.class);
        assertThat(count("tokens", "name", "metered", "type", "input")).isGreaterThanOrEqualTo(input);
        assertThat(count("tokens", "name", "metered", "type", "output")).isGreaterThanOrEqualTo(output);
        assertThat(count("connections", "name", "metered", "kind", "opened")).isEqualTo(1);

        Timer done = meters.find(MicrometerMetrics.PREFIX + "response.latency").tags("name", "metered", "until", "done").timer();
        assertThat(done).isNotNull();
        assertThat(done.count()).isEqualTo(2);
        assertThat(done.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(meters.find(MicrometerMetrics.PREFIX + "sessions.open").tags("name", "metered").gauge().value()).isEqualTo(1);
        assertThat(meters.find(MicrometerMetrics.PREFIX + "send.queue").tags("name", "metered").gauge()).isNotNull();

        // the consumer took the three response.done events and filtered out the rest
        getMockEndpoint("mock:done").expectedMessageCount(3);
        getMockEndpoint("mock:done").assertIsSatisfied(Duration.ofSeconds(10).toMillis());
        assertThat(count("events", "name", "metered", "outcome", "delivered")).isEqualTo(3);
        assertThat(count("events", "name", "metered", "outcome", "filtered")).isGreaterThan(3);
        // no meter carries a session key or an id (phi: the percentiles Micrometer publishes for the timer)
        assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .allSatisfy(t -> assertThat(t.getKey()).isIn("name", "kind", "outcome", "status", "type", "until", "cause", "phi")));
    }

    @Test
    void aLostSocketIsCountedByItsCause() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        assertThat(template.requestBody(uri(), "before", String.class)).isEqualTo("echo: before");
        sim.dropAll();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count("connections", "name", "metered", "kind", "reconnected") < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count("connection.failures", "name", "metered", "cause", "close_1006")).isEqualTo(1);
        assertThat(count("connections", "name", "metered", "kind", "reconnected")).isEqualTo(1);
    }
}
