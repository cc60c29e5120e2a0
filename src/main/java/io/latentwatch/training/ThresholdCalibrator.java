package io.latentwatch.training;

import java.util.Arrays;

/** Chooses the anomaly threshold from reconstruction errors of held-out normal records. */
public final class ThresholdCalibrator {

    private ThresholdCalibrator() {}

    /**
     * The {@code p}-th percentile of {@code errors}, interpolated linearly between the two nearest
     * ranks (the method NumPy and R call type 7).
     *
     * @param p percentile in (0, 100]
     */
    public static double percentile(double[] errors, double p) {
        if (errors.length == 0) {
            throw new IllegalArgumentException("Cannot calibrate a threshold on no errors");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("Percentile must be in (0, 100], got " + p);
        }
        double[] sorted = errors.clone();
        Arrays.sort(sorted);
        double rank = p / 100.0 * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }
}
