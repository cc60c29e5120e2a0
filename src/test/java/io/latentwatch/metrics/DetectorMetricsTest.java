package io.latentwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class DetectorMetricsTest {

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void shouldCountSmallReconstructionErrorsIntoTheirOwnBuckets() {
        DetectorMetrics metrics = new DetectorMetrics(registry, "v1", 0.004);

        metrics.recordScored("t", 0.0001, 0.025, false, 1000, 5);
        metrics.recordScored("t", 0.003, 0.75, false, 1000, 5);
        metrics.recordScored("t", 0.006, 1.5, true, 1000, 5);

        String scrape = registry.scrape();
        // Bounds are multiples of the threshold: 0.05 x 0.004 = 2.0E-4, 0.85 x = 0.0034, 2 x =
        // 0.008.
        assertThat(scrape)
                .contains("latentwatch_reconstruction_error_bucket{le=\"2.0E-4\"} 1")
                .contains("latentwatch_reconstruction_error_bucket{le=\"0.0034\"} 2")
                .contains("latentwatch_reconstruction_error_bucket{le=\"0.008\"} 3")
                .contains("latentwatch_reconstruction_error_count 3");
    }

    @Test
    void shouldCountOutcomesByTopicAndDeadLettersByReason() {
        DetectorMetrics metrics = new DetectorMetrics(registry, "v1", 1.0);

        metrics.recordScored("a", 0.5, 0.5, false, 1000, 5);
        metrics.recordScored("a", 2.0, 2.0, true, 1000, 5);
        metrics.recordDeadLetter("b", "INVALID_JSON");

        assertThat(
                        registry.get(DetectorMetrics.RECORDS)
                                .tags("topic", "a", "outcome", "anomaly")
                                .counter()
                                .count())
                .isEqualTo(1.0);
        assertThat(
                        registry.get(DetectorMetrics.DEAD_LETTERS)
                                .tags("topic", "b", "reason", "INVALID_JSON")
                                .counter()
                                .count())
                .isEqualTo(1.0);
        assertThat(metrics.scored()).isEqualTo(2);
        assertThat(metrics.anomalies()).isEqualTo(1);
        assertThat(metrics.deadLettered()).isEqualTo(1);
        assertThat(registry.scrape()).contains("latentwatch_model_info{model_version=\"v1\"} 1");
    }

    @Test
    void shouldShowOnlyTheNewModelAfterAReloadAndCountReloadsByResult() {
        DetectorMetrics metrics = new DetectorMetrics(registry, "v1", 1.0);
        metrics.recordReload(false);

        metrics.modelChanged("v2", 0.5);
        metrics.recordReload(true);

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("latentwatch_model_info{model_version=\"v2\"} 1")
                .doesNotContain("model_version=\"v1\"")
                .contains("latentwatch_model_threshold{model_version=\"v2\"} 0.5")
                .contains("latentwatch_model_reloads_total{result=\"failure\"} 1")
                .contains("latentwatch_model_reloads_total{result=\"success\"} 1");
    }

    @Test
    void shouldBucketRatiosAndLagOnFixedBounds() {
        DetectorMetrics metrics = new DetectorMetrics(registry, "v1", 0.01);

        metrics.recordScored("t", 0.005, 0.5, false, 1000, 40);
        metrics.recordScored("t", 0.03, 3.0, true, 1000, 2_000);
        metrics.recordScored("t", 0.001, 0.1, false, 1000, -30);

        assertThat(registry.scrape())
                .contains("latentwatch_error_ratio_bucket{le=\"1.0\"} 2")
                .contains("latentwatch_error_ratio_bucket{le=\"3.0\"} 3")
                .contains("latentwatch_end_to_end_lag_seconds_bucket{le=\"0.005\"} 1")
                .contains("latentwatch_end_to_end_lag_seconds_bucket{le=\"0.05\"} 2")
                .contains("latentwatch_end_to_end_lag_seconds_bucket{le=\"2.5\"} 3");
    }
}
