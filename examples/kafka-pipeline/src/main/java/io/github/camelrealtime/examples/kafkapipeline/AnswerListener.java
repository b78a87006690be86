package io.github.camelrealtime.examples.kafkapipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code call-replies} and {@code call-transcripts} from their current end, as the caller's side would. */
public final class AnswerListener implements AutoCloseable {

    /** One answer: when it arrived, how many audio bytes, and which instance answered. */
    public record Answer(long receivedAt, int audioBytes, String instance) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, List<String>> transcripts = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public AnswerListener(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of("call-replies", "call-transcripts")) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);   // fix the start now, before any call is played
        thread = new Thread(this::poll, "answer-listener");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals("call-replies")) {
                        Header instance = r.headers().lastHeader("PipelineInstance");
                        answers.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(new Answer(System.currentTimeMillis(),
                                r.value() == null ? 0 : r.value().length,
                                instance == null ? "?" : new String(instance.value(), StandardCharsets.UTF_8)));
                    } else {
                        transcripts.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>())
                                .add(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    public List<Answer> answers(String call) {
        return List.copyOf(answers.getOrDefault(call, List.of()));
    }

    public List<String> transcripts(String call) {
        return List.copyOf(transcripts.getOrDefault(call, List.of()));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
