package io.github.camelrealtime.fastrouter.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The component under test, used as a route would use it: a producer sending {@code byte[]} pcm16 InOnly (the
 * component chunks, encodes and writes the appends) and JSON client events, and a consumer route on the same session
 * name receiving {@code response.output_audio.delta} as decoded {@code byte[]} bodies.
 */
final class ComponentClient implements LoadClient {

    private final URI baseUrl;
    private final String apiKey;
    private final int chunkMillis;
    private final CamelContext context = new DefaultCamelContext();
    private final ByteTally audioReceived = new ByteTally();
    private ProducerTemplate template;
    private String uri;

    ComponentClient(URI baseUrl, String apiKey, int chunkMillis) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.chunkMillis = chunkMillis;
    }

    @Override
    public String name() {
        return "component";
    }

    @Override
    public void open(Duration timeout) throws Exception {
        uri = "fastrouter-realtime:load?baseUrl=" + baseUrl + "&apiKey=" + apiKey + "&dialect=ga&chunkMillis=" + chunkMillis
                + "&connectTimeout=" + timeout.toMillis() + "&responseTimeout=" + timeout.toMillis();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&eventTypes=response.output_audio.delta")
                        .process(exchange -> audioReceived.add(exchange.getMessage().getBody(byte[].class).length));
            }
        });
        context.start();
        template = context.createProducerTemplate();
        // InOnly completes once written, so this returns when the shared session is open
        sendEvent("{\"type\":\"input_audio_buffer.clear\"}");
    }

    @Override
    public void sendAudio(byte[] pcm16) {
        template.sendBody(uri, pcm16);
    }

    @Override
    public void sendEvent(String json) {
        template.sendBody(uri, json);
    }

    @Override
    public CompletableFuture<Long> expectAudio(long bytes) {
        return audioReceived.expectMore(bytes);
    }

    @Override
    public void close() throws Exception {
        context.close();
    }
}
