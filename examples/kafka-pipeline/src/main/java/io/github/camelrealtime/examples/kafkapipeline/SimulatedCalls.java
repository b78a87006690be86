package io.github.camelrealtime.examples.kafkapipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.camelrealtime.fastrouter.audio.AudioConverter;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays simulated phone calls into {@code call-audio} as a telephony bridge would: each call is a real speech recording
 * said several times with silence between, cut into 20 ms pcm16 frames (key: the call id, header
 * {@code CamelFastRouterRealtimeAudioFormat: pcm16}, {@code CallEnded: true} on the last), produced at real-time pace,
 * the calls interleaved frame by frame on one clock.
 */
public final class SimulatedCalls {

    public static final int FRAME_MS = 20;
    static final int FRAME_BYTES = AudioFormat.PCM16.sampleRate() / 1000 * 2 * FRAME_MS;

    /** One call: the speech said {@code utterances} times, starting {@code startMs} after the clock starts. */
    public record Call(String id, byte[] speech, int utterances, int startMs, int gapMs) {
        /** The frames; {@code speechStarts[i]} is the index of utterance i's first frame. */
        List<byte[]> frames(int[] speechStarts) {
            List<byte[]> frames = new ArrayList<>();
            addSilence(frames, 200);
            for (int u = 0; u < utterances; u++) {
                speechStarts[u] = frames.size();
                for (int off = 0; off < speech.length; off += FRAME_BYTES) {
                    byte[] frame = new byte[FRAME_BYTES];
                    System.arraycopy(speech, off, frame, 0, Math.min(FRAME_BYTES, speech.length - off));
                    frames.add(frame);
                }
                addSilence(frames, gapMs);
            }
            return frames;
        }

        private static void addSilence(List<byte[]> frames, int ms) {
            for (int i = 0; i < ms / FRAME_MS; i++) {
                frames.add(new byte[FRAME_BYTES]);
            }
        }
    }

    /** What was played: per call, frames sent and when each utterance's speech started (epoch ms). */
    public static final class Played {
        final Map<String, Integer> framesSent = new ConcurrentHashMap<>();
        final Map<String, List<Long>> utteranceStarts = new ConcurrentHashMap<>();
        final List<String> errors = new CopyOnWriteArrayList<>();

        public int framesSent(String call) {
            return framesSent.getOrDefault(call, 0);
        }

        public List<Long> utteranceStarts(String call) {
            return utteranceStarts.getOrDefault(call, List.of());
        }
    }

    private SimulatedCalls() {
    }

    /** The bundled recordings {@code calls/call-1.wav} … as 24 kHz pcm16. */
    public static byte[] speech(int n) {
        String resource = "calls/call-" + n + ".wav";
        try (InputStream in = SimulatedCalls.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return AudioConverter.toFormat(in.readAllBytes(), null, AudioFormat.PCM16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Plays the calls in real time and returns when every frame has been acknowledged by the broker. */
    public static Played play(String bootstrapServers, List<Call> calls) {
        Played played = new Played();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<List<byte[]>> frames = new ArrayList<>();
            List<int[]> starts = new ArrayList<>();
            int ticks = 0;
            for (Call call : calls) {
                int[] speechStarts = new int[call.utterances()];
                List<byte[]> f = call.frames(speechStarts);
                frames.add(f);
                starts.add(speechStarts);
                played.utteranceStarts.put(call.id(), new CopyOnWriteArrayList<>());
                ticks = Math.max(ticks, call.startMs() / FRAME_MS + f.size());
            }
            long t0 = System.nanoTime();
            for (int tick = 0; tick < ticks; tick++) {
                long due = t0 + TimeUnit.MILLISECONDS.toNanos((long) tick * FRAME_MS);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                for (int c = 0; c < calls.size(); c++) {
                    Call call = calls.get(c);
                    int index = tick - call.startMs() / FRAME_MS;
                    List<byte[]> f = frames.get(c);
                    if (index < 0 || index >= f.size()) {
                        continue;
                    }
                    for (int start : starts.get(c)) {
                        if (start == index) {
                            played.utteranceStarts.get(call.id()).add(System.currentTimeMillis());
                        }
                    }
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("CamelFastRouterRealtimeAudioFormat", "pcm16".getBytes(StandardCharsets.UTF_8));
                    if (index == f.size() - 1) {
                        headers.add(CallTracker.CALL_ENDED, "true".getBytes(StandardCharsets.UTF_8));
                    }
                    producer.send(new ProducerRecord<>("call-audio", null, call.id(), f.get(index), headers), (meta, error) -> {
                        if (error != null) {
                            played.errors.add(call.id() + ": " + error.getMessage());
                        }
                    });
                    played.framesSent.merge(call.id(), 1, Integer::sum);
                }
            }
            producer.flush();
        }
        return played;
    }
}
