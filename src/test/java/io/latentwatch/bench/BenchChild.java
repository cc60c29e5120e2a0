package io.latentwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentwatch.config.DetectorConfig;
import io.latentwatch.scoring.Dl4jScorer;
import io.latentwatch.scoring.Scorers;
import io.latentwatch.stream.Detector;
import io.latentwatch.stream.ScorerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * One benchmarked stream application in its own JVM, so that its peak RSS is its own: the
 * passthrough topology, the detector as shipped, or the detector scoring one record per DL4J call.
 *
 * <p>In {@code throughput} mode it consumes the pre-loaded input topic and prints, on a line
 * starting {@code RESULT}, the records per second from the first record processed to the moment the
 * committed offset reaches the end. In {@code latency} mode it prints {@code READY} once running,
 * runs until its standard input closes, and then prints its {@code RESULT}.
 */
public final class BenchChild {

    static final String PASSTHROUGH = "passthrough";
    static final String DETECTOR = "detector";
    static final String NAIVE = "naive";

    /** The detector with {@code kafka.linger.ms=5}: Kafka Streams' producer default is 100. */
    static final String DETECTOR_LINGER = "detector-linger-5ms";

    /** The commit interval of every variant, so that the end of a run is seen soon after. */
    static final int COMMIT_INTERVAL_MS = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchChild() {}

    /**
     * Runs one variant.
     *
     * <p>Arguments: mode, variant, bootstrap servers, input topic, output topic, bundle path,
     * record count, application id, metrics port, state folder.
     */
    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        App app = a.variant.equals(PASSTHROUGH) ? passthrough(a) : detector(a);
        if (a.mode.equals("latency")) {
            System.out.println("READY");
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
            app.close.run();
            System.out.printf(Locale.ROOT, "RESULT {\"peakRssMb\":%.1f}%n", peakRssMb());
        } else {
            double[] run = measure(a, app.processed);
            app.close.run();
            System.out.printf(
                    Locale.ROOT,
                    "RESULT {\"records\":%d,\"seconds\":%.3f,\"recordsPerSecond\":%.1f,"
                            + "\"peakRssMb\":%.1f}%n",
                    a.count,
                    run[0],
                    a.count / run[0],
                    peakRssMb());
        }
        System.out.flush();
        System.exit(0);
    }

    /** Seconds from the first record processed until every input offset is committed. */
    private static double[] measure(Args a, LongSupplier processed) throws Exception {
        Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a.bootstrap);
        try (Admin client = Admin.create(admin)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
            long first = 0;
            long lastCheck = 0;
            while (System.nanoTime() < deadline) {
                long now = System.nanoTime();
                if (first == 0 && processed.getAsLong() > 0) {
                    first = now;
                }
                if (first != 0 && now - lastCheck > 20_000_000L) {
                    lastCheck = now;
                    if (committed(client, a.appId) >= a.count) {
                        return new double[] {(System.nanoTime() - first) / 1e9};
                    }
                }
                Thread.sleep(1);
            }
        }
        throw new IllegalStateException("Run did not finish in 20 minutes: " + a.variant);
    }

    private static long committed(Admin client, String group) throws Exception {
        Map<?, OffsetAndMetadata> offsets =
                client.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long sum = 0;
        for (OffsetAndMetadata offset : offsets.values()) {
            sum += offset == null ? 0 : offset.offset();
        }
        return sum;
    }

    /** Parses each record as JSON and writes it out again: the ceiling of the machine. */
    private static App passthrough(Args a) throws InterruptedException {
        AtomicLong processed = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(a.input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(
                        value -> {
                            processed.incrementAndGet();
                            try {
                                return JSON.writeValueAsBytes(JSON.readTree(value));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        })
                .to(a.output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, a.appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, a.bootstrap);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.STATE_DIR_CONFIG, a.stateDir);
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return new App(processed::get, () -> streams.close(Duration.ofSeconds(30)));
    }

    /** The real detector; the naive variant gives each task a DL4J scorer of its own. */
    private static App detector(Args a) throws InterruptedException {
        ScorerFactory scorers;
        if (a.variant.equals(NAIVE)) {
            scorers = bundle -> () -> new Dl4jScorer(bundle);
        } else {
            scorers = ScorerFactory.sharing(Scorers::forBundle);
        }
        Map<String, String> settings = new HashMap<>();
        settings.put(DetectorConfig.BOOTSTRAP_SERVERS, a.bootstrap);
        settings.put(DetectorConfig.APPLICATION_ID, a.appId);
        settings.put(DetectorConfig.INPUT_TOPICS, a.input);
        settings.put(DetectorConfig.ALERT_TOPIC, a.appId + "-alerts");
        settings.put(DetectorConfig.DEAD_LETTER_TOPIC, a.appId + "-dead-letters");
        settings.put(DetectorConfig.MODEL_PATH, a.bundle);
        settings.put(DetectorConfig.COMMIT_INTERVAL_MS, String.valueOf(COMMIT_INTERVAL_MS));
        settings.put(DetectorConfig.METRICS_PORT, String.valueOf(a.port));
        settings.put(DetectorConfig.STATE_DIR, a.stateDir);
        settings.put(DetectorConfig.SUMMARY_INTERVAL_MS, "0");
        if (a.variant.equals(DETECTOR_LINGER)) {
            settings.put(DetectorConfig.KAFKA_PREFIX + "linger.ms", "5");
        }
        Detector detector =
                start(DetectorConfig.fromProperties(settings, Map.of(), "bench"), scorers);
        return new App(
                () -> detector.metrics().scored() + detector.metrics().deadLettered(),
                () -> detector.close(Duration.ofSeconds(30)));
    }

    /** The harness's one call into the detector's API. */
    private static Detector start(DetectorConfig config, ScorerFactory scorers)
            throws InterruptedException {
        Detector detector = new Detector(config, scorers);
        detector.start();
        if (!detector.awaitRunning(Duration.ofSeconds(60))) {
            throw new IllegalStateException("Detector did not reach RUNNING: " + detector.state());
        }
        return detector;
    }

    /** The peak resident set size of this process (VmHWM), in MiB; -1 where /proc is absent. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private record App(LongSupplier processed, Runnable close) {}

    private static final class Args {
        final String mode;
        final String variant;
        final String bootstrap;
        final String input;
        final String output;
        final String bundle;
        final long count;
        final String appId;
        final int port;
        final String stateDir;

        Args(String[] args) {
            List<String> list = List.of(args);
            mode = list.get(0);
            variant = list.get(1);
            bootstrap = list.get(2);
            input = list.get(3);
            output = list.get(4);
            bundle = list.get(5);
            count = Long.parseLong(list.get(6));
            appId = list.get(7);
            port = Integer.parseInt(list.get(8));
            stateDir = list.get(9);
        }
    }
}
