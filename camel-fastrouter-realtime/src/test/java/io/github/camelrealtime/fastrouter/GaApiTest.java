package io.github.camelrealtime.fastrouter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.RealtimeCodec;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.console.DevConsole;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The GA API as first-class options (issue 10), against the simulator over real sockets. */
class GaApiTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
    private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0,
                                         (byte) 0xFF, (byte) 0xD9 };

    @Test
    void secondReleaseSessionOptionsAreSentAndAccepted() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "reasoning", "dialect=ga&outputModalities=text&reasoningEffort=low&parallelToolCalls=true"
                                           + "&maxOutputTokens=inf&truncation=auto&tracing=auto&prompt=pmpt_1"
                                           + "&include=item.input_audio_transcription.logprobs"
                                           + "&voice=" + encode("{\"id\":\"voice_1234\"}"));

        assertThat(template.requestBody(uri, "think", String.class)).isEqualTo("echo: think");

        JsonNode sent = sim.receivedEvents("session.update").get(0).get("session");
        assertThat(sent.at("/reasoning/effort").asText()).isEqualTo("low");
        assertThat(sent.get("parallel_tool_calls").asBoolean()).isTrue();
        assertThat(sent.get("max_output_tokens").asText()).isEqualTo("inf");
        assertThat(sent.at("/prompt/id").asText()).isEqualTo("pmpt_1");
        assertThat(sent.at("/audio/output/voice/id").asText()).isEqualTo("voice_1234");
        // accepted: the server's session.updated echoes them (a rejected update is answered by an error instead)
        JsonNode updated = sim.sentEvents("session.updated").get(0).get("session");
        assertThat(updated.at("/reasoning/effort").asText()).isEqualTo("low");
        assertThat(sim.sentEvents("error")).isEmpty();
    }

    @Test
    void responseOptionsAreMergedIntoThatExchangesResponseCreateKeepingTheCorrelation() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "options", "dialect=ga&outputModalities=text");

        Exchange inOut = template.request(uri, e -> {
            e.getMessage().setBody("anything");
            e.getMessage().setHeader(FastRouterRealtimeConstants.RESPONSE_OPTIONS,
                    Map.of("instructions", "say: merged", "metadata", Map.of("ticket", "42"), "max_output_tokens", "inf"));
        });
        assertThat(inOut.getException()).isNull();
        assertThat(inOut.getMessage().getBody(String.class)).isEqualTo("merged");
        JsonNode create = sim.receivedEvents("response.create").get(0).get("response");
        assertThat(create.get("instructions").asText()).isEqualTo("say: merged");
        assertThat(create.get("max_output_tokens").asText()).isEqualTo("inf");
        assertThat(create.at("/metadata/ticket").asText()).isEqualTo("42");
        assertThat(create.at("/metadata/camel_request").asText()).isNotEmpty();

        // out of band, asked for by the options themselves
        Exchange oob = template.request(uri, e -> {
            e.getMessage().setBody("side question");
            e.getMessage().setHeader(FastRouterRealtimeConstants.RESPONSE_OPTIONS,
                    "{\"conversation\":\"none\",\"instructions\":\"say: aside\",\"metadata\":{\"topic\":\"x\"}}");
        });
        assertThat(oob.getMessage().getBody(String.class)).isEqualTo("aside");
        JsonNode oobCreate = sim.receivedEvents("response.create").get(1).get("response");
        assertThat(oobCreate.get("conversation").asText()).isEqualTo("none");
        assertThat(oobCreate.at("/input/0/content/0/text").asText()).isEqualTo("side question");
        assertThat(oobCreate.at("/metadata/topic").asText()).isEqualTo("x");
        assertThat(oobCreate.at("/metadata/camel_request").asText()).isNotEmpty();

        // InOnly: with options the text also asks for a response
        template.send(uri, ExchangePattern.InOnly, e -> {
            e.getMessage().setBody("fire and forget");
            e.getMessage().setHeader(FastRouterRealtimeConstants.RESPONSE_OPTIONS, "{\"instructions\":\"say: done\"}");
        });
        assertThat(sim.awaitReceived("response.create", 3, Duration.ofSeconds(10))).isTrue();
        assertThat(sim.receivedEvents("response.create").get(2).at("/response/instructions").asText()).isEqualTo("say: done");

        // a response.create client event: the options go over its own parameters
        Exchange event = template.request(uri, e -> {
            e.getMessage().setBody("{\"type\":\"response.create\",\"response\":{\"instructions\":\"say: own\",\"metadata\":{\"a\":\"1\"}}}");
            e.getMessage().setHeader(FastRouterRealtimeConstants.RESPONSE_OPTIONS, Map.of("metadata", Map.of("b", "2")));
        });
        assertThat(event.getMessage().getBody(String.class)).isEqualTo("own");
        JsonNode merged = sim.receivedEvents("response.create").get(3).at("/response/metadata");
        assertThat(merged.get("a").asText()).isEqualTo("1");
        assertThat(merged.get("b").asText()).isEqualTo("2");
        assertThat(merged.get("camel_request").asText()).isNotEmpty();
    }

    @Test
    void invalidResponseOptionsFailTheExchangeWithNothingSent() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "bad-options", "dialect=ga&outputModalities=text");
        for (Object bad : List.of("{\"metadata\":{\"camel_request\":\"mine\"}}", "[1]", "{\"metadata\":{\"n\":1}}", "{oops")) {
            assertThatThrownBy(() -> template.requestBodyAndHeader(uri, "hi", FastRouterRealtimeConstants.RESPONSE_OPTIONS, bad))
                    .isInstanceOf(CamelExecutionException.class)
                    .cause().hasMessageStartingWith("The header CamelFastRouterRealtimeResponseOptions");
        }
        assertThat(sim.receivedEvents("response.create")).isEmpty();
    }

    @Test
    void usageHeadersAndTheConsoleCarryTheDetailsAndRateLimits() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "usage", "dialect=ga&outputModalities=text");
        template.requestBody(uri, "first question", String.class);
        Exchange second = template.request(uri, e -> e.getMessage().setBody("second question"));

        // the simulator caches the context the previous response saw
        assertThat(second.getMessage().getHeader(FastRouterRealtimeConstants.CACHED_TOKENS, Long.class)).isPositive();
        assertThat(second.getMessage().getHeader(FastRouterRealtimeConstants.INPUT_AUDIO_TOKENS, Long.class)).isZero();
        assertThat(second.getMessage().getHeader(FastRouterRealtimeConstants.OUTPUT_AUDIO_TOKENS, Long.class)).isZero();

        FastRouterRealtimeDevConsole console = new FastRouterRealtimeDevConsole();
        console.setCamelContext(context);
        String text = (String) console.call(DevConsole.MediaType.TEXT, Map.of());
        assertThat(text).containsPattern("Session usage: .*").containsPattern("cached [1-9]")
                .contains("rate limit tokens:");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sessions = (List<Map<String, Object>>) ((Map<String, Object>) console.call(DevConsole.MediaType.JSON,
                Map.of())).get("sessions");
        Map<String, Object> usage = sessions.stream().filter(s -> "usage".equals(s.get("name"))).findFirst().orElseThrow();
        assertThat((Long) usage.get("cachedTokens")).isPositive();
        assertThat(usage.get("rateLimits").toString()).contains("name=tokens");
    }

    @Test
    void usageHeadersOfACapturedShapeResponseDone() throws Exception {
        String done = """
                {"type":"response.done","event_id":"event_1","response":{"object":"realtime.response","id":"resp_1",
                 "status":"completed","status_details":null,"output":[],"conversation_id":"conv_1","output_modalities":["audio"],
                 "max_output_tokens":"inf","audio":{"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"marin"}},
                 "usage":{"total_tokens":253,"input_tokens":171,"output_tokens":82,
                   "input_token_details":{"text_tokens":119,"audio_tokens":52,"image_tokens":0,"cached_tokens":64,
                     "cached_tokens_details":{"text_tokens":64,"audio_tokens":0,"image_tokens":0}},
                   "output_token_details":{"text_tokens":21,"audio_tokens":61}},"metadata":null}}""";
        RealtimeEvent event = new RealtimeCodec().decodeServer(done, Dialect.GA);
        DefaultMessage message = new DefaultMessage(context);

        RealtimeMessages.putEventHeaders(message, event);

        assertThat(message.getHeader(FastRouterRealtimeConstants.TOTAL_TOKENS)).isEqualTo(253L);
        assertThat(message.getHeader(FastRouterRealtimeConstants.INPUT_TOKENS)).isEqualTo(171L);
        assertThat(message.getHeader(FastRouterRealtimeConstants.OUTPUT_TOKENS)).isEqualTo(82L);
        assertThat(message.getHeader(FastRouterRealtimeConstants.CACHED_TOKENS)).isEqualTo(64L);
        assertThat(message.getHeader(FastRouterRealtimeConstants.INPUT_AUDIO_TOKENS)).isEqualTo(52L);
        assertThat(message.getHeader(FastRouterRealtimeConstants.OUTPUT_AUDIO_TOKENS)).isEqualTo(61L);
    }

    @Test
    void anImageInOutGetsTheAnswer(@TempDir Path dir) throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "image", "dialect=ga&outputModalities=text");

        String answer = template.requestBodyAndHeader(uri, PNG, FastRouterRealtimeConstants.IMAGE_TEXT, "What is this?", String.class);

        assertThat(answer).isEqualTo("echo: What is this? [image/png, " + PNG.length + " bytes]");
        JsonNode item = sim.receivedEvents("conversation.item.create").get(0).get("item");
        assertThat(item.at("/content/0/type").asText()).isEqualTo("input_text");
        assertThat(item.at("/content/1/type").asText()).isEqualTo("input_image");
        assertThat(item.at("/content/1/image_url").asText()).startsWith("data:image/png;base64,");

        File jpeg = Files.write(dir.resolve("photo.jpg"), JPEG).toFile();
        assertThat(template.requestBody(uri, jpeg, String.class)).isEqualTo("echo: [image/jpeg, " + JPEG.length + " bytes]");
    }

    @Test
    void anImageCarriesItsDetailLevelAndAnUnknownLevelFailsBeforeAnythingIsSent() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "image-detail", "dialect=ga&outputModalities=text");

        String answer = template.requestBodyAndHeader(uri, PNG, FastRouterRealtimeConstants.IMAGE_DETAIL, "Low", String.class);

        assertThat(answer).isEqualTo("echo: [image/png, " + PNG.length + " bytes, detail low]");
        assertThat(sim.receivedEvents("conversation.item.create").get(0).at("/item/content/0/detail").asText()).isEqualTo("low");

        assertThatThrownBy(() -> template.requestBodyAndHeader(uri, PNG, FastRouterRealtimeConstants.IMAGE_DETAIL, "ultra", String.class))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Header CamelFastRouterRealtimeImageDetail must be auto, low or high, not 'ultra'");
        assertThat(sim.receivedEvents("conversation.item.create")).hasSize(1);
    }

    @Test
    void anImageTooLargeForAClientEventFailsClearly() {
        RealtimeSimulator sim = SIM.simulator();
        byte[] huge = new byte[12 * 1024 * 1024];
        System.arraycopy(PNG, 0, huge, 0, PNG.length);

        assertThatThrownBy(() -> template.requestBody(uri(sim, "huge-image", "dialect=ga&outputModalities=text"), huge, String.class))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than a Realtime client event may carry (15 MiB");
        assertThat(sim.receivedEvents("conversation.item.create")).isEmpty();
    }

    @Test
    void interruptOnASipCallCancelsAndClearsTheServersPlayback() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = uri(sim, "sip", "dialect=ga&callId=rtc_0123");
        template.requestBody(uri, "hello", String.class);

        template.sendBodyAndHeader(uri, null, FastRouterRealtimeConstants.ACTION, "interrupt");

        assertThat(sim.awaitReceived("output_audio_buffer.clear", 1, Duration.ofSeconds(10))).isTrue();
        assertThat(sim.receivedEvents("response.cancel")).hasSize(1);
        assertThat(sim.receivedEvents("conversation.item.truncate")).isEmpty();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
