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
}
