package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the event catalog and knows where the captures are; expectations derive from the catalog, not the code. */
final class ProtocolTestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final Path CAPTURES = Path.of(
            "../camel-fastrouter-realtime-test/src/main/resources/io/github/camelrealtime/fastrouter/test/captures");

    private static final JsonNode CATALOG = readCatalog();

    private ProtocolTestSupport() {
    }

    static JsonNode catalog() {
        return CATALOG;
    }

    /** Client types a dialect puts on the wire: the SDK union plus the names accepted on the wire. */
    static List<String> catalogClientTypes(Dialect dialect) {
        JsonNode section = CATALOG.get(dialect.wireName());
        List<String> types = strings(section.get("client"));
        types.addAll(strings(section.get("client_accepted_on_wire_not_in_union")));
        return types;
    }

    /** Server types a dialect puts on the wire: the SDK union plus the names seen on the wire. */
    static List<String> catalogServerTypes(Dialect dialect) {
        JsonNode section = CATALOG.get(dialect.wireName());
        List<String> types = strings(section.get("server"));
        types.addAll(strings(section.get("server_seen_on_wire_not_in_union")));
        return types;
    }

    /**
     * The canonical type of a wire name: the catalog's {@code renamed_beta_to_ga} (first word of each value) for beta,
     * plus the two rules the catalog states elsewhere: {@code transcription_session.update} is the beta name of a
     * transcription {@code session.update}, and the early {@code output_audio_buffer.audio_*} names are the
     * current {@code output_audio_buffer.*} ones.
     */
    static String expectedCanonical(Dialect dialect, String wireType) {
        if (dialect == Dialect.GA) {
            return wireType;
        }
        return betaRenames().getOrDefault(wireType, wireType);
    }

    static Map<String, String> betaRenames() {
        Map<String, String> renames = new LinkedHashMap<>();
        CATALOG.get("renamed_beta_to_ga").properties()
                .forEach(entry -> renames.put(entry.getKey(), entry.getValue().textValue().split(" ")[0]));
        renames.put("transcription_session.update", "session.update");
        for (String suffix : List.of("started", "stopped", "cleared")) {
            renames.put("output_audio_buffer.audio_" + suffix, "output_audio_buffer." + suffix);
        }
        return renames;
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> result.add(node.textValue()));
        }
        return result;
    }

    private static JsonNode readCatalog() {
        try (InputStream in = ProtocolTestSupport.class.getResourceAsStream("/protocol/protocol-event-catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("protocol/protocol-event-catalog.json is not on the test classpath");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
