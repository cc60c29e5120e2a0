package io.latentwatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import io.latentwatch.Folders;
import io.latentwatch.config.DetectorConfig;
import io.latentwatch.data.Dataset;
import io.latentwatch.model.BundleFile;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.scoring.Dl4jScorer;
import io.latentwatch.stream.OutputRecords.Alert;
import io.latentwatch.stream.OutputRecords.DeadLetter;
import io.latentwatch.stream.OutputRecords.ScoreRecord;
import io.latentwatch.testing.JsonSchemas;
import io.latentwatch.testing.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The end-to-end check of the detector against a real broker: labelled shuttle records and a few
 * malformed ones go in; every record must come out exactly once, as a score or a dead letter, and
 * the alerts must be the anomalous scores and match the labels.
 */
abstract class DetectorScenario {

    /** Malformed record values and the reason each must be dead-lettered for. */
    private static final Map<String, Reason> MALFORMED =
            Map.of(
                    "{\"id\": \"bad-json\", ", Reason.INVALID_JSON,
                    "{\"id\": \"bad-feature\", \"features\": {\"f0\": 1}}", Reason.MISSING_FEATURE,
                    "[\"not an object\"]", Reason.NOT_AN_OBJECT,
                    "{\"features\": {}}", Reason.MISSING_FIELD);

    /** The {@code bootstrap.servers} of the broker under test. */
    abstract String bootstrapServers();

    void shouldGiveEveryRecordExactlyOneOutcome() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String inputTopic = "records-" + run;
        String alertTopic = "alerts-" + run;
        String deadTopic = "dead-" + run;
        String scoresTopic = "scores-" + run;
        createTopics(inputTopic, alertTopic, deadTopic, scoresTopic);
        Dataset records = TestModels.shuttleHeldOut().head(3000, "records");
        Map<String, Integer> labels = produce(inputTopic, records);

        Path state = Files.createTempDirectory("latentwatch-it-");
        ModelBundle bundle = BundleFile.read(TestModels.shuttleBundle());
        DetectorConfig config =
                DetectorConfig.fromProperties(
                        Map.of(
                                "bootstrap.servers",
                                bootstrapServers(),
                                "application.id",
                                "it-" + run,
                                "input.topics",
                                inputTopic,
                                "alert.topic",
                                alertTopic,
                                "dead.letter.topic",
                                deadTopic,
                                "scores.topic",
                                scoresTopic,
                                "model.path",
                                TestModels.shuttleBundle().toString(),
                                "metrics.port",
                                "0",
                                "state.dir",
                                state.toString(),
                                "kafka.auto.offset.reset",
                                "earliest"),
                        Map.of(),
                        "it");
        Outcomes outcomes;
        String metrics;
        try (Detector detector = new Detector(config, b -> () -> new Dl4jScorer(b))) {
            detector.start();
            outcomes =
                    consume(
                            List.of(alertTopic, deadTopic, scoresTopic),
                            labels.size() + MALFORMED.size(),
                            scoresTopic,
                            deadTopic);
            metrics = scrape(detector.metricsPort());
            assertThat(status(detector.metricsPort(), "/health/ready")).isEqualTo(200);
            assertThat(status(detector.metricsPort(), "/health/live")).isEqualTo(200);
        } finally {
            Folders.deleteQuietly(state);
        }

        assertEveryRecordHasOneOutcome(outcomes, labels);
        assertAlertsAreTheAnomalousScores(outcomes);
        assertAlertsMatchTheLabels(outcomes, labels);
        assertThat(metrics)
                .contains("latentwatch_records_total{outcome=\"anomaly\"")
                .contains("latentwatch_dead_letters_total")
                .contains("latentwatch_ready 1")
                .contains("latentwatch_end_to_end_lag_seconds_bucket")
                .contains("latentwatch_error_ratio_bucket")
                .contains("latentwatch_reconstruction_error_bucket")
                .contains(
                        "latentwatch_model_info{model_version=\""
                                + bundle.manifest().modelVersion())
                .contains("kafka_stream_");
    }

    private void assertEveryRecordHasOneOutcome(Outcomes outcomes, Map<String, Integer> labels) {
        assertThat(outcomes.scoreIds()).doesNotHaveDuplicates();
        assertThat(outcomes.scoreIds()).containsExactlyInAnyOrderElementsOf(labels.keySet());
        assertThat(outcomes.deadLetters()).hasSize(MALFORMED.size());
        List<Reason> reasons = outcomes.deadLetters().stream().map(DeadLetter::reason).toList();
        assertThat(reasons).containsExactlyInAnyOrderElementsOf(MALFORMED.values());
        for (DeadLetter letter : outcomes.deadLetters()) {
            String original =
                    new String(
                            java.util.Base64.getDecoder().decode(letter.payloadBase64()),
                            StandardCharsets.UTF_8);
            assertThat(MALFORMED).containsEntry(original, letter.reason());
        }
    }

    private void assertAlertsAreTheAnomalousScores(Outcomes outcomes) {
        Set<String> anomalous = new HashSet<>(outcomes.anomalousScoreIds());
        assertThat(outcomes.alertIds()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(outcomes.alertIds())).isEqualTo(anomalous);
    }

    /**
     * The quick test model must find the shuttle anomalies: precision and recall of at least 0.8 on
     * these held-out rows (the demo model, trained longer, does better).
     */
    private void assertAlertsMatchTheLabels(Outcomes outcomes, Map<String, Integer> labels) {
        long injected = labels.values().stream().filter(l -> l == 1).count();
        long truePositives = outcomes.alertIds().stream().filter(id -> labels.get(id) == 1).count();
        double precision = (double) truePositives / outcomes.alertIds().size();
        double recall = (double) truePositives / injected;
        assertThat(injected).isGreaterThan(150);
        assertThat(precision).as("precision").isGreaterThanOrEqualTo(0.8);
        assertThat(recall).as("recall").isGreaterThanOrEqualTo(0.8);
    }

    private void createTopics(String... topics) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, 3, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
        }
    }

    private Map<String, Integer> produce(String topic, Dataset records) {
        JsonSchema schema = JsonSchemas.load("sensor-record");
        Map<String, Integer> labels = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            for (int i = 0; i < records.size(); i++) {
                String id = "s-" + i;
                byte[] value = sensorRecord(id, records.featureNames(), records.row(i));
                if (i < 20) {
                    JsonSchemas.assertValid(schema, value);
                }
                producer.send(new ProducerRecord<>(topic, ("radiator-" + i % 5).getBytes(), value));
                labels.put(id, records.label(i));
            }
            for (String bad : MALFORMED.keySet()) {
                producer.send(
                        new ProducerRecord<>(topic, null, bad.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return labels;
    }

    private static byte[] sensorRecord(String id, List<String> names, float[] values) {
        return InputRecords.sensor(id, "radiator", System.currentTimeMillis(), names, values);
    }

    private Outcomes consume(
            List<String> topics, int expected, String scoresTopic, String deadTopic) {
        JsonSchema alertSchema = JsonSchemas.load("alert");
        JsonSchema deadSchema = JsonSchemas.load("dead-letter");
        JsonSchema scoreSchema = JsonSchemas.load("score");
        Outcomes outcomes =
                new Outcomes(
                        new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "it-reader-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (outcomes.count() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(scoresTopic)) {
                        JsonSchemas.assertValid(scoreSchema, r.value());
                        ScoreRecord score = OutputRecords.fromJson(r.value(), ScoreRecord.class);
                        outcomes.scoreIds().add(score.eventId());
                        if (score.anomaly()) {
                            outcomes.anomalousScoreIds().add(score.eventId());
                        }
                    } else if (r.topic().equals(deadTopic)) {
                        JsonSchemas.assertValid(deadSchema, r.value());
                        outcomes.deadLetters()
                                .add(OutputRecords.fromJson(r.value(), DeadLetter.class));
                    } else {
                        JsonSchemas.assertValid(alertSchema, r.value());
                        outcomes.alertIds()
                                .add(OutputRecords.fromJson(r.value(), Alert.class).eventId());
                    }
                }
            }
            // Anything written after the expected count would be a duplicate outcome.
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(2))) {
                if (r.topic().equals(scoresTopic)) {
                    outcomes.scoreIds()
                            .add(OutputRecords.fromJson(r.value(), ScoreRecord.class).eventId());
                }
            }
        }
        return outcomes;
    }

    private static int status(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private record Outcomes(
            List<String> scoreIds,
            List<String> anomalousScoreIds,
            List<String> alertIds,
            List<DeadLetter> deadLetters) {
        int count() {
            return scoreIds.size() + deadLetters.size();
        }
    }
}
