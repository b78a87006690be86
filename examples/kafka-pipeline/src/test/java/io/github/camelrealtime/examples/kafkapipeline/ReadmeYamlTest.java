package io.github.camelrealtime.examples.kafkapipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Kafka YAML route in the README and the docs is this example's route file, which {@link KafkaPipelineFailoverTest}
 * runs on the in-process broker.
 */
class ReadmeYamlTest {

    private static final Path ROUTES = Path.of("src/main/resources/routes/kafka-pipeline.yaml");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmeKafkaYamlIsTheExampleRouteFile() throws Exception {
        List<String> kafka = kafkaBlocks(Path.of("../../README.md"));
        assertThat(kafka).hasSize(1);
        assertThat(kafka.get(0)).isEqualTo(Files.readString(ROUTES, StandardCharsets.UTF_8));
    }

    @Test
    void theDocsShowNoOtherKafkaYaml() throws Exception {
        for (String doc : List.of("../../docs/vad-streaming.md", "../../docs/transcription.md", "../../docs/kafka.md")) {
            for (String block : kafkaBlocks(Path.of(doc))) {
                assertThat(block).as(doc).isEqualTo(Files.readString(ROUTES, StandardCharsets.UTF_8));
            }
        }
    }

    private static List<String> kafkaBlocks(Path markdown) throws Exception {
        if (!Files.exists(markdown)) {
            return List.of();
        }
        Matcher m = YAML_BLOCK.matcher(Files.readString(markdown, StandardCharsets.UTF_8));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).contains("kafka:")) {
                blocks.add(m.group(1));
            }
        }
        return blocks;
    }
}
