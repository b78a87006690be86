import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Build-time generator of the starter's Spring Boot configuration, run by the starter's pom (exec:exec, Java's
 * single-file source launcher) in generate-sources. It reads the component's Camel metadata
 * ({@code META-INF/io/github/camelrealtime/fastrouter/fastrouter-realtime.json}) from the classpath, so the starter
 * always has exactly the component's options, with the component's own descriptions, and writes:
 * <ul>
 * <li>{@code FastRouterRealtimeComponentConfiguration}: {@code @ConfigurationProperties("camel.component.fastrouter-realtime")},
 * one property per component option; Spring Boot's configuration processor turns its javadoc into the IDE metadata;</li>
 * <li>{@code FastRouterRealtimeComponentConverter}: resolves {@code #bean:name} (or {@code #name}) for options that
 * take a bean (sslContextParameters, configuration, ...);</li>
 * <li>{@code META-INF/additional-spring-configuration-metadata.json}: value hints for enum options.</li>
 * </ul>
 * Arguments: the Java output folder, the resource output folder.
 */
public final class GenerateStarterSources {

    static final String JSON = "META-INF/io/github/camelrealtime/fastrouter/fastrouter-realtime.json";
    static final String PACKAGE = "io.github.camelrealtime.fastrouter.springboot";
    static final String PREFIX = "camel.component.fastrouter-realtime";

    public static void main(String[] args) throws IOException {
        Path javaOut = Path.of(args[0]);
        Path resourceOut = Path.of(args[1]);
        JsonNode root;
        try (InputStream in = GenerateStarterSources.class.getClassLoader().getResourceAsStream(JSON)) {
            if (in == null) {
                throw new IllegalStateException(JSON + " is not on the classpath: the starter needs the component jar");
            }
            root = new ObjectMapper().readTree(in);
        }
        List<Option> options = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("componentProperties").properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            options.add(new Option(e.getKey(), e.getValue()));
        }
        String scheme = root.get("component").get("scheme").asText();
        Path pkg = javaOut.resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(pkg);
        write(pkg.resolve("FastRouterRealtimeComponentConfiguration.java"), configuration(scheme, options));
        write(pkg.resolve("FastRouterRealtimeComponentConverter.java"), converter(options));
        Path meta = resourceOut.resolve("META-INF");
        Files.createDirectories(meta);
        write(meta.resolve("additional-spring-configuration-metadata.json"), hints(options));
    }

    /** One component option as the Camel metadata describes it. */
    record Option(String name, JsonNode json) {

        String javaType() {
            return json.get("javaType").asText();
        }

        String type() {
            return json.get("type").asText();
        }

        boolean isDuration() {
            return "duration".equals(type());
        }

        boolean isMap() {
            return javaType().startsWith("java.util.Map");
        }

        /** Options set to a bean: configured as {@code #bean:name} in properties. */
        boolean isBean() {
            return "object".equals(type()) && !isMap();
        }

        String rawClass() {
            String t = javaType();
            int lt = t.indexOf('<');
            return lt < 0 ? t : t.substring(0, lt);
        }

        String fieldType() {
            if (isDuration()) {
                return "Duration";
            }
            return switch (javaType()) {
                case "boolean" -> "java.lang.Boolean";
                case "int" -> "java.lang.Integer";
                case "long" -> "java.lang.Long";
                case "double" -> "java.lang.Double";
                case "float" -> "java.lang.Float";
                default -> javaType().replace("$", ".");
            };
        }

        /** A field initializer for the option's default, or null. Wrapper-typed options mean "server default" when unset. */
        String initializer() {
            JsonNode d = json.get("defaultValue");
            // an explicit null: Spring Boot's processor otherwise reports false/0 for an unset Boolean/Integer,
            // while unset here means "the component's (or the server's) default"
            String none = fieldType().startsWith("java.lang.") && !fieldType().equals("java.lang.String") ? "null" : null;
            if (d == null || d.isNull()) {
                return none;
            }
            String v = d.asText();
            if (isDuration()) {
                return durationLiteral(Long.parseLong(v));
            }
            return switch (javaType()) {
                case "boolean" -> v;
                case "int" -> v;
                case "long" -> v + "L";
                case "double" -> v + "D";
                case "java.lang.String" -> '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
                default -> none;
            };
        }

        String description() {
            StringBuilder s = new StringBuilder(json.path("description").asText("").trim());
            if (s.length() > 0 && s.charAt(s.length() - 1) != '.') {
                s.append('.');
            }
            if (json.has("enum")) {
                List<String> values = new ArrayList<>();
                json.get("enum").forEach(v -> values.add(v.asText()));
                s.append(" One of: ").append(String.join(", ", values)).append('.');
            }
            if (isDuration()) {
                s.append(" A duration, e.g. 500ms, 30s, 5m (a plain number is milliseconds).");
            }
            if (isBean()) {
                s.append(" The option is a ").append(rawClass())
                 .append(" type: refer to a bean with #bean:name.");
            }
            if (isMap()) {
                s.append(" A map: one sub-property per entry.");
            }
            return s.toString();
        }

        String propertyName() {
            return kebab(name);
        }
    }

    static String durationLiteral(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (millis != 0 && millis % 3_600_000 == 0) {
            return "Duration.ofHours(" + d.toHours() + ")";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return "Duration.ofMinutes(" + d.toMinutes() + ")";
        }
        if (millis != 0 && millis % 1000 == 0) {
            return "Duration.ofSeconds(" + d.toSeconds() + ")";
        }
        return "Duration.ofMillis(" + millis + ")";
    }

    static String kebab(String camel) {
        StringBuilder s = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                s.append('-').append(Character.toLowerCase(c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String javadoc(String indent, String text) {
        // plain text as the component documents it (Spring Boot's processor copies it to the metadata as is);
        // only what would end the comment or start a tag is defused
        String safe = text.replace("*/", "* /").replace(" @", " {@literal @}");
        StringBuilder out = new StringBuilder(indent).append("/**\n");
        StringBuilder line = new StringBuilder();
        for (String word : safe.split("\\s+")) {
            if (line.length() + word.length() > 100) {
                out.append(indent).append(" * ").append(line.toString().trim()).append('\n');
                line.setLength(0);
            }
            line.append(word).append(' ');
        }
        if (line.length() > 0) {
            out.append(indent).append(" * ").append(line.toString().trim()).append('\n');
        }
        return out.append(indent).append(" */\n").toString();
    }

    static String configuration(String scheme, List<Option> options) {
        StringBuilder s = new StringBuilder();
        s.append("// Generated at build time by src/build/java/GenerateStarterSources.java from the component's ").append(JSON).append(": do not edit.\n");
        s.append("package ").append(PACKAGE).append(";\n\n");
        s.append("import java.time.Duration;\n\n");
        s.append("import javax.annotation.processing.Generated;\n\n");
        s.append("import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;\n");
        s.append("import org.springframework.boot.context.properties.ConfigurationProperties;\n\n");
        s.append(javadoc("", "The options of the " + scheme + " component, bound from " + PREFIX
                             + ".* (kebab case). Unset options keep the component's own defaults."));
        s.append("@Generated(\"GenerateStarterSources\")\n");
        s.append("@ConfigurationProperties(prefix = \"").append(PREFIX).append("\")\n");
        s.append("public class FastRouterRealtimeComponentConfiguration extends ComponentConfigurationPropertiesCommon {\n\n");
        s.append(javadoc("    ", "Whether to enable auto configuration of the " + scheme
                                 + " component. This is enabled by default."));
        s.append("    private Boolean enabled;\n\n");
        for (Option o : options) {
            s.append(javadoc("    ", o.description()));
            if (o.json.path("deprecated").asBoolean()) {
                s.append("    @Deprecated\n");
            }
            s.append("    private ").append(o.fieldType()).append(' ').append(o.name);
            String init = o.initializer();
            if (init != null) {
                s.append(" = ").append(init);
            }
            s.append(";\n\n");
        }
        for (Option o : options) {
            String cap = capitalize(o.name);
            s.append("    public ").append(o.fieldType()).append(" get").append(cap).append("() {\n");
            s.append("        return ").append(o.name).append(";\n    }\n\n");
            s.append("    public void set").append(cap).append('(').append(o.fieldType()).append(' ').append(o.name).append(") {\n");
            s.append("        this.").append(o.name).append(" = ").append(o.name).append(";\n    }\n\n");
        }
        s.setLength(s.length() - 1);
        s.append("}\n");
        return s.toString();
    }

    static String converter(List<Option> options) {
        Set<String> types = new LinkedHashSet<>();
        for (Option o : options) {
            if (o.isBean()) {
                types.add(o.rawClass().replace("$", "."));
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("// Generated at build time by src/build/java/GenerateStarterSources.java from the component's ").append(JSON).append(": do not edit.\n");
        s.append("package ").append(PACKAGE).append(";\n\n");
        s.append("import java.util.LinkedHashSet;\nimport java.util.Set;\n\n");
        s.append("import javax.annotation.processing.Generated;\n\n");
        s.append("import org.springframework.beans.factory.annotation.Autowired;\n");
        s.append("import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;\n");
        s.append("import org.springframework.context.ApplicationContext;\n");
        s.append("import org.springframework.core.convert.TypeDescriptor;\n");
        s.append("import org.springframework.core.convert.converter.GenericConverter;\n");
        s.append(javadoc("", "Binds the options that take a bean (" + String.join(", ", types)
                             + ") from a reference to a bean of the application context: #bean:name or #name."));
        s.append("@Generated(\"GenerateStarterSources\")\n");
        s.append("@ConfigurationPropertiesBinding\n");
        s.append("public class FastRouterRealtimeComponentConverter implements GenericConverter {\n\n");
        s.append("    @Autowired\n    private ApplicationContext applicationContext;\n\n");
        s.append("    @Override\n    public Set<ConvertiblePair> getConvertibleTypes() {\n");
        s.append("        Set<ConvertiblePair> answer = new LinkedHashSet<>();\n");
        for (String t : types) {
            s.append("        answer.add(new ConvertiblePair(String.class, ").append(t).append(".class));\n");
        }
        s.append("        return answer;\n    }\n\n");
        s.append("    @Override\n    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {\n");
        s.append("        if (source == null) {\n            return null;\n        }\n");
        s.append("        String ref = source.toString();\n");
        s.append("        if (!ref.startsWith(\"#\")) {\n            return null;\n        }\n");
        s.append("        ref = ref.startsWith(\"#bean:\") ? ref.substring(6) : ref.substring(1);\n");
        s.append("        return applicationContext.getBean(ref, targetType.getType());\n    }\n}\n");
        return s.toString();
    }

    static String hints(List<Option> options) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode hints = root.putArray("hints");
        for (Option o : options) {
            if (!o.json.has("enum")) {
                continue;
            }
            ObjectNode hint = hints.addObject();
            hint.put("name", PREFIX + "." + o.propertyName());
            ArrayNode values = hint.putArray("values");
            o.json.get("enum").forEach(v -> values.addObject().put("value", v.asText()));
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    static void write(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return; // unchanged: keep the timestamp so incremental compiles stay incremental
        }
        Files.write(file, bytes);
    }

    private GenerateStarterSources() {
    }
}
