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
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's file YAML route, loaded through the YAML DSL exactly as written there and run against the simulator. Only
 * the folders are swapped for temporary ones; the server and key come from the component's configuration, as an
 * application would set them. The README's Kafka YAML is examples/kafka-pipeline's route file, run there on a real
 * in-process broker (KafkaPipelineFailoverTest) and compared with the README (ReadmeYamlTest).
 */
class YamlRouteTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create();

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path work;

    @Test
    void theReadmeYamlFileRouteAnswersAQuestion() throws Exception {
        RealtimeSimulator sim = SIM.simulator();
        FastRouterRealtimeConfiguration defaults = context.getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class)
                .getConfiguration();
        defaults.setBaseUrl(sim.baseUrl().toString());
        defaults.setApiKey(RealtimeSimulator.DEFAULT_API_KEY);
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Path outbox = work.resolve("outbox");
        byte[] question = AudioInOutTest.tone(600);
        Files.write(inbox.resolve("question.wav"), WavFiles.toWav(question, AudioFormat.PCM16));

        List<String> blocks = readmeYaml().stream().filter(b -> !b.contains("kafka:")).toList();
        assertThat(blocks).hasSize(1);
        String yaml = blocks.get(0)
                .replace("uri: file:inbox", "uri: file:" + inbox)
                .replace("to: file:outbox", "to: file:" + outbox);

        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("readme-routes.yaml", yaml));
        assertThat(context.getRoutes()).hasSize(1);

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
