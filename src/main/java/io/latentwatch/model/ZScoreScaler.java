package io.latentwatch.model;

import io.latentwatch.data.Dataset;
import java.util.Arrays;

/**
 * Scales each feature to zero mean and unit standard deviation of the training rows. A feature that
 * was constant in training is only centred. Immutable and thread-safe.
 *
 * @param mean per-feature mean of the training rows
 * @param std per-feature standard deviation of the training rows (population)
 */
public record ZScoreScaler(float[] mean, float[] std) implements Scaler {

    public ZScoreScaler {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException(
                    "Scaler needs one mean and one std per feature, got "
                            + mean.length
                            + " and "
                            + std.length);
        }
        mean = mean.clone();
        std = std.clone();
        for (int i = 0; i < mean.length; i++) {
            if (!Float.isFinite(mean[i]) || !Float.isFinite(std[i]) || std[i] < 0) {
                throw new IllegalArgumentException(
                        "Scaler feature " + i + " has bad mean " + mean[i] + " or std " + std[i]);
            }
        }
    }

    /** Fits per-feature means and standard deviations on every row of {@code data}. */
    public static ZScoreScaler fit(Dataset data) {
        int width = data.featureCount();
        double[] sum = new double[width];
        double[] squares = new double[width];
        for (int r = 0; r < data.size(); r++) {
            float[] row = data.row(r);
            for (int f = 0; f < width; f++) {
                sum[f] += row[f];
                squares[f] += (double) row[f] * row[f];
            }
        }
        float[] mean = new float[width];
        float[] std = new float[width];
        for (int f = 0; f < width; f++) {
            double m = sum[f] / data.size();
            mean[f] = (float) m;
            std[f] = (float) Math.sqrt(Math.max(0, squares[f] / data.size() - m * m));
        }
        return new ZScoreScaler(mean, std);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public int featureCount() {
        return mean.length;
    }

    @Override
    public void transform(float[] values, float[] out) {
        for (int f = 0; f < mean.length; f++) {
            float centred = values[f] - mean[f];
            out[f] = std[f] > 0 ? centred / std[f] : centred;
        }
    }

    @Override
    public void inverseTransform(float[] scaled, float[] out) {
        for (int f = 0; f < mean.length; f++) {
            out[f] = (std[f] > 0 ? scaled[f] * std[f] : scaled[f]) + mean[f];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZScoreScaler other
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ZScoreScaler[features=" + mean.length + "]";
    }
}
