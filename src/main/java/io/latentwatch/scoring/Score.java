package io.latentwatch.scoring;

/**
 * The outcome of scoring one record.
 *
 * @param error the reconstruction error: mean squared error over the scaled features
 * @param threshold the threshold of the model that scored it
 * @param modelVersion the version of that model
 */
public record Score(double error, double threshold, String modelVersion) {

    /** Whether the record is an anomaly: its reconstruction error exceeds the threshold. */
    public boolean isAnomaly() {
        return error > threshold;
    }

    /** Reconstruction error divided by the threshold; above 1 means anomaly. */
    public double ratio() {
        return error / threshold;
    }
}
