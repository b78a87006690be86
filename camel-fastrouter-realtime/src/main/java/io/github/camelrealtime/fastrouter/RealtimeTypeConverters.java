package io.github.camelrealtime.fastrouter;

import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.session.ResponseResult;
import org.apache.camel.Converter;

/** Camel type converters for the component's bodies: events to JSON text or a Map, responses to their text. */
@Converter(generateLoader = true)
public final class RealtimeTypeConverters {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private RealtimeTypeConverters() {
    }

    /** The event as its JSON text (audio as base64, as on the wire). */
    @Converter
    public static String eventToString(RealtimeEvent event) {
        return event.toJson();
    }

    /** The event as a Map of its JSON fields. */
    @Converter
    public static Map<String, Object> eventToMap(RealtimeEvent event) {
        return MAPPER.convertValue(MAPPER.valueToTree(event.fields()), MAP);
    }

    /** A response's text, or the transcript of its audio. */
    @Converter
    public static String responseToString(ResponseResult response) {
        return response.spokenOrWrittenText();
    }
}
