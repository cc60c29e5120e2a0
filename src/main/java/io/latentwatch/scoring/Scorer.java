package io.latentwatch.scoring;

import io.latentwatch.model.Manifest;

/**
 * Turns feature vectors into reconstruction errors.
 *
 * <p>Implementations say whether they are thread-safe; the detector asks its factory for a scorer
 * per stream task, and the shipped factory hands every task the same thread-safe one. Closing a
 * shared scorer must not break the other tasks. Feature vectors hold raw, unscaled values in the
 * order of {@link Manifest#featureNames()}; scaling is the scorer's job.
 */
public interface Scorer extends AutoCloseable {

    /** The manifest of the model bundle behind this scorer: feature schema and threshold. */
    Manifest manifest();

    /** Scores one feature vector. */
    Score score(float[] features);

    /**
     * Scores several feature vectors at once, which is much cheaper per record on a neural network.
     */
    default Score[] scoreAll(float[][] batch) {
        Score[] scores = new Score[batch.length];
        for (int i = 0; i < batch.length; i++) {
            scores[i] = score(batch[i]);
        }
        return scores;
    }

    /** Releases native memory held by the scorer; the default does nothing. */
    @Override
    default void close() {}
}
