package io.github.camelrealtime.fastrouter.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata Spring Boot's processor built covers every option of the component, with the component's own
 * description and default, and value hints for its enums. The configuration class is generated from the same JSON,
 * so this fails if that generation is skipped or breaks, or if the processor loses a property.
 */
class ConfigurationMetadataTest {

    static final String PREFIX = "camel.component.fastrouter-realtime.";

    @Test
    void everyComponentOptionIsADocumentedProperty() throws IOException {
        JsonNode component = read("META-INF/io/github/camelrealtime/fastrouter/fastrouter-realtime.json").get("componentProperties");
        JsonNode metadata = read("META-INF/spring-configuration-metadata.json");
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        metadata.get("properties").forEach(p -> properties.put(p.get("name").asText(), p));
        Map<String, JsonNode> hints = new LinkedHashMap<>();
        metadata.path("hints").forEach(h -> hints.put(h.get("name").asText(), h));

        List<String> expected = new ArrayList<>();
        component.properties().forEach(e -> {
            String name = PREFIX + GenerateNames.kebab(e.getKey());
            expected.add(name);
            JsonNode option = e.getValue();
            assertThat(properties).as("a property for option %s", e.getKey()).containsKey(name);
            JsonNode property = properties.get(name);
            String description = option.get("description").asText().replaceAll("\\.$", "");
            assertThat(property.path("description").asText()).as(name).startsWith(description);
            if (option.has("enum")) {
                List<String> values = new ArrayList<>();
                hints.get(name).get("values").forEach(v -> values.add(v.get("value").asText()));
                List<String> enums = new ArrayList<>();
                option.get("enum").forEach(v -> enums.add(v.asText()));
                assertThat(values).as(name).containsExactlyElementsOf(enums);
            }
            if (option.has("defaultValue") && !option.get("javaType").asText().startsWith("java.lang.Boolean")
                && !"duration".equals(option.get("type").asText())) {
                assertThat(property.get("defaultValue").asText()).as(name).isEqualTo(option.get("defaultValue").asText());
            }
        });
        expected.add(PREFIX + "enabled");
        expected.add(PREFIX + "customizer.enabled");
        assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(properties.get(PREFIX + "connect-timeout").get("defaultValue").asText()).isEqualTo("10s");
        assertThat(properties.get(PREFIX + "create-response").has("defaultValue")).as("server default: none").isFalse();
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    /** Camel option name to Spring Boot property name. */
    static final class GenerateNames {
        static String kebab(String camel) {
            return camel.replaceAll("([A-Z])", "-$1").toLowerCase();
        }
    }
}
