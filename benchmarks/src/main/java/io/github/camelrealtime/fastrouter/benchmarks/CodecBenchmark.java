package io.github.camelrealtime.fastrouter.benchmarks;

import java.io.IOException;
import java.nio.CharBuffer;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.protocol.RealtimeCodec;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The component's codec against the naive way on the two hot messages, each carrying 100 ms of pcm16 (4,800 bytes,
 * 6,400 base64 characters): encoding an {@code input_audio_buffer.append} and decoding a
 * {@code response.output_audio.delta}. The naive way builds a Jackson tree with the audio as a {@link Base64} String
 * ({@code writeValueAsString}), and reads one with {@code readTree} and decodes the String. Messages arrive as the
 * JDK WebSocket hands them over, an array-backed {@link CharBuffer}: the codec parses it in place, the naive way
 * turns it into a String first (as {@code StringBuilder.append(data).toString()} does).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    private static final int CHUNK_MILLIS = 100;

    private RealtimeCodec codec;
    private ObjectMapper mapper;
    private byte[] chunk;
    private char[] deltaMessage;

    @Setup
    public void setUp() throws JsonProcessingException {
        codec = new RealtimeCodec();
        mapper = new ObjectMapper();
        chunk = SyntheticAudio.pcm16(CHUNK_MILLIS);
        ObjectNode delta = mapper.createObjectNode();
        delta.put("type", "response.output_audio.delta");
        delta.put("event_id", "event_CzXyd3mJ4kT0pQ8vR2sLw");
        delta.put("response_id", "resp_CzXyd1aB2cD3eF4gH5iJ6");
        delta.put("item_id", "item_CzXyd2kL3mN4oP5qR6sT7");
        delta.put("output_index", 0);
        delta.put("content_index", 0);
        delta.put("delta", Base64.getEncoder().encodeToString(chunk));
        deltaMessage = mapper.writeValueAsString(delta).toCharArray();
    }

    @Benchmark
    public CharSequence encodeAppendComponent() throws ProtocolException {
        return codec.encode(RealtimeEvent.audioAppend(chunk, 0, chunk.length, null), Dialect.GA);
    }

    @Benchmark
    public String encodeAppendNaive() throws JsonProcessingException {
        ObjectNode append = mapper.createObjectNode();
        append.put("type", "input_audio_buffer.append");
        append.put("audio", Base64.getEncoder().encodeToString(chunk));
        return mapper.writeValueAsString(append);
    }

    @Benchmark
    public byte[] decodeDeltaComponent() throws ProtocolException {
        return codec.decodeServer(CharBuffer.wrap(deltaMessage), Dialect.GA).audio();
    }

    @Benchmark
    public byte[] decodeDeltaNaive() throws IOException {
        JsonNode event = mapper.readTree(CharBuffer.wrap(deltaMessage).toString());
        return Base64.getDecoder().decode(event.get("delta").asText());
    }
}
