package io.latentwatch.stream;

import com.networknt.schema.JsonSchema;
import io.latentwatch.stream.OutputRecords.Alert;
import io.latentwatch.stream.OutputRecords.DeadLetter;
import io.latentwatch.stream.OutputRecords.ScoreRecord;
import io.latentwatch.testing.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what a detector wrote to its score, alert and dead-letter topics, validating every record
 * against its JSON Schema, and counts the outcomes of each input record by its input position
 * ({@code topic/partition/offset}), which scores and dead letters both carry.
 */
final class OutputLog implements AutoCloseable {

    private static final JsonSchema ALERT = JsonSchemas.load("alert");
    private static final JsonSchema DEAD_LETTER = JsonSchemas.load("dead-letter");
    private static final JsonSchema SCORE = JsonSchemas.load("score");

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String scoresTopic;
    private final String deadTopic;
    final List<ScoreRecord> scores = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    final Map<String, Integer> outcomesByPosition = new HashMap<>();
    final Map<String, String> alertHeaders = new HashMap<>();

    /**
     * @param readCommitted read only committed transactions, as a consumer of an exactly-once
     *     detector should
     */
    OutputLog(
            String bootstrap,
            boolean readCommitted,
            String scoresTopic,
            String alertTopic,
            String deadTopic) {
        this.scoresTopic = scoresTopic;
        this.deadTopic = deadTopic;
        this.consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "it-reader-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest",
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                readCommitted ? "read_committed" : "read_uncommitted",
                                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                                4 << 20),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        List<String> topics = new ArrayList<>(List.of(alertTopic, deadTopic));
        if (scoresTopic != null) {
            topics.add(scoresTopic);
        }
        consumer.subscribe(topics);
    }

    /** Polls until {@code done} holds or {@code timeout} passes; returns whether it holds. */
    boolean pollUntil(Predicate<OutputLog> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            poll(Duration.ofMillis(200));
        }
        return true;
    }

    /** Polls once. */
    void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            if (r.topic().equals(scoresTopic)) {
                JsonSchemas.assertValid(SCORE, r.value());
                ScoreRecord score = OutputRecords.fromJson(r.value(), ScoreRecord.class);
                scores.add(score);
                count(score.topic(), score.partition(), score.offset());
            } else if (r.topic().equals(deadTopic)) {
                JsonSchemas.assertValid(DEAD_LETTER, r.value());
                DeadLetter letter = OutputRecords.fromJson(r.value(), DeadLetter.class);
                deadLetters.add(letter);
                count(letter.topic(), letter.partition(), letter.offset());
            } else {
                JsonSchemas.assertValid(ALERT, r.value());
                Alert alert = OutputRecords.fromJson(r.value(), Alert.class);
                alerts.add(alert);
                alertHeaders.put(
                        alert.eventId(),
                        new String(
                                r.headers()
                                        .lastHeader(ScoringProcessor.MODEL_VERSION_HEADER)
                                        .value(),
                                StandardCharsets.UTF_8));
            }
        }
    }

    private void count(String topic, int partition, long offset) {
        outcomesByPosition.merge(topic + "/" + partition + "/" + offset, 1, Integer::sum);
    }

    /** Input positions with an outcome. */
    int positions() {
        return outcomesByPosition.size();
    }

    /** Outcomes beyond the first of each input position. */
    int duplicates() {
        return outcomesByPosition.values().stream().mapToInt(n -> n - 1).sum();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
