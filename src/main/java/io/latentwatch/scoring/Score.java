package io.latentwatch.scoring;

/**
 * The outcome of scoring one record.
 *
 * @param error the reconstruction error: mean squared error over the scaled features
 * @param threshold the threshold of the model that scored it
 * @param modelVersion the version of that model
 * @param input the scaled features the network was given, or {@code null} when not kept
 * @param reconstruction the network's reconstruction of {@code input}, in the same scaled units, or
 *     {@code null} when not kept
 */
public record Score(
        double error,
        double threshold,
        String modelVersion,
        float[] input,
        float[] reconstruction) {

    /** A score without its input and reconstruction. */
    public Score(double error, double threshold, String modelVersion) {
        this(error, threshold, modelVersion, null, null);
    }

    /** Whether the record is an anomaly: its reconstruction error exceeds the threshold. */
    public boolean isAnomaly() {
        return error > threshold;
    }

    /** Reconstruction error divided by the threshold; above 1 means anomaly. */
    public double ratio() {
        return error / threshold;
    }

    /** Whether the scaled input and its reconstruction are kept, so the score can be explained. */
    public boolean explainable() {
        return input != null && reconstruction != null;
    }
}
