package io.latentwatch.training;

import io.latentwatch.model.ModelBundle;
import java.util.List;

/**
 * A trained model bundle with the figures of its training run.
 *
 * @param bundle the model bundle, ready to save or score with
 * @param seconds wall time of the training epochs, without data loading
 * @param rowsPerSecond training rows processed per second, over all epochs
 * @param trainingLoss mean training loss per epoch
 * @param validationError mean validation reconstruction error per epoch
 * @param validationErrors reconstruction error of each validation row under the kept weights
 */
public record TrainingResult(
        ModelBundle bundle,
        double seconds,
        double rowsPerSecond,
        List<Double> trainingLoss,
        List<Double> validationError,
        double[] validationErrors) {}
