package io.github.camelrealtime.fastrouter;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Endpoint;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalog metadata (the component JSON tools and IDEs read, and that the Endpoint DSL, the starter and the docs
 * tables are generated from) against what the component really accepts: the annotated fields, the generated configurers
 * and URI factory, and endpoints created from URIs. Also the {@code component.properties} tooling looks for.
 */
class ComponentMetadataTest extends CamelTestSupport {

    private static final String JSON = "META-INF/io/github/camelrealtime/fastrouter/fastrouter-realtime.json";
    private static final String SCHEME = "fastrouter-realtime";

    private static JsonNode json() throws Exception {
        try (InputStream in = ComponentMetadataTest.class.getClassLoader().getResourceAsStream(JSON)) {
            assertThat(in).as(JSON).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static Map<String, JsonNode> options(JsonNode json, String section, String kind) {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.get(section).properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (kind == null || kind.equals(e.getValue().path("kind").asText())) {
                result.put(e.getKey(), e.getValue());
            }
        }
        return result;
    }

    /** Names of the @UriParam/@UriPath fields of a class, its superclasses and its @UriParams members. */
    private static void annotatedOptions(Class<?> type, Set<String> params, Set<String> paths) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getAnnotation(UriParams.class) != null || f.getType().getAnnotation(UriParams.class) != null) {
                    annotatedOptions(f.getType(), params, paths); // a nested options class: its options, not its name
                    continue;
                }
                UriParam param = f.getAnnotation(UriParam.class);
                if (param != null) {
                    params.add(param.name().isEmpty() ? f.getName() : param.name());
                }
                UriPath path = f.getAnnotation(UriPath.class);
                if (path != null) {
                    paths.add(path.name().isEmpty() ? f.getName() : path.name());
                }
            }
        }
    }

    @Test
    void theEndpointOptionsOfTheJsonAreTheAnnotatedFields() throws Exception {
        JsonNode json = json();
        Set<String> params = new TreeSet<>();
        Set<String> paths = new TreeSet<>();
        annotatedOptions(FastRouterRealtimeEndpoint.class, params, paths);
        assertThat(new TreeSet<>(options(json, "properties", "parameter").keySet())).isEqualTo(params);
        assertThat(new TreeSet<>(options(json, "properties", "path").keySet())).isEqualTo(paths);
    }

    @Test
    void theJsonAgreesWithTheGeneratedConfigurersAndUriFactory() throws Exception {
        JsonNode json = json();
        Map<String, JsonNode> endpointOptions = options(json, "properties", "parameter");
        PropertyConfigurerGetter endpointConfigurer = (PropertyConfigurerGetter) PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer(SCHEME + "-endpoint", context);
        assertThat(endpointConfigurer).as("the generated endpoint configurer").isNotNull();
        for (String name : endpointOptions.keySet()) {
            assertThat(endpointConfigurer.getOptionType(name, false)).as("endpoint option %s", name).isNotNull();
        }
        assertThat(endpointConfigurer.getOptionType("notAnOption", false)).isNull();

        FastRouterRealtimeComponent component = context.getComponent(SCHEME, FastRouterRealtimeComponent.class);
        PropertyConfigurerGetter componentConfigurer = (PropertyConfigurerGetter) PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer(SCHEME + "-component", context);
        assertThat(componentConfigurer).as("the generated component configurer").isNotNull();
        for (Map.Entry<String, JsonNode> e : options(json, "componentProperties", null).entrySet()) {
            assertThat(componentConfigurer.getOptionType(e.getKey(), false)).as("component option %s", e.getKey()).isNotNull();
            assertDefault(e.getKey(), e.getValue(), componentConfigurer.getOptionValue(component, e.getKey(), false));
        }
        // the defaults the JSON states are the ones a fresh endpoint has
        Endpoint fresh = component.createEndpoint(SCHEME + ":defaults");
        for (Map.Entry<String, JsonNode> e : endpointOptions.entrySet()) {
            assertDefault(e.getKey(), e.getValue(), endpointConfigurer.getOptionValue(fresh, e.getKey(), false));
        }

        // every component option is a @Metadata field of the component or an option of its configuration
        Set<String> componentFields = new TreeSet<>();
        for (Class<?> c = FastRouterRealtimeComponent.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getAnnotation(Metadata.class) != null) {
                    componentFields.add(f.getName());
                }
            }
        }
        Set<String> configurationOptions = new TreeSet<>();
        annotatedOptions(FastRouterRealtimeConfiguration.class, configurationOptions, new TreeSet<>());
        for (String name : options(json, "componentProperties", null).keySet()) {
            assertThat(componentFields.contains(name) || configurationOptions.contains(name)).as(name).isTrue();
        }

        EndpointUriFactory uriFactory = PluginHelper.getUriFactoryResolver(context).resolveFactory(SCHEME, context);
        assertThat(uriFactory).as("the generated EndpointUriFactory").isNotNull();
        assertThat(new TreeSet<>(uriFactory.propertyNames())).isEqualTo(new TreeSet<>(options(json, "properties", null).keySet()));
        Set<String> secrets = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        endpointOptions.forEach((name, option) -> {
            if (option.path("secret").asBoolean()) {
                secrets.add(name);
            }
            if (option.path("multiValue").asBoolean()) {
                prefixes.add(option.path("prefix").asText());
            }
        });
        assertThat(new TreeSet<>(uriFactory.secretPropertyNames())).isEqualTo(secrets);
        assertThat(new TreeSet<>(uriFactory.multiValuePrefixes().values())).isEqualTo(prefixes);
    }

    private static void assertDefault(String name, JsonNode option, Object actual) {
        JsonNode d = option.get("defaultValue");
        boolean wrapper = option.path("javaType").asText().startsWith("java.lang.") && !"java.lang.String".equals(option.path("javaType").asText());
        if (d == null || d.isNull() || (wrapper && d.isBoolean() && !d.asBoolean())) {
            // no default; camel-package-maven-plugin states "false" for every unset Boolean, which here means "not sent"
            // (the docs tables say "server default")
            if ("string".equals(option.path("type").asText())) {
                assertThat(actual).as("%s has no default", name).isNull();
            }
            return;
        }
        if (actual != null) { // null: applied where used (e.g. inputAudioFormat resolves to pcm16 when the session starts)
            assertThat(String.valueOf(actual)).as("default of %s", name).isEqualTo(d.asText());
        }
    }

    @Test
    void anEndpointAcceptsEveryOptionOfTheJsonAndRefusesOthers() throws Exception {
        JsonNode json = json();
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, Object> expected = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : options(json, "properties", "parameter").entrySet()) {
            String name = e.getKey();
            JsonNode option = e.getValue();
            String type = option.path("type").asText();
            if (option.path("multiValue").asBoolean()) {
                query.put(option.path("prefix").asText() + "sample", "direct:sample");
                continue;
            }
            String value;
            if (option.has("enum")) {
                value = option.get("enum").get(option.get("enum").size() - 1).asText();
            } else {
                value = switch (type) {
                    case "boolean" -> "true";
                    case "integer" -> "7";
                    case "number" -> "0.75";
                    case "duration" -> "1234";
                    case "string" -> sampleString(name);
                    default -> null; // beans (sslContextParameters, exceptionHandler): bound by reference, not tried here
                };
            }
            if (value != null) {
                query.put(name, value);
                expected.put(name, value);
            }
        }
        StringBuilder uri = new StringBuilder(SCHEME + ":all?");
        query.forEach((k, v) -> uri.append(k).append("=RAW(").append(v).append(")&"));
        uri.setLength(uri.length() - 1);

        // created and configured as from a route, but not initialised: the values need not make a valid session together
        FastRouterRealtimeComponent component = context.getComponent(SCHEME, FastRouterRealtimeComponent.class);
        Endpoint endpoint = component.createEndpoint(uri.toString());
        PropertyConfigurerGetter configurer = (PropertyConfigurerGetter) PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer(SCHEME + "-endpoint", context);
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            Object actual = configurer.getOptionValue(endpoint, e.getKey(), false);
            assertThat(String.valueOf(actual)).as(e.getKey()).isEqualTo(String.valueOf(e.getValue()));
        }
        assertThat(((FastRouterRealtimeEndpoint) endpoint).getConfiguration().getHeaders()).containsKey("sample");
        assertThat(((FastRouterRealtimeEndpoint) endpoint).getConfiguration().getToolRoutes()).containsKey("sample");

        assertThatThrownBy(() -> component.createEndpoint(SCHEME + ":all?notAnOption=1"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("notAnOption");
    }

    private static String sampleString(String option) {
        return switch (option) {
            case "baseUrl" -> "ws://127.0.0.1:1/v1/realtime";
            case "tools" -> "[{\"type\":\"function\",\"name\":\"sample\",\"parameters\":{\"type\":\"object\"}}]";
            case "sessionConfig" -> "{\"tracing\":\"auto\"}";
            case "eventTypes" -> "response.done";
            default -> "sample";
        };
    }

    @Test
    void theJarCarriesComponentPropertiesAsCamelsComponentJarsDo() throws Exception {
        JsonNode component = json().get("component");
        Properties ours = null;
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/services/org/apache/camel/component.properties"))) {
            Properties p = new Properties();
            try (InputStream in = url.openStream()) {
                p.load(in);
            }
            if (component.get("artifactId").asText().equals(p.getProperty("artifactId"))) {
                ours = p;
            }
        }
        assertThat(ours).as("our component.properties on the classpath").isNotNull();
        assertThat(ours.getProperty("components")).isEqualTo(SCHEME);
        assertThat(ours.getProperty("groupId")).isEqualTo(component.get("groupId").asText());
        assertThat(ours.getProperty("version")).isEqualTo(component.get("version").asText());
        // each listed component resolves through the file Camel looks up by scheme
        Set<String> listed = new LinkedHashSet<>(java.util.List.of(ours.getProperty("components").split(" ")));
        for (String scheme : listed) {
            assertThat(getClass().getClassLoader().getResource("META-INF/services/org/apache/camel/component/" + scheme)).isNotNull();
            assertThat(context.getComponent(scheme)).isInstanceOf(FastRouterRealtimeComponent.class);
        }
    }
}
