package io.latentwatch.model;

import io.latentwatch.data.Dataset;
import java.util.Arrays;

/**
 * Scales each feature to [0, 1] by the minimum and maximum seen in the training rows.
 *
 * <p>Values outside the training range scale outside [0, 1]; that is intended, as such values are a
 * sign of an anomaly. A feature that was constant in training has no range: it scales to 0 at its
 * training value and by its offset elsewhere. Instances are immutable and thread-safe.
 *
 * @param min per-feature minimum of the training rows
 * @param max per-feature maximum of the training rows
 */
public record MinMaxScaler(float[] min, float[] max) implements Scaler {

    public MinMaxScaler {
        if (min.length != max.length || min.length == 0) {
            throw new IllegalArgumentException(
                    "Scaler needs one min and one max per feature, got "
                            + min.length
                            + " and "
                            + max.length);
        }
        min = min.clone();
        max = max.clone();
        for (int i = 0; i < min.length; i++) {
            if (!Float.isFinite(min[i]) || !Float.isFinite(max[i]) || min[i] > max[i]) {
                throw new IllegalArgumentException(
                        "Scaler feature " + i + " has bad range [" + min[i] + ", " + max[i] + "]");
            }
        }
    }

    /** Fits per-feature ranges on every row of {@code data}. */
    public static MinMaxScaler fit(Dataset data) {
        float[] min = new float[data.featureCount()];
        float[] max = new float[data.featureCount()];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < data.size(); r++) {
            float[] row = data.row(r);
            for (int f = 0; f < row.length; f++) {
                min[f] = Math.min(min[f], row[f]);
                max[f] = Math.max(max[f], row[f]);
            }
        }
        return new MinMaxScaler(min, max);
    }

    /**
     * Fits one range shared by all features, as suits image pixels: a pixel that is always dark in
     * training must not blow up the error of an image that lights it.
     */
    public static MinMaxScaler fitGlobal(Dataset data) {
        MinMaxScaler perFeature = fit(data);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int f = 0; f < perFeature.min.length; f++) {
            lo = Math.min(lo, perFeature.min[f]);
            hi = Math.max(hi, perFeature.max[f]);
        }
        float[] min = new float[perFeature.min.length];
        float[] max = new float[perFeature.min.length];
        Arrays.fill(min, lo);
        Arrays.fill(max, hi);
        return new MinMaxScaler(min, max);
    }

    @Override
    public float[] min() {
        return min.clone();
    }

    @Override
    public float[] max() {
        return max.clone();
    }

    @Override
    public int featureCount() {
        return min.length;
    }

    @Override
    public void transform(float[] values, float[] out) {
        for (int f = 0; f < min.length; f++) {
            float range = max[f] - min[f];
            out[f] = range > 0 ? (values[f] - min[f]) / range : values[f] - min[f];
        }
    }

    @Override
    public void inverseTransform(float[] scaled, float[] out) {
        for (int f = 0; f < min.length; f++) {
            float range = max[f] - min[f];
            out[f] = (range > 0 ? scaled[f] * range : scaled[f]) + min[f];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinMaxScaler other
                && Arrays.equals(min, other.min)
                && Arrays.equals(max, other.max);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(min) + Arrays.hashCode(max);
    }

    @Override
    public String toString() {
        return "MinMaxScaler[features=" + min.length + "]";
    }
}
