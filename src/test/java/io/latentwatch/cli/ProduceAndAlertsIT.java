package io.latentwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import io.latentwatch.config.DetectorConfig;
import io.latentwatch.embedded.EmbeddedKafka;
import io.latentwatch.scoring.Dl4jScorer;
import io.latentwatch.stream.Detector;
import io.latentwatch.testing.JsonSchemas;
import io.latentwatch.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce} and {@code alerts} as a user runs them, against a real broker. */
class ProduceAndAlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String FEATURE_ALERT =
            "{\"eventId\":\"r0-17\",\"source\":\"radiator-4\",\"topic\":\"sensors\","
                    + "\"partition\":1,\"offset\":48213,\"timestamp\":1718098212345,"
                    + "\"detectedAt\":1718098212391,\"error\":0.0412,\"threshold\":0.0137,"
                    + "\"ratio\":3.007,\"modelVersion\":\"shuttle-20240611T093012Z-3f9a1c2e\","
                    + "\"severity\":\"medium\",\"suppressed\":4,\"explanation\":{\"kind\":"
                    + "\"features\",\"top\":[{\"feature\":\"f3\",\"value\":0.91,"
                    + "\"reconstructed\":0.12,\"squaredError\":0.6241,\"share\":0.8}]}}";

    private static final String CELL_ALERT =
            "{\"eventId\":\"r0-18\",\"source\":\"camera-2\",\"topic\":\"images\","
                    + "\"partition\":0,\"offset\":7,\"timestamp\":1718098212345,"
                    + "\"detectedAt\":1718098212391,\"error\":0.2,\"threshold\":0.03,"
                    + "\"ratio\":6.67,\"modelVersion\":\"mnist-20240611T093012Z-3f9a1c2e\","
                    + "\"severity\":\"high\",\"explanation\":{\"kind\":\"cells\",\"cellSize\":4,"
                    + "\"top\":[{\"row\":2,\"col\":3,\"value\":120.5,\"reconstructed\":30,"
                    + "\"squaredError\":0.5},{\"row\":0,\"col\":1,\"value\":0,"
                    + "\"reconstructed\":20,\"squaredError\":0.25}]}}";

    private static final String PLAIN_ALERT =
            "{\"eventId\":\"r0-19\",\"topic\":\"sensors\",\"partition\":2,\"offset\":3,"
                    + "\"timestamp\":1718098212345,\"detectedAt\":1718098212391,\"error\":0.02,"
                    + "\"threshold\":0.0137,\"ratio\":1.46,\"modelVersion\":\"v1\"}";

    private static EmbeddedKafka kafka;

    @TempDir Path dir;

    private String out;
    private String err;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private int run(String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            out = outBytes.toString(StandardCharsets.UTF_8);
            err = errBytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldReplayACsvOnceWithAnomaliesMixedInAtTheFraction() throws IOException {
        String topic = newTopic();
        List<String> lines = shuttleLines();
        Path normals = csv("normals.csv", lines, "0", 400);
        Path anomalies = csv("anomalies.csv", lines, "1", 100);

        int exit =
                run(
                        "produce",
                        "--bootstrap-server",
                        kafka.bootstrapServers(),
                        "--topic",
                        topic,
                        "--csv",
                        normals.toString(),
                        "--label-column",
                        "label",
                        "--anomaly-csv",
                        anomalies.toString(),
                        "--anomaly-fraction",
                        "0.2");

        List<String> values = consume(topic, 500);
        assertThat(exit).as(err).isZero();
        assertThat(out).contains("Produced 500 records to " + topic).contains("100 anomalies");
        assertThat(values).hasSize(500);
        JsonSchema schema = JsonSchemas.load("sensor-record");
        values.forEach(v -> JsonSchemas.assertValid(schema, v.getBytes(StandardCharsets.UTF_8)));
        Set<String> anomalyFeatures = featuresOf(anomalies);
        long mixedIn = values.stream().filter(v -> anomalyFeatures.contains(features(v))).count();
        assertThat(mixedIn).isEqualTo(100);
    }

    @Test
    void shouldReplayIdxImagesAsImageRecords() throws IOException {
        String topic = newTopic();
        Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
        try (InputStream in = resource("datasets/mnist/t10k-images-idx3-ubyte.gz")) {
            Files.copy(in, images);
        }

        int exit =
                run(
                        "produce",
                        "--bootstrap-server",
                        kafka.bootstrapServers(),
                        "--topic",
                        topic,
                        "--idx-images",
                        images.toString());

        List<String> values = consume(topic, 3000);
        assertThat(exit).as(err).isZero();
        assertThat(values).hasSize(3000);
        JsonSchema schema = JsonSchemas.load("image-record");
        for (String value : values.subList(0, 50)) {
            JsonSchemas.assertValid(schema, value.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(JSON.readTree(values.get(0)).get("pixels")).hasSize(784);
    }

    @Test
    void shouldHoldTheRateAndMixInMalformedRecords() throws IOException {
        String topic = newTopic();
        Path normals = csv("normals.csv", shuttleLines(), "0", 60);

        long started = System.nanoTime();
        int exit =
                run(
                        "produce",
                        "--bootstrap-server",
                        kafka.bootstrapServers(),
                        "--topic",
                        topic,
                        "--csv",
                        normals.toString(),
                        "--label-column",
                        "label",
                        "--rate",
                        "40",
                        "--malformed-every",
                        "20");
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(exit).as(err).isZero();
        assertThat(out).contains("Produced 63 records").contains("3 malformed");
        assertThat(seconds).as("63 records at 40/s").isGreaterThan(1.3);
        assertThat(consume(topic, 63)).hasSize(63);
    }

    @Test
    void shouldExitWithOneWhenTheRecordsCannotBeSent() throws IOException {
        Path normals = csv("normals.csv", shuttleLines(), "0", 10);

        int exit =
                run(
                        "produce",
                        "--bootstrap-server",
                        "127.0.0.1:1",
                        "-X",
                        "max.block.ms=1000",
                        "--csv",
                        normals.toString(),
                        "--label-column",
                        "label");

        assertThat(exit).isEqualTo(1);
        assertThat(err).contains("latentwatch: Producing to latentwatch-records failed");
        assertThat(out).contains("0 acknowledged");
    }

    @Test
    void shouldRefuseAnAnomalyFileWithOtherFeatures() throws IOException {
        Path normals = csv("normals.csv", shuttleLines(), "0", 10);
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "a,b,label\n1,2,1\n");

        int exit =
                run(
                        "produce",
                        "--bootstrap-server",
                        kafka.bootstrapServers(),
                        "--csv",
                        normals.toString(),
                        "--label-column",
                        "label",
                        "--anomaly-csv",
                        other.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err).contains("has features [a, b]").contains("[f0, f1");
    }

    @Test
    void shouldPrintEachAlertReadablyWithItsExplanation() {
        String topic = newTopic();
        send(topic, FEATURE_ALERT, CELL_ALERT, PLAIN_ALERT);

        int exit = alerts(topic, "--from-beginning", "--max", "3");

        assertThat(exit).as(err).isZero();
        assertThat(out)
                .contains("2024-06-11 09:30:12.345Z  radiator-4   MEDIUM error 0.04120 > threshold")
                .contains("(x3.01)  id=r0-17 sensors[1]@48213 model=shuttle-")
                .contains("4 more alerts of this source were suppressed")
                .contains(
                        "    top features:\n      f3             0.9100 -> 0.1200      80% of the error")
                .contains("HIGH")
                .contains("top cells of 4x4 pixels (row,col), mean pixel values:")
                .contains("      (2,3)           120.5 -> 30.00      squared error 0.5000")
                .contains(". 2 . .\n      . . . .\n      . . . 1\n      . . . .\n")
                .contains("id=r0-19 sensors[2]@3 model=v1");
    }

    @Test
    void shouldShowTheAlertsOfARealDetectorFedByProduce() throws Exception {
        String input = newTopic();
        String alertTopic = newTopic();
        List<String> lines = shuttleLines();
        Path normals = csv("normals.csv", lines, "0", 300);
        Path anomalies = csv("anomalies.csv", lines, "1", 100);
        Path state = Files.createTempDirectory(dir, "state-");
        DetectorConfig config =
                DetectorConfig.fromProperties(
                        Map.of(
                                DetectorConfig.BOOTSTRAP_SERVERS,
                                kafka.bootstrapServers(),
                                DetectorConfig.APPLICATION_ID,
                                "it-" + input,
                                DetectorConfig.INPUT_TOPICS,
                                input,
                                DetectorConfig.ALERT_TOPIC,
                                alertTopic,
                                DetectorConfig.MODEL_PATH,
                                TestModels.shuttleBundle().toString(),
                                DetectorConfig.METRICS_PORT,
                                "0",
                                DetectorConfig.STATE_DIR,
                                state.toString(),
                                "kafka.auto.offset.reset",
                                "earliest"),
                        Map.of(),
                        "it");

        int produced;
        int shown;
        try (Detector detector = new Detector(config, b -> () -> new Dl4jScorer(b))) {
            detector.start();
            produced =
                    run(
                            "produce",
                            "--bootstrap-server",
                            kafka.bootstrapServers(),
                            "--topic",
                            input,
                            "--csv",
                            normals.toString(),
                            "--label-column",
                            "label",
                            "--anomaly-csv",
                            anomalies.toString(),
                            "--anomaly-fraction",
                            "0.25");
            shown = alerts(alertTopic, "--from-beginning", "--max", "5");
        }

        assertThat(produced).isZero();
        assertThat(shown).as(err).isZero();
        String[] headlines =
                Arrays.stream(out.split("\n"))
                        .filter(l -> !l.startsWith(" "))
                        .toArray(String[]::new);
        assertThat(headlines)
                .hasSize(5)
                .allSatisfy(
                        l ->
                                assertThat(l)
                                        .containsPattern(" (LOW|MEDIUM|HIGH) +error ")
                                        .contains(" " + input + "["));
        assertThat(out.split("\n")).filteredOn(l -> l.equals("    top features:")).hasSize(5);
        assertThat(out).containsPattern("\n      f\\d +\\S+ -> \\S+ +\\d+% of the error");
    }

    @Test
    void shouldPrintRawJsonWithTheJsonOption() {
        String topic = newTopic();
        send(topic, FEATURE_ALERT, PLAIN_ALERT);

        int exit = alerts(topic, "--from-beginning", "--max", "2", "--json");

        assertThat(exit).as(err).isZero();
        assertThat(out.strip().split("\n")).containsExactly(FEATURE_ALERT, PLAIN_ALERT);
    }

    @Test
    void shouldFollowOnlyAlertsWrittenAfterItStarted() throws Exception {
        String topic = newTopic();
        send(topic, PLAIN_ALERT);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread follower = new Thread(() -> exit.set(alerts(topic, "--max", "1", "--json")));

        follower.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (follower.isAlive() && System.nanoTime() < deadline) {
            send(topic, FEATURE_ALERT);
            follower.join(500);
        }

        assertThat(follower.isAlive()).isFalse();
        assertThat(exit.get()).as(err).isZero();
        assertThat(out.strip()).isEqualTo(FEATURE_ALERT);
    }

    private int alerts(String topic, String... options) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "alerts",
                                "--bootstrap-server",
                                kafka.bootstrapServers(),
                                "--topic",
                                topic));
        args.addAll(Arrays.asList(options));
        return run(args.toArray(new String[0]));
    }

    private static String newTopic() {
        String topic = "t-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopics(3, topic);
        return topic;
    }

    private static void send(String topic, String... values) {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer())) {
            // One partition for all, so that they are read back in the order written.
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, 0, "k", value));
            }
        }
    }

    private static List<String> consume(String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "it-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            // Anything more would be a record too many.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        }
        return values;
    }

    private static InputStream resource(String name) {
        return ProduceAndAlertsIT.class.getClassLoader().getResourceAsStream(name);
    }

    private static List<String> shuttleLines() throws IOException {
        try (InputStream in = new GZIPInputStream(resource("datasets/shuttle/shuttle.csv.gz"))) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }

    /** A CSV of the header and the first {@code rows} shuttle rows whose label is {@code label}. */
    private Path csv(String name, List<String> lines, String label, int rows) throws IOException {
        List<String> picked = new ArrayList<>(List.of(lines.get(0)));
        lines.stream()
                .skip(1)
                .filter(l -> l.endsWith("," + label))
                .limit(rows)
                .forEach(picked::add);
        Path file = dir.resolve(name);
        Files.write(file, picked);
        return file;
    }

    /** The feature values of each row of a shuttle CSV, as {@link #features} renders them. */
    private static Set<String> featuresOf(Path csv) throws IOException {
        Set<String> rows = new HashSet<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] values = line.split(",");
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < values.length - 1; i++) {
                key.append(Float.parseFloat(values[i])).append(',');
            }
            rows.add(key.toString());
        }
        return rows;
    }

    private static String features(String record) {
        try {
            JsonNode features = JSON.readTree(record).get("features");
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < 9; i++) {
                key.append((float) features.get("f" + i).asDouble()).append(',');
            }
            return key.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
