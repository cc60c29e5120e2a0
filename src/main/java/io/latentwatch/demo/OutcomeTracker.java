package io.latentwatch.demo;

import io.latentwatch.stream.OutputRecords;
import io.latentwatch.stream.OutputRecords.Alert;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the alert and dead-letter topics, as a user of the detector would, and counts what
 * arrives.
 */
public final class OutcomeTracker implements Runnable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String alertTopic;
    private final Set<String> alertIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private volatile String modelVersion = "";

    public OutcomeTracker(String bootstrapServers, String alertTopic, String deadLetterTopic) {
        this.alertTopic = alertTopic;
        this.consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                                ConsumerConfig.GROUP_ID_CONFIG, "latentwatch-demo-tracker",
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        consumer.subscribe(List.of(alertTopic, deadLetterTopic));
    }

    @Override
    public void run() {
        try {
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    accept(record);
                }
            }
        } catch (WakeupException e) {
            // stop() was called
        } finally {
            consumer.close();
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(alertTopic)) {
            Alert alert = OutputRecords.fromJson(record.value(), Alert.class);
            alertIds.add(alert.eventId());
            modelVersion = alert.modelVersion();
            alerts.incrementAndGet();
        } else {
            deadLetters.incrementAndGet();
        }
    }

    /** Stops following; the thread running this tracker then ends. */
    public void stop() {
        consumer.wakeup();
    }

    public long alerts() {
        return alerts.get();
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    /** Ids of the records alerted on so far. */
    public Set<String> alertIds() {
        return Set.copyOf(alertIds);
    }

    /** The model version seen in the last alert, or empty before the first. */
    public String lastModelVersion() {
        return modelVersion;
    }
}
