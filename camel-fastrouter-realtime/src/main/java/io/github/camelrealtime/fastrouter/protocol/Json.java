package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Jackson set-up shared by the protocol classes. */
final class Json {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** For {@link RealtimeEvent#toJson()} and other off-hot-path conversions. */
    static final ObjectMapper SHARED = newMapper();

    private Json() {
    }

    static ObjectMapper newMapper() {
        // Message size is bounded by the transport (maxMessageSize); Jackson's own 20M-char string cap must not
        // reject a large conversation.item.retrieved that the transport accepted.
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        // events are written field by field into an in-memory writer: flushing after each field only costs
        mapper.disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        return mapper;
    }
}
