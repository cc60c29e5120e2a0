package io.latentwatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentwatch.data.Dataset;
import io.latentwatch.data.ImageShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinMaxScalerTest {

    private static final Dataset DATA =
            new Dataset(
                    "t",
                    List.of("a", "b", "c"),
                    new float[][] {{0, 10, 5}, {2, 20, 5}, {4, 30, 5}},
                    null,
                    null);

    @Test
    void shouldScaleEachFeatureToItsTrainingRange() {
        MinMaxScaler scaler = MinMaxScaler.fit(DATA);

        float[] out = new float[3];
        scaler.transform(new float[] {1, 30, 5}, out);

        assertThat(out[0]).isCloseTo(0.25f, within(1e-6f));
        assertThat(out[1]).isCloseTo(1.0f, within(1e-6f));
        assertThat(out[2]).isZero();
    }

    @Test
    void shouldScaleOutsideTheUnitIntervalBeyondTheTrainingRange() {
        MinMaxScaler scaler = MinMaxScaler.fit(DATA);

        float[] out = new float[3];
        scaler.transform(new float[] {8, 0, 7}, out);

        assertThat(out[0]).isCloseTo(2.0f, within(1e-6f));
        assertThat(out[1]).isCloseTo(-0.5f, within(1e-6f));
        assertThat(out[2])
                .as("constant feature is offset, not divided")
                .isCloseTo(2f, within(1e-6f));
    }

    @Test
    void shouldShareOneRangeAcrossPixelsWhenFittedGlobally() {
        Dataset image =
                new Dataset(
                        "img",
                        Dataset.pixelNames(new ImageShape(2, 1)),
                        new float[][] {{0, 255}, {0, 100}},
                        null,
                        new ImageShape(2, 1));

        MinMaxScaler scaler = MinMaxScaler.fitGlobal(image);

        assertThat(scaler.min()).containsExactly(0f, 0f);
        assertThat(scaler.max()).containsExactly(255f, 255f);
    }

    @Test
    void shouldRefuseAnInvertedRange() {
        assertThatThrownBy(() -> new MinMaxScaler(new float[] {2}, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature 0");
    }
}
