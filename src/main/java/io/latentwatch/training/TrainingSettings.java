package io.latentwatch.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to train a denoising autoencoder.
 *
 * @param encoder hidden layer sizes from the input towards the bottleneck; the last one is the
 *     latent size, and the decoder mirrors the rest
 * @param outputActivation {@code sigmoid} for inputs scaled into [0, 1], {@code identity} else
 * @param learningRate Adam learning rate
 * @param batchSize rows per gradient step
 * @param epochs passes over the training rows; the weights of the best validation epoch are kept
 * @param noiseSigma standard deviation of the Gaussian noise added to scaled inputs, 0 for none
 * @param maskFraction fraction of inputs set to 0 in each corrupted row, 0 for none
 * @param thresholdPercentile percentile of validation reconstruction errors used as threshold
 * @param seed seed of every random choice: weights, shuffles and corruption
 */
public record TrainingSettings(
        List<Integer> encoder,
        String outputActivation,
        double learningRate,
        int batchSize,
        int epochs,
        double noiseSigma,
        double maskFraction,
        double thresholdPercentile,
        long seed) {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 42L;

    public TrainingSettings {
        encoder = List.copyOf(encoder);
        check(
                !encoder.isEmpty() && encoder.stream().allMatch(s -> s > 0),
                "encoder",
                encoder,
                "needs at least one layer size, each at least 1");
        check(
                outputActivation.equals("sigmoid") || outputActivation.equals("identity"),
                "output activation",
                outputActivation,
                "must be sigmoid or identity");
        check(
                learningRate > 0 && learningRate < 1,
                "learning rate",
                learningRate,
                "must be above 0 and below 1");
        check(batchSize > 0, "batch size", batchSize, "must be at least 1");
        check(epochs > 0, "epochs", epochs, "must be at least 1");
        check(noiseSigma >= 0, "noise", noiseSigma, "must be 0 or more");
        check(maskFraction >= 0 && maskFraction < 1, "mask", maskFraction, "must be in [0, 1)");
        check(
                thresholdPercentile > 0 && thresholdPercentile <= 100,
                "threshold percentile",
                thresholdPercentile,
                "must be in (0, 100]");
    }

    private static void check(boolean ok, String name, Object value, String why) {
        if (!ok) {
            throw new TrainingException(
                    "Invalid training setting: " + name + " " + value + " " + why);
        }
    }

    /**
     * Default encoder sizes for {@code inputs} features: a latent of a third of the inputs, at
     * least 2 and at most 32, behind a hidden layer twice the inputs wide, at most 128. For 28x28
     * images this is 128,32; for 9 sensor features it is 18,3.
     */
    public static List<Integer> defaultEncoder(int inputs) {
        int latent = Math.max(2, Math.min(32, Math.round(inputs / 3f)));
        int hidden = Math.min(128, Math.max(2 * latent, 2 * inputs));
        return List.of(hidden, latent);
    }

    /** These settings with other encoder sizes. */
    public TrainingSettings withEncoder(List<Integer> sizes) {
        return new TrainingSettings(
                sizes,
                outputActivation,
                learningRate,
                batchSize,
                epochs,
                noiseSigma,
                maskFraction,
                thresholdPercentile,
                seed);
    }

    /** These settings with another output activation. */
    public TrainingSettings withOutputActivation(String activation) {
        return new TrainingSettings(
                encoder,
                activation,
                learningRate,
                batchSize,
                epochs,
                noiseSigma,
                maskFraction,
                thresholdPercentile,
                seed);
    }

    /** The latent size: the width of the bottleneck. */
    public int latentSize() {
        return encoder.get(encoder.size() - 1);
    }

    /** The settings as a map, for the bundle's provenance. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("encoder", encoder);
        map.put("decoder", "mirrored");
        map.put("hiddenActivation", "relu");
        map.put("outputActivation", outputActivation);
        map.put("optimizer", "adam");
        map.put("learningRate", learningRate);
        map.put("batchSize", batchSize);
        map.put("epochs", epochs);
        map.put("noiseSigma", noiseSigma);
        map.put("maskFraction", maskFraction);
        map.put("thresholdPercentile", thresholdPercentile);
        map.put("seed", seed);
        return map;
    }
}
