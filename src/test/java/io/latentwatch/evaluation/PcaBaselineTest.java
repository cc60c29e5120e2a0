package io.latentwatch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentwatch.model.PcaBaseline;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaBaselineTest {

    @Test
    void shouldFindTheDirectionOfMostVarianceAndReconstructAlongIt() {
        // Points on the line y = 2x, plus a little noise across it.
        Random random = new Random(3);
        int n = 500;
        float[] rows = new float[n * 2];
        for (int i = 0; i < n; i++) {
            float t = (float) random.nextGaussian();
            float noise = (float) (0.01 * random.nextGaussian());
            rows[2 * i] = t - 2 * noise;
            rows[2 * i + 1] = 2 * t + noise;
        }

        PcaBaseline pca = PcaBaseline.fit(rows, n, 2, 1, 1.0);

        float[] direction = pca.components()[0];
        double cosine = Math.abs(direction[0] * 1 + direction[1] * 2) / Math.sqrt(5);
        assertThat(cosine).isCloseTo(1.0, within(1e-4));
        assertThat(pca.reconstructionError(new float[] {1, 2})).isLessThan(1e-3);
        assertThat(pca.reconstructionError(new float[] {2, -1})).isGreaterThan(2.0);
    }
}
