package io.latentwatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentwatch.Folders;
import io.latentwatch.config.DetectorConfig;
import io.latentwatch.data.Dataset;
import io.latentwatch.embedded.EmbeddedKafka;
import io.latentwatch.model.BundleFile;
import io.latentwatch.scoring.Scorers;
import io.latentwatch.stream.OutputRecords.Alert;
import io.latentwatch.stream.OutputRecords.DeadLetter;
import io.latentwatch.testing.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detector as an operator runs it, against a real broker started in this JVM: a corpus of bad
 * inputs, model reloads, a second instance taking over, and a detector process killed mid-stream.
 * Every record must end with an outcome, and every output must match its JSON Schema.
 */
class DetectorOperationsIT {

    private static EmbeddedKafka kafka;
    private final List<Path> folders = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @AfterEach
    void deleteFolders() {
        folders.forEach(Folders::deleteQuietly);
    }

    /** Topics of one test run, unique so that tests do not see each other's records. */
    private record Topics(String input, String alerts, String dead, String scores) {
        static Topics create(int partitions) throws Exception {
            String run = UUID.randomUUID().toString().substring(0, 8);
            Topics topics =
                    new Topics("in-" + run, "alerts-" + run, "dead-" + run, "scores-" + run);
            try (Admin admin =
                    Admin.create(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    kafka.bootstrapServers()))) {
                admin.createTopics(
                                List.of(
                                        new NewTopic(topics.input, partitions, (short) 1)
                                                .configs(Map.of("max.message.bytes", "16777216")),
                                        new NewTopic(topics.alerts, 1, (short) 1),
                                        new NewTopic(topics.dead, 1, (short) 1),
                                        new NewTopic(topics.scores, 1, (short) 1)))
                        .all()
                        .get();
            }
            return topics;
        }
    }

    private Map<String, String> settings(Topics topics, String applicationId) throws IOException {
        Path state = Files.createTempDirectory("latentwatch-it-state-");
        folders.add(state);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("application.id", applicationId);
        settings.put("input.topics", topics.input);
        settings.put("alert.topic", topics.alerts);
        settings.put("dead.letter.topic", topics.dead);
        settings.put("scores.topic", topics.scores);
        settings.put("model.path", TestModels.shuttleBundle().toString());
        settings.put("metrics.port", "0");
        settings.put("state.dir", state.toString());
        settings.put("commit.interval.ms", "200");
        settings.put("kafka.auto.offset.reset", "earliest");
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "1000");
        return settings;
    }

    /** Reads the outputs of {@code topics}, committed ones only when {@code readCommitted}. */
    private static OutputLog outputs(Topics topics, boolean readCommitted) {
        return new OutputLog(
                kafka.bootstrapServers(), readCommitted, topics.scores, topics.alerts, topics.dead);
    }

    private static Detector detector(Map<String, String> settings) {
        return new Detector(
                DetectorConfig.fromProperties(settings, Map.of(), "it"),
                ScorerFactory.sharing(Scorers::forBundle));
    }

    private static void produce(String topic, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers(),
                                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                16 << 20,
                                ProducerConfig.BUFFER_MEMORY_CONFIG,
                                64L << 20),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            int i = 0;
            for (byte[] value : values) {
                byte[] key = ("radiator-" + i++ % 7).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, value));
            }
        }
    }

    /** Held-out shuttle rows as sensor records, ids {@code prefix-0} on; sources by row. */
    private static List<byte[]> sensorRecords(String prefix, int count) {
        Dataset rows = TestModels.shuttleHeldOut();
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(sensorRecord(prefix + "-" + i, rows, i % rows.size()));
        }
        return values;
    }

    private static byte[] sensorRecord(String id, Dataset rows, int row) {
        return InputRecords.sensor(
                id,
                "radiator-" + row % 7,
                System.currentTimeMillis(),
                rows.featureNames(),
                rows.row(row));
    }

    private static String good(String id, String featureOverride) {
        String features =
                "\"f0\":50,\"f1\":0,\"f2\":86,\"f3\":0,\"f4\":46,\"f5\":0,\"f6\":36,\"f7\":40,"
                        + "\"f8\":4";
        if (featureOverride != null) {
            features = featureOverride;
        }
        return "{\"id\":\"" + id + "\",\"source\":\"radiator-1\",\"features\":{" + features + "}}";
    }

    private static String withFeature(String id, String f3) {
        return good(
                id,
                "\"f0\":50,\"f1\":0,\"f2\":86,\"f3\":"
                        + f3
                        + ",\"f4\":46,\"f5\":0,\"f6\":36,\"f7\":40,\"f8\":4");
    }

    /** Bad record values, each with the reason code it must be dead-lettered for. */
    private static List<Map.Entry<byte[], Reason>> badInputs() {
        List<Map.Entry<byte[], Reason>> bad = new ArrayList<>();
        java.util.function.BiConsumer<String, Reason> text =
                (v, r) -> bad.add(Map.entry(v.getBytes(StandardCharsets.UTF_8), r));
        bad.add(Map.entry(new byte[0], Reason.EMPTY_PAYLOAD));
        byte[] tenMegabytes = new byte[10 << 20];
        java.util.Arrays.fill(tenMegabytes, (byte) ' ');
        tenMegabytes[0] = '{';
        tenMegabytes[tenMegabytes.length - 1] = '}';
        bad.add(Map.entry(tenMegabytes, Reason.OVERSIZED));
        byte[] justOver = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(justOver, (byte) 'x');
        bad.add(Map.entry(justOver, Reason.OVERSIZED));
        bad.add(Map.entry(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'}, Reason.INVALID_UTF8));
        bad.add(
                Map.entry(
                        new byte[] {'{', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'},
                        Reason.INVALID_UTF8));
        text.accept("not json", Reason.INVALID_JSON);
        text.accept("{\"id\": \"cut\", \"features\": {\"f0\": 1", Reason.INVALID_JSON);
        text.accept(good("trailing", null) + " {}", Reason.INVALID_JSON);
        text.accept("{\"id\":\"a\",\"id\":\"b\",\"features\":{\"f0\":1}}", Reason.INVALID_JSON);
        text.accept(withFeature("dup-feature", "1,\"f3\":2"), Reason.INVALID_JSON);
        text.accept("[".repeat(5000) + "]".repeat(5000), Reason.INVALID_JSON);
        text.accept(
                "{\"id\":\"deep\",\"features\":{\"f0\":"
                        + "{\"a\":".repeat(3000)
                        + "1"
                        + "}".repeat(3000)
                        + "}}",
                Reason.INVALID_JSON);
        text.accept("{'id': 'single-quotes'}", Reason.INVALID_JSON);
        text.accept("[1, 2, 3]", Reason.NOT_AN_OBJECT);
        text.accept("\"just a string\"", Reason.NOT_AN_OBJECT);
        text.accept("42", Reason.NOT_AN_OBJECT);
        text.accept("null", Reason.NOT_AN_OBJECT);
        text.accept("   ", Reason.NOT_AN_OBJECT);
        text.accept("{\"features\":{\"f0\":1}}", Reason.MISSING_FIELD);
        text.accept(good("", null), Reason.MISSING_FIELD);
        text.accept("{\"id\":\"no-features\"}", Reason.MISSING_FIELD);
        text.accept("{\"id\":\"null-features\",\"features\":null}", Reason.MISSING_FIELD);
        text.accept("{\"id\":7,\"features\":{\"f0\":1}}", Reason.WRONG_TYPE);
        text.accept("{\"id\":\"array\",\"features\":[1,2,3]}", Reason.WRONG_TYPE);
        text.accept(withFeature("string-number", "\"1.0\""), Reason.WRONG_TYPE);
        text.accept(withFeature("nan-string", "\"NaN\""), Reason.WRONG_TYPE);
        text.accept(withFeature("infinity-string", "\"Infinity\""), Reason.WRONG_TYPE);
        text.accept(withFeature("boolean", "true"), Reason.WRONG_TYPE);
        text.accept(withFeature("object", "{\"v\":1}"), Reason.WRONG_TYPE);
        text.accept(
                good("ts-string", null).replace("{\"id\"", "{\"timestamp\":\"yesterday\",\"id\""),
                Reason.WRONG_TYPE);
        text.accept(
                good("ts-float", null).replace("{\"id\"", "{\"timestamp\":1.5,\"id\""),
                Reason.WRONG_TYPE);
        text.accept(
                good("ts-huge", null)
                        .replace("{\"id\"", "{\"timestamp\":1" + "0".repeat(30) + ",\"id\""),
                Reason.WRONG_TYPE);
        text.accept(
                good("source-object", null).replace("\"radiator-1\"", "{\"name\":\"r\"}"),
                Reason.WRONG_TYPE);
        text.accept(withFeature("nan", "NaN"), Reason.NON_FINITE_VALUE);
        text.accept(withFeature("infinity", "-Infinity"), Reason.NON_FINITE_VALUE);
        text.accept(withFeature("huge-exponent", "1e400"), Reason.NON_FINITE_VALUE);
        text.accept(withFeature("float-overflow", "1e39"), Reason.NON_FINITE_VALUE);
        text.accept(withFeature("huge-integer", "9".repeat(400)), Reason.NON_FINITE_VALUE);
        text.accept(
                good(
                        "missing-f3",
                        "\"f0\":50,\"f1\":0,\"f2\":86,\"f4\":46,\"f5\":0,\"f6\":36,"
                                + "\"f7\":40,\"f8\":4"),
                Reason.MISSING_FEATURE);
        text.accept(withFeature("null-feature", "null"), Reason.MISSING_FEATURE);
        return bad;
    }

    @Test
    void shouldDeadLetterEveryBadInputWithItsReasonAndStayUp() throws Exception {
        Topics topics = Topics.create(1);
        List<Map.Entry<byte[], Reason>> bad = badInputs();
        List<byte[]> values = new ArrayList<>();
        values.add(null);
        bad.forEach(e -> values.add(e.getKey()));
        values.add(good("after-the-corpus", null).getBytes(StandardCharsets.UTF_8));
        Map<Reason, Long> expected = new HashMap<>();
        expected.put(Reason.EMPTY_PAYLOAD, 1L);
        bad.forEach(e -> expected.merge(e.getValue(), 1L, Long::sum));

        try (Detector detector = detector(settings(topics, "it-bad-" + topics.input));
                OutputLog log = outputs(topics, false)) {
            detector.start();
            produce(topics.input, values);
            assertThat(log.pollUntil(l -> l.positions() >= values.size(), Duration.ofSeconds(90)))
                    .as("every record has an outcome")
                    .isTrue();
            log.poll(Duration.ofSeconds(1));

            assertThat(detector.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(log.duplicates()).isZero();
            assertThat(log.scores).extracting(s -> s.eventId()).containsExactly("after-the-corpus");
            Map<Reason, Long> reasons =
                    log.deadLetters.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            DeadLetter::reason, Collectors.counting()));
            assertThat(reasons).isEqualTo(expected);
            // Each dead letter is at the input offset of the value that caused it.
            for (DeadLetter letter : log.deadLetters) {
                int index = (int) letter.offset();
                Reason want = index == 0 ? Reason.EMPTY_PAYLOAD : bad.get(index - 1).getValue();
                assertThat(letter.reason()).as("reason of offset %d", index).isEqualTo(want);
                assertThat(letter.message()).isNotBlank();
            }
            DeadLetter huge =
                    log.deadLetters.stream()
                            .filter(l -> l.payloadBytes() == 10 << 20)
                            .findFirst()
                            .orElseThrow();
            assertThat(huge.payloadTruncated()).isTrue();
            assertThat(java.util.Base64.getDecoder().decode(huge.payloadBase64()))
                    .hasSize(ScoringProcessor.DEAD_LETTER_PAYLOAD_BYTES);
            for (Map.Entry<Reason, Long> e : expected.entrySet()) {
                assertThat(
                                detector.registry()
                                        .get(io.latentwatch.metrics.DetectorMetrics.DEAD_LETTERS)
                                        .tags("reason", e.getKey().name())
                                        .counter()
                                        .count())
                        .as("dead letters counted for %s", e.getKey())
                        .isEqualTo(e.getValue().doubleValue());
            }
            assertThat(detector.metrics().deadLettered()).isEqualTo(values.size() - 1);
            System.out.printf(
                    "Bad-input corpus: %d records in, %d dead letters, %d scored, %d reasons%n",
                    values.size(), log.deadLetters.size(), log.scores.size(), reasons.size());
        }
    }

    @Test
    void shouldDeadLetterBadImagesAndExplainAnImageAlertByCells() throws Exception {
        Topics topics = Topics.create(1);
        Map<String, String> settings = settings(topics, "it-images-" + topics.input);
        settings.put("model.path", TestModels.digitsBundle().toString());
        String base64 = java.util.Base64.getEncoder().encodeToString(new byte[784]);
        String pixels784 = "[" + "0,".repeat(783) + "0]";
        Map<String, Reason> bad = new LinkedHashMap<>();
        bad.put(image("wide", 29, 28, pixels784), Reason.WRONG_IMAGE_SIZE);
        bad.put(image("few", 28, 28, "[1,2,3]"), Reason.WRONG_IMAGE_SIZE);
        bad.put(
                image("short-b64", 28, 28, "\"" + base64.substring(0, 100) + "\""),
                Reason.WRONG_IMAGE_SIZE);
        bad.put(image("bad-b64", 28, 28, "\"not base64 at all!\""), Reason.WRONG_TYPE);
        bad.put(image("object", 28, 28, "{\"p\":1}"), Reason.WRONG_TYPE);
        bad.put(image("nan", 28, 28, pixels784.replaceFirst("0", "NaN")), Reason.NON_FINITE_VALUE);
        bad.put(
                image("string-pixel", 28, 28, pixels784.replaceFirst("0", "\"0\"")),
                Reason.WRONG_TYPE);
        bad.put("{\"id\":\"no-pixels\",\"width\":28,\"height\":28}", Reason.MISSING_FIELD);
        bad.put("{\"id\":\"no-width\",\"height\":28,\"pixels\":[]}", Reason.MISSING_FIELD);
        bad.put(
                image("float-width", 0, 28, pixels784).replace("\"width\":0", "\"width\":28.5"),
                Reason.WRONG_TYPE);
        List<byte[]> values = new ArrayList<>();
        bad.keySet().forEach(v -> values.add(v.getBytes(StandardCharsets.UTF_8)));
        byte[] white = new byte[784];
        java.util.Arrays.fill(white, (byte) 255);
        values.add(image("blank", 28, 28, "\"" + base64 + "\"").getBytes(StandardCharsets.UTF_8));
        values.add(
                image(
                                "white",
                                28,
                                28,
                                "\"" + java.util.Base64.getEncoder().encodeToString(white) + "\"")
                        .getBytes(StandardCharsets.UTF_8));

        try (Detector detector = detector(settings);
                OutputLog log = outputs(topics, false)) {
            detector.start();
            produce(topics.input, values);
            assertThat(log.pollUntil(l -> l.positions() >= values.size(), Duration.ofSeconds(90)))
                    .isTrue();
            log.poll(Duration.ofSeconds(1));

            assertThat(log.deadLetters)
                    .extracting(DeadLetter::reason)
                    .containsExactlyElementsOf(bad.values());
            assertThat(log.scores).extracting(s -> s.eventId()).containsExactly("blank", "white");
            Alert white255 =
                    log.alerts.stream()
                            .filter(a -> a.eventId().equals("white"))
                            .findFirst()
                            .orElseThrow();
            assertThat(white255.explanation().kind()).isEqualTo("cells");
            assertThat(white255.explanation().cellSize()).isEqualTo(4);
            assertThat(white255.explanation().top()).hasSize(5);
            assertThat(white255.explanation().top().get(0).value()).isEqualTo(255.0);
            assertThat(white255.explanation().top().get(0).row()).isBetween(0, 6);
            assertThat(white255.ratio()).isGreaterThan(1);
            assertThat(white255.severity()).isEqualTo(Explainer.severity(white255.ratio()));
        }
    }

    private static String image(String id, int width, int height, String pixels) {
        return String.format(
                "{\"id\":\"%s\",\"width\":%d,\"height\":%d,\"pixels\":%s}",
                id, width, height, pixels);
    }

    @Test
    void shouldKeepSuppressingAcrossARestartFromTheChangelog() throws Exception {
        Topics topics = Topics.create(1);
        Map<String, String> settings = settings(topics, "it-suppress-" + topics.input);
        settings.put("alert.suppression.ms", "3600000");
        long t0 = System.currentTimeMillis();
        String anomaly =
                "{\"id\":\"%s\",\"source\":\"pump-9\",\"timestamp\":%d,\"features\":"
                        + "{\"f0\":1e4,\"f1\":-1e4,\"f2\":1e4,\"f3\":-1e4,\"f4\":1e4,"
                        + "\"f5\":-1e4,\"f6\":1e4,\"f7\":-1e4,\"f8\":1e4}}";
        try (OutputLog log = outputs(topics, false)) {
            try (Detector detector = detector(settings)) {
                detector.start();
                produce(
                        topics.input,
                        List.of(
                                String.format(anomaly, "a1", t0).getBytes(StandardCharsets.UTF_8),
                                String.format(anomaly, "a2", t0 + 1000)
                                        .getBytes(StandardCharsets.UTF_8)));
                assertThat(log.pollUntil(l -> l.positions() >= 2, Duration.ofSeconds(60))).isTrue();
                assertThat(detector.metrics().suppressed()).isEqualTo(1);
            }
            // A new state folder: the restarted instance must rebuild the store from its changelog.
            settings.put(
                    "state.dir", Files.createTempDirectory("latentwatch-it-state-").toString());
            folders.add(Path.of(settings.get("state.dir")));
            try (Detector restarted = detector(settings)) {
                restarted.start();
                produce(
                        topics.input,
                        List.of(
                                String.format(anomaly, "a3", t0 + 2000)
                                        .getBytes(StandardCharsets.UTF_8),
                                String.format(anomaly, "a4", t0 + 3_600_000)
                                        .getBytes(StandardCharsets.UTF_8)));
                assertThat(log.pollUntil(l -> l.positions() >= 4, Duration.ofSeconds(60))).isTrue();
                log.poll(Duration.ofSeconds(1));
                assertThat(restarted.metrics().suppressed()).isEqualTo(1);
            }
            assertThat(log.alerts).extracting(Alert::eventId).containsExactly("a1", "a4");
            assertThat(log.alerts.get(1).suppressed()).isEqualTo(2L);
            assertThat(log.scores).allMatch(s -> s.anomaly());
        }
    }

    @Test
    void shouldRefuseToStartOnInputTopicsThatDoNotExist() throws Exception {
        Topics topics = Topics.create(1);
        Map<String, String> settings = settings(topics, "it-missing-" + topics.input);
        settings.put("input.topics", topics.input + ",no-such-topic");

        try (Detector detector = detector(settings)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(detector::start)
                    .isInstanceOf(io.latentwatch.config.ConfigurationException.class)
                    .hasMessageStartingWith("input.topics: [no-such-topic] do not exist");
        }
    }

    @Test
    void shouldSwapInANewBundleAndRefuseACorruptOneWithoutLosingRecords() throws Exception {
        Topics topics = Topics.create(2);
        Path models = Files.createTempDirectory("latentwatch-it-models-");
        folders.add(models);
        Path first = models.resolve("a.lwm");
        Files.copy(TestModels.shuttleBundle(), first);
        Files.setLastModifiedTime(first, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        String firstVersion = BundleFile.readManifest(first).modelVersion();
        String secondVersion =
                BundleFile.readManifest(TestModels.otherShuttleBundle()).modelVersion();
        assertThat(secondVersion).isNotEqualTo(firstVersion);
        Map<String, String> settings = settings(topics, "it-reload-" + topics.input);
        settings.put("model.path", models.toString());
        settings.put("model.reload.interval.ms", "250");

        try (Detector detector = detector(settings);
                OutputLog log = outputs(topics, false)) {
            detector.start();
            produce(topics.input, sensorRecords("one", 1500));
            assertThat(log.pollUntil(l -> l.positions() >= 1500, Duration.ofSeconds(60))).isTrue();

            Path incoming = models.resolve("b.lwm.part");
            Files.copy(TestModels.otherShuttleBundle(), incoming);
            Files.move(incoming, models.resolve("b.lwm"), StandardCopyOption.ATOMIC_MOVE);
            awaitVersion(detector, secondVersion);
            produce(topics.input, sensorRecords("two", 1500));
            assertThat(log.pollUntil(l -> l.positions() >= 3000, Duration.ofSeconds(60))).isTrue();

            Path corrupt = models.resolve("c.lwm");
            byte[] bytes = Files.readAllBytes(TestModels.shuttleBundle());
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(corrupt, bytes);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (detector.metrics().reloadFailures() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(detector.metrics().reloadFailures()).isEqualTo(1);
            produce(topics.input, sensorRecords("three", 1500));
            assertThat(log.pollUntil(l -> l.positions() >= 4500, Duration.ofSeconds(60))).isTrue();
            log.poll(Duration.ofSeconds(1));

            assertThat(log.duplicates()).isZero();
            assertThat(log.deadLetters).isEmpty();
            Map<String, List<String>> versionsByBatch =
                    log.scores.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            s -> s.eventId().substring(0, s.eventId().indexOf('-')),
                                            Collectors.mapping(
                                                    s -> s.modelVersion(), Collectors.toList())));
            assertThat(versionsByBatch.get("one")).hasSize(1500).containsOnly(firstVersion);
            assertThat(versionsByBatch.get("two")).hasSize(1500).containsOnly(secondVersion);
            assertThat(versionsByBatch.get("three")).hasSize(1500).containsOnly(secondVersion);
            for (Alert alert : log.alerts) {
                assertThat(log.alertHeaders.get(alert.eventId())).isEqualTo(alert.modelVersion());
                assertThat(alert.explanation().top()).hasSize(5);
            }
            assertThat(detector.metrics().reloadSuccesses()).isEqualTo(1);
            String scrape = detector.registry().scrape();
            assertThat(scrape)
                    .contains("latentwatch_model_info{model_version=\"" + secondVersion + "\"} 1")
                    .doesNotContain("model_version=\"" + firstVersion + "\"")
                    .contains("latentwatch_model_reloads_total{result=\"failure\"} 1");
        }
    }

    @Test
    void shouldMoveTheWorkOfAStoppedInstanceToTheOtherWithNothingLost() throws Exception {
        Topics topics = Topics.create(4);
        String application = "it-pair-" + topics.input;
        try (Detector first = detector(settings(topics, application));
                Detector second = detector(settings(topics, application));
                OutputLog log = outputs(topics, false)) {
            first.start();
            second.start();
            assertThat(first.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(second.awaitRunning(Duration.ofSeconds(60))).isTrue();
            produce(topics.input, sensorRecords("before", 6000));
            assertThat(log.pollUntil(l -> l.positions() >= 6000, Duration.ofSeconds(90))).isTrue();
            long firstBefore = first.metrics().scored();
            long secondBefore = second.metrics().scored();
            assertThat(firstBefore).as("first instance scored some").isPositive();
            assertThat(secondBefore).as("second instance scored some").isPositive();

            second.close(Duration.ofSeconds(30));
            produce(topics.input, sensorRecords("after", 6000));
            assertThat(log.pollUntil(l -> l.positions() >= 12_000, Duration.ofSeconds(90)))
                    .isTrue();
            log.poll(Duration.ofSeconds(2));

            assertThat(log.positions()).isEqualTo(12_000);
            assertThat(log.duplicates()).isZero();
            assertThat(first.metrics().scored() - firstBefore).isEqualTo(6000);
            System.out.printf(
                    "Failover: 12000 records in, %d outcomes, lost 0, duplicates %d; before the"
                            + " stop the instances scored %d and %d%n",
                    log.positions() + log.duplicates(),
                    log.duplicates(),
                    firstBefore,
                    secondBefore);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"at_least_once", "exactly_once_v2"})
    void shouldLoseNothingWhenTheDetectorProcessIsKilled(String guarantee) throws Exception {
        Topics topics = Topics.create(3);
        Map<String, String> settings = settings(topics, "it-kill-" + topics.input);
        settings.put("processing.guarantee", guarantee);
        settings.put("summary.interval.ms", "0");
        settings.put("kafka.bogus.setting", "1");
        settings.put(
                "kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"detector\" password=\"s3cr3t-in-config\";");
        Path work = Files.createTempDirectory("latentwatch-it-kill-");
        folders.add(work);
        Path config = work.resolve("detector.properties");
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(settings);
        try (var out = Files.newBufferedWriter(config)) {
            properties.store(out, "kill test");
        }
        int total = 20_000;
        List<byte[]> values = sensorRecords("k", total);
        for (int i = 0; i < total; i += 500) {
            values.set(i, ("{\"id\": \"broken-" + i).getBytes(StandardCharsets.UTF_8));
        }
        produce(topics.input, values);
        boolean exactlyOnce = guarantee.equals("exactly_once_v2");

        try (OutputLog log = outputs(topics, exactlyOnce)) {
            Process detector = startDetectorProcess(config, work.resolve("first.log"));
            boolean midway = log.pollUntil(l -> l.positions() >= 3000, Duration.ofSeconds(120));
            assertThat(midway).as("first process scored 3000 records: %s", tail(work)).isTrue();
            detector.destroyForcibly();
            assertThat(detector.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int atKill = log.positions();

            Process restarted = startDetectorProcess(config, work.resolve("second.log"));
            try {
                boolean all = log.pollUntil(l -> l.positions() >= total, Duration.ofSeconds(180));
                assertThat(all)
                        .as(
                                "outcomes after restart %d of %d: %s",
                                log.positions(), total, tail(work))
                        .isTrue();
                log.poll(Duration.ofSeconds(3));
            } finally {
                restarted.destroy();
                assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(Files.readString(work.resolve("second.log")))
                    .as("SIGTERM stops the detector cleanly")
                    .contains("Detector stopped scored=");

            int lost = total - log.positions();
            System.out.printf(
                    "Kill test (%s): %d records in, killed with %d outcomes out (exit %d),"
                            + " %d outcomes after restart, %d duplicates, lost %d%n",
                    guarantee,
                    total,
                    atKill,
                    detector.exitValue(),
                    log.positions() + log.duplicates(),
                    log.duplicates(),
                    lost);
            assertThat(detector.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            String startupLog = Files.readString(work.resolve("first.log"));
            assertThat(startupLog)
                    .contains("Detector starting config:")
                    .contains("kafka.sasl.jaas.config=[hidden]")
                    .contains("Unknown Kafka client setting key=kafka.bogus.setting")
                    .doesNotContain("s3cr3t-in-config");
            assertThat(lost).isZero();
            assertThat(log.deadLetters.size() - countDuplicateLetters(log)).isEqualTo(total / 500);
            if (exactlyOnce) {
                assertThat(log.duplicates()).isZero();
            }
        }
    }

    private static int countDuplicateLetters(OutputLog log) {
        return log.deadLetters.size()
                - (int)
                        log.deadLetters.stream()
                                .map(l -> l.topic() + "/" + l.partition() + "/" + l.offset())
                                .distinct()
                                .count();
    }

    private static Process startDetectorProcess(Path config, Path logFile) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder =
                new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.latentwatch.cli.Main",
                        "detect",
                        "--config",
                        config.toString());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.redirectErrorStream(true);
        builder.redirectOutput(logFile.toFile());
        return builder.start();
    }

    private static String tail(Path work) {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("first.log", "second.log")) {
            Path file = work.resolve(name);
            if (Files.exists(file)) {
                try {
                    List<String> lines = Files.readAllLines(file);
                    out.append(name)
                            .append(": ")
                            .append(
                                    String.join(
                                            "\n",
                                            lines.subList(
                                                    Math.max(0, lines.size() - 15), lines.size())))
                            .append('\n');
                } catch (IOException e) {
                    out.append(name).append(": ").append(e).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void awaitVersion(Detector detector, String version)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!detector.model().current().manifest().modelVersion().equals(version)) {
            assertThat(System.nanoTime()).as("reload to %s", version).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
