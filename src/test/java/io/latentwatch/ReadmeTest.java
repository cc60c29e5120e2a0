package io.latentwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentwatch.config.DetectorConfig;
import io.latentwatch.metrics.DetectorMetrics;
import io.latentwatch.stream.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The README documents every setting, metric and reason code the code defines. */
class ReadmeTest {

    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    @Test
    void shouldDocumentEverySetting() throws IOException {
        String readme = readme();

        assertThat(DetectorConfig.DEFINITION.names())
                .allSatisfy(key -> assertThat(readme).contains("| `" + key + "` |"));
    }

    @Test
    void shouldDocumentEveryMetricByItsPrometheusName() throws IOException {
        String readme = readme();

        for (String name :
                new String[] {
                    DetectorMetrics.RECORDS, DetectorMetrics.DEAD_LETTERS, DetectorMetrics.ALERTS
                }) {
            assertThat(readme).contains("`" + name.replace('.', '_') + "_total`");
        }
        assertThat(readme)
                .contains("`" + DetectorMetrics.SCORING_TIME.replace('.', '_') + "_seconds`");
        for (String name :
                new String[] {
                    DetectorMetrics.RECONSTRUCTION_ERROR,
                    DetectorMetrics.MODEL_THRESHOLD,
                    DetectorMetrics.MODEL_INFO
                }) {
            assertThat(readme).contains("`" + name.replace('.', '_') + "`");
        }
    }

    @Test
    void shouldDocumentEveryReasonCode() throws IOException {
        String readme = readme();

        for (Reason reason : Reason.values()) {
            assertThat(readme).contains("`" + reason.name().toUpperCase(Locale.ROOT) + "`");
        }
    }
}
