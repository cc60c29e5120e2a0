package io.latentwatch.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThresholdCalibratorTest {

    @Test
    void shouldInterpolateBetweenRanksLikeNumpy() {
        double[] errors = {5, 1, 4, 2, 3};

        // numpy.percentile([1,2,3,4,5], [50, 90, 100]) == [3.0, 4.6, 5.0]
        assertThat(ThresholdCalibrator.percentile(errors, 50)).isCloseTo(3.0, within(1e-12));
        assertThat(ThresholdCalibrator.percentile(errors, 90)).isCloseTo(4.6, within(1e-12));
        assertThat(ThresholdCalibrator.percentile(errors, 100)).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void shouldPutAboutHalfAPercentAboveThe995thPercentile() {
        double[] errors = new double[10_000];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = i;
        }

        double threshold = ThresholdCalibrator.percentile(errors, 99.5);

        long above = java.util.Arrays.stream(errors).filter(e -> e > threshold).count();
        assertThat(above).isEqualTo(50);
    }

    @Test
    void shouldRefuseEmptyErrorsAndBadPercentiles() {
        assertThatThrownBy(() -> ThresholdCalibrator.percentile(new double[0], 99))
                .hasMessageContaining("no errors");
        assertThatThrownBy(() -> ThresholdCalibrator.percentile(new double[] {1}, 0))
                .hasMessageContaining("(0, 100]");
    }

    @Test
    void shouldPlaceMeanPlusKStdAndTargetFalsePositiveRate() {
        double[] errors = {1, 2, 3, 4, 5};

        Calibration meanStd =
                ThresholdCalibrator.calibrate(
                        ThresholdMethod.parse("mean-std:2"), errors, null, null);
        Calibration fpr =
                ThresholdCalibrator.calibrate(
                        ThresholdMethod.parse("fpr:0.25"), errors, null, null);

        // mean 3, population std sqrt(2)
        assertThat(meanStd.threshold()).isCloseTo(3 + 2 * Math.sqrt(2), within(1e-12));
        assertThat(meanStd.method()).isEqualTo("mean-std(2)");
        // the 75th percentile: one of four gaps above it
        assertThat(fpr.threshold()).isCloseTo(4.0, within(1e-12));
        assertThat(fpr.precision()).isNull();
    }

    @Test
    void shouldChooseTheThresholdWithTheBestF1OnLabelledErrors() {
        double[] errors = {0.1, 0.2, 0.3, 0.35, 0.8, 0.9};
        int[] labels = {0, 0, 0, 1, 1, 1};

        Calibration best =
                ThresholdCalibrator.calibrate(
                        ThresholdMethod.parse("max-f1"), new double[] {0.1}, errors, labels);

        // Flagging everything above 0.3 catches all three anomalies and nothing else.
        assertThat(best.threshold()).isEqualTo(0.3);
        assertThat(best.f1()).isEqualTo(1.0);
        assertThat(best.precision()).isEqualTo(1.0);
        assertThat(best.recall()).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseMaxF1WithoutLabelledAnomaliesAndUnknownMethods() {
        assertThatThrownBy(
                        () ->
                                ThresholdCalibrator.calibrate(
                                        ThresholdMethod.parse("max-f1"),
                                        new double[] {1},
                                        null,
                                        null))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("needs labelled anomalies");
        assertThatThrownBy(() -> ThresholdMethod.parse("median:3"))
                .hasMessageContaining("Unknown threshold method 'median'");
        assertThatThrownBy(() -> ThresholdMethod.parse("fpr:2"))
                .hasMessageContaining("fpr needs a rate in (0, 1), got 2.0");
        assertThatThrownBy(() -> ThresholdMethod.parse("max-f1:3"))
                .hasMessageContaining("max-f1 takes no value");
    }
}
