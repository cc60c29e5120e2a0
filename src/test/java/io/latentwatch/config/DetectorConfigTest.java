package io.latentwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorConfigTest {

    private static final Map<String, String> MINIMAL =
            Map.of("input.topics", "sensors,images", "model.path", "/models/a.lwm");

    @TempDir Path dir;

    @Test
    void shouldApplyDefaultsToAMinimalConfig() {
        DetectorConfig config = DetectorConfig.fromProperties(MINIMAL, Map.of(), "test");

        assertThat(config.inputTopics()).containsExactly("sensors", "images");
        assertThat(config.alertTopic()).isEqualTo("latentwatch-alerts");
        assertThat(config.processingGuarantee()).isEqualTo("at_least_once");
        assertThat(config.metricsPort()).isEqualTo(9464);
        assertThat(config.scoresTopic()).isEmpty();
    }

    @Test
    void shouldLetEnvironmentVariablesOverrideTheFile() throws IOException {
        Path file = dir.resolve("detector.properties");
        Files.writeString(file, "input.topics=a\nmodel.path=/m.lwm\nmetrics.port=1000\n");
        Map<String, String> env =
                Map.of(
                        "LATENTWATCH_METRICS_PORT",
                        "2000",
                        "LATENTWATCH_KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "PATH",
                        "/bin");

        DetectorConfig config =
                DetectorConfig.fromProperties(
                        Map.of("input.topics", "a", "model.path", "/m.lwm", "metrics.port", "1000"),
                        env,
                        file.toString());

        assertThat(config.metricsPort()).isEqualTo(2000);
        assertThat(config.kafkaSettings()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void shouldRefuseUnknownKeysByName() {
        Map<String, String> typo = new java.util.HashMap<>(MINIMAL);
        typo.put("alert.topik", "x");

        assertThatThrownBy(
                        () -> DetectorConfig.fromProperties(typo, Map.of(), "detector.properties"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("detector.properties")
                .hasMessageContaining("alert.topik");
        assertThatThrownBy(
                        () ->
                                DetectorConfig.fromProperties(
                                        MINIMAL, Map.of("LATENTWATCH_ALERT_TOPIK", "x"), "t"))
                .hasMessageContaining("LATENTWATCH_ALERT_TOPIK");
    }

    @Test
    void shouldNameKeyValueAndReasonOfABadValue() {
        Map<String, String> bad = new java.util.HashMap<>(MINIMAL);
        bad.put("metrics.port", "ninety");

        assertThatThrownBy(() -> DetectorConfig.fromProperties(bad, Map.of(), "t"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("metrics.port")
                .hasMessageContaining("ninety");

        bad.put("metrics.port", "9464");
        bad.put("processing.guarantee", "exactly_once");
        assertThatThrownBy(() -> DetectorConfig.fromProperties(bad, Map.of(), "t"))
                .hasMessageContaining("processing.guarantee")
                .hasMessageContaining("exactly_once");
    }

    @Test
    void shouldBlameTheEnvironmentVariableForABadValueItSet() {
        assertThatThrownBy(
                        () ->
                                DetectorConfig.fromProperties(
                                        MINIMAL,
                                        Map.of("LATENTWATCH_METRICS_PORT", "abc"),
                                        "detector.properties"))
                .hasMessageStartingWith("environment variable LATENTWATCH_METRICS_PORT:")
                .hasMessageContaining("abc");
    }

    @Test
    void shouldRequireInputTopicsAndModelPath() {
        assertThatThrownBy(
                        () ->
                                DetectorConfig.fromProperties(
                                        Map.of("model.path", "/m.lwm"), Map.of(), "t"))
                .hasMessageContaining("input.topics");
    }

    @Test
    void shouldMaskSecretsInTheDescription() {
        Map<String, String> secret = new java.util.HashMap<>(MINIMAL);
        secret.put("kafka.sasl.jaas.config", "PlainLoginModule username=u password=hunter2");
        secret.put("kafka.ssl.truststore.password", "hunter2");
        secret.put("kafka.security.protocol", "SASL_SSL");

        String description = DetectorConfig.fromProperties(secret, Map.of(), "t").describe();

        assertThat(description)
                .doesNotContain("hunter2")
                .contains("kafka.security.protocol=SASL_SSL")
                .contains("kafka.ssl.truststore.password=[hidden]");
    }

    @Test
    void shouldSayWhichFileIsMissing() {
        Path absent = dir.resolve("nope.properties");

        assertThatThrownBy(() -> DetectorConfig.load(absent))
                .hasMessageContaining(absent.toString())
                .hasMessageContaining("does not exist");
    }
}
