package io.github.camelrealtime.fastrouter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.WavFiles;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's YAML routes, loaded through the YAML DSL exactly as written there and run against the simulator. Only
 * what a test cannot have is swapped: the folders for temporary ones, Kafka for direct/mock endpoints; the server and
 * key come from the component's configuration, as an application would set them.
 */
class YamlRouteTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path work;

    @Test
    void theReadmeYamlRoutesAnswerAFileQuestionAndStreamedCallAudio() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        FastRouterRealtimeConfiguration defaults = context.getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class)
                .getConfiguration();
        defaults.setBaseUrl(sim.baseUrl().toString());
        defaults.setApiKey(RealtimeSimulator.DEFAULT_API_KEY);
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Path outbox = work.resolve("outbox");
        byte[] question = AudioInOutTest.tone(600);
        Files.write(inbox.resolve("question.wav"), WavFiles.toWav(question, AudioFormat.PCM16));

        List<String> blocks = readmeYaml();
        assertThat(blocks).hasSize(2);
        String yaml = String.join("\n", blocks)
                .replace("uri: file:inbox", "uri: file:" + inbox)
                .replace("to: file:outbox", "to: file:" + outbox)
                .replace("uri: kafka:call-audio", "uri: direct:call-audio")
                .replace("to: kafka:call-replies", "to: mock:call-replies");
        MockEndpoint replies = getMockEndpoint("mock:call-replies");
        replies.expectedMessageCount(2);
        replies.setResultWaitTime(30_000);

        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("readme-routes.yaml", yaml));
        assertThat(context.getRoutes()).hasSize(3);

        // the file route: a WAV question in, the spoken answer and its transcript out
        Path replyWav = outbox.resolve("question-reply.wav");
        Path replyText = outbox.resolve("question-reply.txt");
        assertThat(FailureModesSupport.eventually(FailureModesSupport.WAIT,
                () -> Files.exists(replyText) && Files.exists(inbox.resolve("done/question.wav")))).isTrue();
        byte[] wav = Files.readAllBytes(replyWav);
        assertThat(WavFiles.isWav(wav)).isTrue();
        assertThat(wav).hasSize(44 + question.length);
        assertThat(Files.readString(replyText, StandardCharsets.UTF_8)).isEqualTo("[simulated transcript of 0.60 s of audio]");
        assertThat(sim.connections()).anySatisfy(c -> assertThat(c.model()).isEqualTo("openai/gpt-realtime"));

        // the call routes: two calls stream speech then silence InOnly; server VAD answers each, one reply per call
        for (String call : List.of("call-1", "call-2")) {
            for (byte[] chunk : List.of(AudioInOutTest.tone(500), new byte[24_000])) {
                template.sendBodyAndHeader("direct:call-audio", chunk, "kafka.KEY", call);
            }
        }
        replies.assertIsSatisfied();
        List<String> keys = new ArrayList<>();
        for (Exchange reply : replies.getExchanges()) {
            keys.add(reply.getMessage().getHeader("kafka.KEY", String.class));
            assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.SESSION_KEY)).isEqualTo(keys.get(keys.size() - 1));
            assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS)).isEqualTo("completed");
            assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.TRANSCRIPT, String.class)).startsWith("[simulated transcript");
            assertThat(reply.getMessage().getBody(byte[].class)).isNotEmpty();
        }
        assertThat(keys).containsExactlyInAnyOrder("call-1", "call-2");
    }

    private static List<String> readmeYaml() throws Exception {
        assertThat(README).as("the README at the repository root").exists();
        Matcher m = YAML_BLOCK.matcher(Files.readString(README, StandardCharsets.UTF_8));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }
}
