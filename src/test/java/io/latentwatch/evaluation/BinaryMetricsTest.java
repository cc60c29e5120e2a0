package io.latentwatch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    @Test
    void shouldMatchAHandComputedRocAuc() {
        // Positives score 0.8, 0.4; negatives 0.6, 0.2, 0.1. Of the 6 positive-negative pairs,
        // 5 are ordered right (0.4 < 0.6 is the only miss): AUC = 5/6.
        double[] scores = {0.8, 0.6, 0.4, 0.2, 0.1};
        int[] labels = {1, 0, 1, 0, 0};

        BinaryMetrics metrics = BinaryMetrics.of(scores, labels, 0.5);

        assertThat(metrics.rocAuc()).isCloseTo(5.0 / 6.0, within(1e-9));
        assertThat(metrics.truePositives()).isEqualTo(1);
        assertThat(metrics.falsePositives()).isEqualTo(1);
        assertThat(metrics.trueNegatives()).isEqualTo(2);
        assertThat(metrics.falseNegatives()).isEqualTo(1);
        assertThat(metrics.precision()).isEqualTo(0.5);
        assertThat(metrics.recall()).isEqualTo(0.5);
        assertThat(metrics.f1()).isEqualTo(0.5);
    }

    @Test
    void shouldGivePerfectFiguresToAPerfectSeparation() {
        BinaryMetrics metrics =
                BinaryMetrics.of(new double[] {0.9, 0.8, 0.1, 0.2}, new int[] {1, 1, 0, 0}, 0.5);

        assertThat(metrics.rocAuc()).isCloseTo(1.0, within(1e-12));
        assertThat(metrics.prAuc()).isCloseTo(1.0, within(1e-12));
        assertThat(metrics.f1()).isEqualTo(1.0);
    }

    @Test
    void shouldScoreSilhouettesOfSeparateAndMixedGroups() {
        double[][] apart = {{0, 0}, {0, 1}, {10, 0}, {10, 1}};
        double[][] mixed = {{0, 0}, {10, 0}, {0, 1}, {10, 1}};
        int[] labels = {0, 0, 1, 1};

        assertThat(Silhouette.score(apart, labels)).isGreaterThan(0.85);
        assertThat(Silhouette.score(mixed, labels)).isLessThan(0);
        assertThat(Silhouette.score(apart, new int[] {0, 0, 0, 0})).isNaN();
    }
}
