package io.latentwatch.scoring;

import io.latentwatch.model.Manifest;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.model.Scaler;

/**
 * Scores records with a {@link DenseEngine} over the bundle's network: scale, reconstruct, and
 * average the squared difference between the scaled input and its reconstruction, exactly as {@link
 * Dl4jScorer} defines the score.
 *
 * <p>Thread-safe: one instance is shared by every stream task, and {@link #close()} does nothing.
 * Get one through {@link Scorers#forBundle(ModelBundle)}, which validates the engine against DL4J
 * first.
 */
public final class EngineScorer implements Scorer {

    private final Manifest manifest;
    private final Scaler scaler;
    private final DenseEngine engine;

    EngineScorer(Manifest manifest, DenseEngine engine) {
        this.manifest = manifest;
        this.scaler = manifest.scaler();
        this.engine = engine;
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    @Override
    public Score score(float[] features) {
        if (features.length != engine.inputs()) {
            throw new IllegalArgumentException(
                    "Expected " + engine.inputs() + " features, got " + features.length);
        }
        float[] scaled = new float[features.length];
        scaler.transform(features, scaled);
        float[] reconstruction = engine.output(scaled);
        return new Score(
                Dl4jScorer.meanSquaredError(scaled, reconstruction),
                manifest.threshold(),
                manifest.modelVersion(),
                scaled,
                reconstruction);
    }

    /** Reconstruction errors of already-scaled rows, given as one row-major array. */
    double[] reconstructionErrors(float[] scaled, int rows) {
        int width = engine.inputs();
        double[] errors = new double[rows];
        float[] row = new float[width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(scaled, r * width, row, 0, width);
            errors[r] = Dl4jScorer.meanSquaredError(row, engine.output(row));
        }
        return errors;
    }
}
