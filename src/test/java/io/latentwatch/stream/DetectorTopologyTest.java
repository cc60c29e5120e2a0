package io.latentwatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import io.latentwatch.metrics.DetectorMetrics;
import io.latentwatch.model.Manifest;
import io.latentwatch.scoring.Score;
import io.latentwatch.scoring.Scorer;
import io.latentwatch.stream.OutputRecords.Alert;
import io.latentwatch.stream.OutputRecords.DeadLetter;
import io.latentwatch.stream.OutputRecords.ScoreRecord;
import io.latentwatch.testing.JsonSchemas;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DetectorTopologyTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    /** Error is the mean square of the raw features; the manifest's threshold is 1. */
    static final class SquareScorer implements Scorer {
        private final Manifest manifest;

        SquareScorer() {
            this(RecordParserTest.sensorManifest());
        }

        SquareScorer(Manifest manifest) {
            this.manifest = manifest;
        }

        @Override
        public Manifest manifest() {
            return manifest;
        }

        @Override
        public Score score(float[] features) {
            double sum = 0;
            for (float f : features) {
                sum += f * f;
            }
            return new Score(
                    sum / features.length,
                    manifest.threshold(),
                    manifest.modelVersion(),
                    features.clone(),
                    new float[features.length]);
        }
    }

    private PrometheusMeterRegistry registry;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> alerts;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<byte[], byte[]> scores;

    @BeforeEach
    void startDriver() {
        start(TopologySettings.of(List.of("sensors"), "alerts", "dead").withScoresTopic("scores"));
    }

    private void start(TopologySettings settings) {
        start(settings, new LiveModel(RecordParserTest.sensorManifest(), SquareScorer::new));
    }

    private void start(TopologySettings settings, LiveModel model) {
        if (driver != null) {
            driver.close();
        }
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DetectorMetrics metrics = new DetectorMetrics(registry, "test-1", 1.0);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        driver =
                new TopologyTestDriver(
                        DetectorTopology.build(
                                settings, model, metrics, Clock.fixed(NOW, ZoneOffset.UTC)),
                        props);
        input =
                driver.createInputTopic(
                        "sensors", new ByteArraySerializer(), new ByteArraySerializer());
        alerts =
                driver.createOutputTopic(
                        "alerts", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters =
                driver.createOutputTopic(
                        "dead", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        scores =
                driver.createOutputTopic(
                        "scores", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldWriteNothingButAScoreForANormalRecord() {
        input.pipeInput(key("k"), record("n1", 0.1, 0.2, 0.3));

        assertThat(alerts.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        ScoreRecord score = OutputRecords.fromJson(scores.readValue(), ScoreRecord.class);
        assertThat(score.eventId()).isEqualTo("n1");
        assertThat(score.anomaly()).isFalse();
        assertThat(score.error())
                .isCloseTo((0.01 + 0.04 + 0.09) / 3, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(counter("normal")).isEqualTo(1.0);
    }

    @Test
    void shouldAlertOnAnAnomalyKeyedBySourceWithModelVersion() {
        JsonSchema schema = JsonSchemas.load("alert");

        input.pipeInput(key("k"), record("a1", 2, 2, 2));

        TestRecord<byte[], byte[]> out = alerts.readRecord();
        JsonSchemas.assertValid(schema, out.value());
        Alert alert = OutputRecords.fromJson(out.value(), Alert.class);
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("pump-1");
        assertThat(alert.eventId()).isEqualTo("a1");
        assertThat(alert.error()).isEqualTo(4.0);
        assertThat(alert.threshold()).isEqualTo(1.0);
        assertThat(alert.ratio()).isEqualTo(4.0);
        assertThat(alert.modelVersion()).isEqualTo("test-1");
        assertThat(alert.topic()).isEqualTo("sensors");
        assertThat(alert.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(alert.detectedAt()).isEqualTo(NOW.toEpochMilli());
        assertThat(
                        new String(
                                out.headers().lastHeader("latentwatch.model.version").value(),
                                StandardCharsets.UTF_8))
                .isEqualTo("test-1");
        assertThat(counter("anomaly")).isEqualTo(1.0);
        assertThat(registry.get(DetectorMetrics.ALERTS).counter().count()).isEqualTo(1.0);
        assertThat(alert.severity()).isEqualTo("medium");
        assertThat(alert.suppressed()).isNull();
    }

    @Test
    void shouldExplainAnAlertByItsWorstReconstructedFeatures() {
        input.pipeInput(key("k"), record("a2", 1.5, 1, 0.5));

        Alert alert = OutputRecords.fromJson(alerts.readValue(), Alert.class);
        // Squared errors against a reconstruction of zeros: 2.25, 1 and 0.25 of 3.5.
        assertThat(alert.severity()).isEqualTo("low");
        assertThat(alert.explanation().kind()).isEqualTo("features");
        assertThat(alert.explanation().top())
                .extracting(OutputRecords.Contribution::feature)
                .containsExactly("temp", "pressure", "flow");
        OutputRecords.Contribution worst = alert.explanation().top().get(0);
        assertThat(worst.value()).isEqualTo(1.5);
        assertThat(worst.squaredError()).isEqualTo(2.25);
        assertThat(worst.share())
                .isCloseTo(2.25 / 3.5, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void shouldSuppressAlertsOfOneSourceWithinTheWindowAndSayHowMany() {
        start(TopologySettings.of(List.of("sensors"), "alerts", "dead").withSuppression(60_000));
        long t0 = 1_700_000_000_000L;

        input.pipeInput(key("k"), record("s1", 2, 2, 2, "pump-1", t0));
        input.pipeInput(key("k"), record("s2", 2, 2, 2, "pump-1", t0 + 10_000));
        input.pipeInput(key("k"), record("s3", 2, 2, 2, "pump-1", t0 + 20_000));
        input.pipeInput(key("k"), record("o1", 2, 2, 2, "pump-2", t0 + 20_000));
        input.pipeInput(key("k"), record("s4", 2, 2, 2, "pump-1", t0 + 61_000));

        List<Alert> written =
                alerts.readValuesToList().stream()
                        .map(v -> OutputRecords.fromJson(v, Alert.class))
                        .toList();
        assertThat(written).extracting(Alert::eventId).containsExactly("s1", "o1", "s4");
        assertThat(written.get(2).suppressed()).isEqualTo(2L);
        assertThat(written.get(0).suppressed()).isNull();
        assertThat(registry.get(DetectorMetrics.ALERTS_SUPPRESSED).counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void shouldDeadLetterRecordsThatDoNotFitAReloadedModel() {
        LiveModel model = new LiveModel(RecordParserTest.sensorManifest(), SquareScorer::new);
        start(TopologySettings.of(List.of("sensors"), "alerts", "dead"), model);
        input.pipeInput(key("k"), record("before", 0, 0, 0));
        Manifest other = RecordParserTest.manifest(List.of("rpm", "vibration"), null);

        model.replace(other, () -> new SquareScorer(other));
        input.pipeInput(key("k"), record("after", 0, 0, 0));

        DeadLetter letter = OutputRecords.fromJson(deadLetters.readValue(), DeadLetter.class);
        assertThat(letter.reason()).isEqualTo(Reason.MISSING_FEATURE);
        assertThat(letter.message()).isEqualTo("feature 'rpm' is missing");
        assertThat(counter("normal")).isEqualTo(1.0);
    }

    @Test
    void shouldReadEveryTopicMatchingThePatternAndKeepEachRecordsTopic() {
        start(
                new TopologySettings(
                        List.of(),
                        java.util.regex.Pattern.compile("sensors-.*"),
                        "alerts",
                        "dead",
                        "",
                        "recon",
                        10_000,
                        false,
                        5,
                        4,
                        0));
        TestInputTopic<byte[], byte[]> east =
                driver.createInputTopic(
                        "sensors-east", new ByteArraySerializer(), new ByteArraySerializer());
        TestOutputTopic<byte[], byte[]> reconstructions =
                driver.createOutputTopic(
                        "recon", new ByteArrayDeserializer(), new ByteArrayDeserializer());

        east.pipeInput(key("k"), record("e1", 2, 2, 2));

        Alert alert = OutputRecords.fromJson(alerts.readValue(), Alert.class);
        assertThat(alert.topic()).isEqualTo("sensors-east");
        String rebuilt = new String(reconstructions.readValue(), StandardCharsets.UTF_8);
        assertThat(rebuilt)
                .contains("\"id\":\"e1\"")
                .contains("\"features\":{\"temp\":0.0,\"pressure\":0.0,\"flow\":0.0}")
                .contains("\"modelVersion\":\"test-1\"");
        JsonSchemas.assertValid(
                JsonSchemas.load("sensor-record"), rebuilt.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectUnknownFeaturesWhenAsked() {
        start(
                new TopologySettings(
                        List.of("sensors"), null, "alerts", "dead", "", "", 10_000, true, 5, 4, 0));
        byte[] extra =
                "{\"id\":\"x\",\"features\":{\"temp\":1,\"pressure\":1,\"flow\":1,\"rpm\":3}}"
                        .getBytes(StandardCharsets.UTF_8);

        input.pipeInput(key("k"), extra);

        DeadLetter letter = OutputRecords.fromJson(deadLetters.readValue(), DeadLetter.class);
        assertThat(letter.reason()).isEqualTo(Reason.UNKNOWN_FEATURE);
        assertThat(letter.message()).contains("'rpm'");
    }

    @Test
    void shouldDeadLetterAMalformedRecordWithReasonAndOriginalBytes() {
        JsonSchema schema = JsonSchemas.load("dead-letter");
        byte[] bad =
                "{\"id\": \"b1\", \"features\": {\"temp\": 1}}".getBytes(StandardCharsets.UTF_8);

        input.pipeInput(key("k"), bad);
        input.pipeInput(key("k"), "not json".getBytes(StandardCharsets.UTF_8));

        TestRecord<byte[], byte[]> out = deadLetters.readRecord();
        JsonSchemas.assertValid(schema, out.value());
        DeadLetter letter = OutputRecords.fromJson(out.value(), DeadLetter.class);
        assertThat(letter.reason()).isEqualTo(Reason.MISSING_FEATURE);
        assertThat(letter.message()).contains("'pressure'");
        assertThat(Base64.getDecoder().decode(letter.payloadBase64())).isEqualTo(bad);
        assertThat(letter.topic()).isEqualTo("sensors");
        assertThat(letter.offset()).isZero();
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("k");
        DeadLetter second = OutputRecords.fromJson(deadLetters.readValue(), DeadLetter.class);
        assertThat(second.reason()).isEqualTo(Reason.INVALID_JSON);
        assertThat(second.offset()).isEqualTo(1);
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(scores.isEmpty()).isTrue();
        assertThat(
                        registry.get(DetectorMetrics.DEAD_LETTERS)
                                .tag("reason", "MISSING_FEATURE")
                                .counter()
                                .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldKeepGoingAfterBadRecords() {
        input.pipeInput(key("k"), (byte[]) null);
        input.pipeInput(key("k"), new byte[] {(byte) 0xff});
        input.pipeInput(key("k"), record("ok", 0, 0, 0));

        assertThat(deadLetters.readValuesToList()).hasSize(2);
        assertThat(scores.readValuesToList()).hasSize(1);
    }

    private double counter(String outcome) {
        return registry.get(DetectorMetrics.RECORDS).tag("outcome", outcome).counter().count();
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] record(String id, double temp, double pressure, double flow) {
        return record(id, temp, pressure, flow, "pump-1", 1_700_000_000_000L);
    }

    private static byte[] record(
            String id, double temp, double pressure, double flow, String source, long time) {
        return String.format(
                        java.util.Locale.ROOT,
                        "{\"id\":\"%s\",\"source\":\"%s\",\"timestamp\":%d,"
                                + "\"features\":{\"temp\":%s,\"pressure\":%s,\"flow\":%s}}",
                        id,
                        source,
                        time,
                        temp,
                        pressure,
                        flow)
                .getBytes(StandardCharsets.UTF_8);
    }
}
