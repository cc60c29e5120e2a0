package io.latentwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentwatch.LatentwatchException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code latentwatch alerts}: follows the alert topic and prints each alert, readably or as its
 * JSON. It reads every partition without joining a consumer group, so it commits nothing and leaves
 * nothing behind on the brokers.
 */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = "Follow the alert topic and print each alert, readably or as raw JSON.")
final class AlertsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    @Spec CommandSpec spec;

    @Mixin KafkaClientOptions kafka;

    @Option(
            names = "--topic",
            defaultValue = "latentwatch-alerts",
            paramLabel = "TOPIC",
            description = "The alert topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--json", description = "Print each alert as its JSON, one per line.")
    boolean json;

    @Option(
            names = "--from-beginning",
            description = "Start with the oldest alert kept, not with the next new one.")
    boolean fromBeginning;

    @Option(
            names = "--max",
            paramLabel = "N",
            description = "Stop after N alerts (default: follow until Ctrl-C).")
    Long max;

    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() {
        if (max != null && max <= 0) {
            throw new ParameterException(spec.commandLine(), "--max must be positive, got " + max);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            ShutdownHook hook =
                    ShutdownHook.install("latentwatch-alerts-stop", () -> stopOnShutdown(consumer));
            try {
                assign(consumer);
                follow(consumer);
            } catch (WakeupException e) {
                // Ctrl-C: stop quietly.
            } finally {
                hook.remove();
                finished.countDown();
            }
        }
        return 0;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> settings = kafka.settings();
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(
                settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void assign(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (partitions == null || partitions.isEmpty()) {
            throw new LatentwatchException(
                    "No topic "
                            + topic
                            + " on "
                            + kafka.bootstrapServers
                            + "; is the detector set up?");
        }
        List<TopicPartition> assigned =
                partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        if (fromBeginning) {
            consumer.seekToBeginning(assigned);
        } else {
            consumer.seekToEnd(assigned);
        }
        // Resolve the positions now, so that alerts written after this point are all shown.
        assigned.forEach(consumer::position);
    }

    private void follow(KafkaConsumer<byte[], byte[]> consumer) {
        PrintWriter out = spec.commandLine().getOut();
        long printed = 0;
        while (max == null || printed < max) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                out.println(json ? raw(record) : readable(record));
                out.flush();
                if (max != null && ++printed >= max) {
                    break;
                }
            }
        }
    }

    private static String raw(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8);
    }

    static String readable(ConsumerRecord<byte[], byte[]> record) {
        try {
            JsonNode alert = record.value() == null ? null : JSON.readTree(record.value());
            if (alert != null
                    && alert.isObject()
                    && alert.has("eventId")
                    && alert.has("error")
                    && alert.has("threshold")) {
                return AlertText.render(alert);
            }
        } catch (IOException e) {
            // Not JSON: shown as it is below.
        }
        return String.format(
                "(not an alert at %s[%d]@%d; is --topic the alert topic?) %s",
                record.topic(), record.partition(), record.offset(), raw(record));
    }

    /** On Ctrl-C: interrupt the poll and wait until the consumer is closed. */
    private void stopOnShutdown(KafkaConsumer<byte[], byte[]> consumer) {
        consumer.wakeup();
        try {
            finished.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
