package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;

/** Writes one event object: {@code type} first, then the fields in order, then the audio as base64. */
final class EventWriter {

    private EventWriter() {
    }

    static void write(JsonGenerator generator, ObjectMapper mapper, String wireType, ObjectNode fields,
                      String audioField, byte[] audio, int audioOffset, int audioLength) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("type", wireType);
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            String name = field.getKey();
            if (name.equals("type") || (audio != null && name.equals(audioField))) {
                continue;
            }
            generator.writeFieldName(name);
            mapper.writeTree(generator, field.getValue());
        }
        if (audio != null) {
            generator.writeFieldName(audioField);
            // base64 straight from the byte[] into the output: no intermediate String of the payload
            Base64Payloads.write(generator, audio, audioOffset, audioLength);
        }
        generator.writeEndObject();
    }
}
