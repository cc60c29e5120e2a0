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
        check(!encoder.isEmpty() && encoder.stream().allMatch(s -> s > 0), "encoder", encoder);
        check(
                outputActivation.equals("sigmoid") || outputActivation.equals("identity"),
                "outputActivation",
                outputActivation);
        check(learningRate > 0 && learningRate < 1, "learningRate", learningRate);
        check(batchSize > 0, "batchSize", batchSize);
        check(epochs > 0, "epochs", epochs);
        check(noiseSigma >= 0, "noiseSigma", noiseSigma);
        check(maskFraction >= 0 && maskFraction < 1, "maskFraction", maskFraction);
        check(
                thresholdPercentile > 0 && thresholdPercentile <= 100,
                "thresholdPercentile",
                thresholdPercentile);
    }

    private static void check(boolean ok, String name, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid training setting " + name + "=" + value);
        }
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
