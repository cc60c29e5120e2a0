package io.latentwatch.training;

import io.latentwatch.model.ModelBundle;

/**
 * A trained model bundle with the figures of its training run.
 *
 * @param bundle the model bundle, ready to save or score with
 * @param seconds wall time of the training epochs, without data loading
 * @param rowsPerSecond training rows processed per second, over all epochs
 */
public record TrainingResult(ModelBundle bundle, double seconds, double rowsPerSecond) {}
