package io.latentwatch.embedded;

import io.latentwatch.Folders;
import io.latentwatch.LatentwatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, combined broker and controller) running in this process, with
 * its data in a temporary folder that is removed on close.
 *
 * <p>It is built on Kafka's own test kit, so it is the real broker code, not a mock.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaClusterTestKit cluster;
    private final Path directory;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path directory) {
        this.cluster = cluster;
        this.directory = directory;
    }

    /** Formats and starts a broker, and waits until it accepts clients. */
    public static EmbeddedKafka start() {
        Path directory = null;
        try {
            long started = System.nanoTime();
            directory = Files.createTempDirectory("latentwatch-kafka-");
            KafkaClusterTestKit cluster =
                    new KafkaClusterTestKit.Builder(
                                    new TestKitNodes.Builder()
                                            .setCombined(true)
                                            .setNumBrokerNodes(1)
                                            .setNumControllerNodes(1)
                                            .setBaseDirectory(directory)
                                            .build())
                            .setConfigProp("offsets.topic.replication.factor", "1")
                            .setConfigProp("transaction.state.log.replication.factor", "1")
                            .setConfigProp("transaction.state.log.min.isr", "1")
                            .setConfigProp("group.initial.rebalance.delay.ms", "0")
                            .setDeleteOnClose(true)
                            .build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafka kafka = new EmbeddedKafka(cluster, directory);
            log.info(
                    "Embedded Kafka started bootstrap={} dir={} seconds={}",
                    kafka.bootstrapServers(),
                    directory,
                    String.format(
                            java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
            return kafka;
        } catch (Exception e) {
            Folders.deleteQuietly(directory);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new LatentwatchException("Cannot start the embedded Kafka broker: " + e, e);
        }
    }

    /** Formats the storage; Kafka's formatter prints to standard output, which is the user's. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
        }
    }

    /** The {@code bootstrap.servers} of this broker. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates topics with {@code partitions} partitions each, replication factor 1. */
    public void createTopics(int partitions, String... topics) {
        try (Admin admin = cluster.admin()) {
            List<NewTopic> newTopics =
                    Stream.of(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            admin.createTopics(newTopics).all().get();
        } catch (ExecutionException e) {
            throw new LatentwatchException("Cannot create topics: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LatentwatchException("Interrupted while creating topics", e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            log.warn("Embedded Kafka did not close cleanly", e);
        } finally {
            Folders.deleteQuietly(directory);
        }
        log.info("Embedded Kafka stopped");
    }
}
