package io.latentwatch.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to train a denoising autoencoder. Build one with {@link #builder()}; every setting has a
 * default and is checked when built, with a message that names it and says what is allowed.
 *
 * @param encoder hidden layer sizes from the input towards the bottleneck; the last one is the
 *     latent size, and the decoder mirrors the rest
 * @param hiddenActivation {@code relu}, {@code leakyrelu} or {@code tanh}
 * @param outputActivation {@code sigmoid} for inputs scaled into [0, 1], {@code identity} else
 * @param loss training loss: {@code mse}, or {@code bce} for [0, 1] targets and a sigmoid output
 * @param optimizer {@code adam}, {@code rmsprop}, {@code nesterovs} or {@code sgd}
 * @param learningRate the optimizer's learning rate
 * @param l2 L2 weight penalty, 0 for none
 * @param batchSize rows per gradient step
 * @param epochs most passes over the training rows
 * @param patience epochs without a better validation error before training stops; the weights of
 *     the best epoch are kept either way
 * @param noiseSigma standard deviation of Gaussian noise added to scaled inputs, 0 for none
 * @param maskFraction share of each row's inputs set to 0, 0 for none
 * @param saltPepperFraction share of each row's inputs set to 0 or 1 at random, 0 for none
 * @param scaler {@code minmax} or {@code zscore}, fitted on training rows only
 * @param threshold how the threshold is chosen from validation errors
 * @param seed seed of every random choice: weights, shuffles and corruption
 */
public record TrainingSettings(
        List<Integer> encoder,
        String hiddenActivation,
        String outputActivation,
        String loss,
        String optimizer,
        double learningRate,
        double l2,
        int batchSize,
        int epochs,
        int patience,
        double noiseSigma,
        double maskFraction,
        double saltPepperFraction,
        String scaler,
        ThresholdMethod threshold,
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
        oneOf("hidden activation", hiddenActivation, Set.of("relu", "leakyrelu", "tanh"));
        oneOf("output activation", outputActivation, Set.of("sigmoid", "identity"));
        oneOf("loss", loss, Set.of("mse", "bce"));
        oneOf("optimizer", optimizer, Set.of("adam", "rmsprop", "nesterovs", "sgd"));
        oneOf("scaler", scaler, Set.of("minmax", "zscore"));
        check(
                learningRate > 0 && learningRate < 1,
                "learning rate",
                learningRate,
                "must be above 0 and below 1");
        check(l2 >= 0, "l2", l2, "must be 0 or more");
        check(batchSize > 0, "batch size", batchSize, "must be at least 1");
        check(epochs > 0, "epochs", epochs, "must be at least 1");
        check(patience > 0, "patience", patience, "must be at least 1");
        check(noiseSigma >= 0, "noise", noiseSigma, "must be 0 or more");
        check(maskFraction >= 0 && maskFraction < 1, "mask", maskFraction, "must be in [0, 1)");
        check(
                saltPepperFraction >= 0 && saltPepperFraction < 1,
                "salt-and-pepper",
                saltPepperFraction,
                "must be in [0, 1)");
        if (loss.equals("bce") && !outputActivation.equals("sigmoid")) {
            throw new TrainingException(
                    "Loss bce needs a sigmoid output, got "
                            + outputActivation
                            + ": binary cross-entropy is only defined for outputs in (0, 1);"
                            + " use --output-activation sigmoid, or loss mse");
        }
        if (loss.equals("bce") && scaler.equals("zscore")) {
            throw new TrainingException(
                    "Loss bce needs targets in [0, 1], but z-score scaling gives values"
                            + " outside it; use --scaler minmax, or loss mse");
        }
    }

    private static void check(boolean ok, String name, Object value, String why) {
        if (!ok) {
            throw new TrainingException(
                    "Invalid training setting: " + name + " " + value + " " + why);
        }
    }

    private static void oneOf(String name, String value, Set<String> allowed) {
        check(allowed.contains(value), name, value, "must be one of " + allowed);
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
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

    /** The latent size: the width of the bottleneck. */
    public int latentSize() {
        return encoder.get(encoder.size() - 1);
    }

    /** Whether training inputs are corrupted at all; without it this is a plain autoencoder. */
    public boolean denoising() {
        return noiseSigma > 0 || maskFraction > 0 || saltPepperFraction > 0;
    }

    /** The settings as a map, for the bundle's provenance. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("encoder", encoder);
        map.put("decoder", "mirrored");
        map.put("hiddenActivation", hiddenActivation);
        map.put("outputActivation", outputActivation);
        map.put("loss", loss);
        map.put("optimizer", optimizer);
        map.put("learningRate", learningRate);
        map.put("l2", l2);
        map.put("batchSize", batchSize);
        map.put("epochs", epochs);
        map.put("patience", patience);
        map.put("noiseSigma", noiseSigma);
        map.put("maskFraction", maskFraction);
        map.put("saltPepperFraction", saltPepperFraction);
        map.put("scaler", scaler);
        map.put("threshold", threshold.toString());
        map.put("seed", seed);
        return map;
    }

    /** Builds {@link TrainingSettings}; not thread-safe. */
    public static final class Builder {
        private List<Integer> encoder = List.of(128, 32);
        private String hiddenActivation = "relu";
        private String outputActivation = "sigmoid";
        private String loss = "mse";
        private String optimizer = "adam";
        private double learningRate = 1e-3;
        private double l2 = 0;
        private int batchSize = 128;
        private int epochs = 10;
        private int patience = 5;
        private double noiseSigma = 0.1;
        private double maskFraction = 0;
        private double saltPepperFraction = 0;
        private String scaler = "minmax";
        private ThresholdMethod threshold = ThresholdMethod.DEFAULT;
        private long seed = DEFAULT_SEED;

        private Builder() {}

        private Builder(TrainingSettings s) {
            encoder = s.encoder;
            hiddenActivation = s.hiddenActivation;
            outputActivation = s.outputActivation;
            loss = s.loss;
            optimizer = s.optimizer;
            learningRate = s.learningRate;
            l2 = s.l2;
            batchSize = s.batchSize;
            epochs = s.epochs;
            patience = s.patience;
            noiseSigma = s.noiseSigma;
            maskFraction = s.maskFraction;
            saltPepperFraction = s.saltPepperFraction;
            scaler = s.scaler;
            threshold = s.threshold;
            seed = s.seed;
        }

        public Builder encoder(List<Integer> sizes) {
            this.encoder = sizes;
            return this;
        }

        public Builder hiddenActivation(String activation) {
            this.hiddenActivation = activation;
            return this;
        }

        public Builder outputActivation(String activation) {
            this.outputActivation = activation;
            return this;
        }

        public Builder loss(String loss) {
            this.loss = loss;
            return this;
        }

        public Builder optimizer(String optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder learningRate(double rate) {
            this.learningRate = rate;
            return this;
        }

        public Builder l2(double l2) {
            this.l2 = l2;
            return this;
        }

        public Builder batchSize(int rows) {
            this.batchSize = rows;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder patience(int epochs) {
            this.patience = epochs;
            return this;
        }

        public Builder noise(double sigma) {
            this.noiseSigma = sigma;
            return this;
        }

        public Builder mask(double fraction) {
            this.maskFraction = fraction;
            return this;
        }

        public Builder saltPepper(double fraction) {
            this.saltPepperFraction = fraction;
            return this;
        }

        public Builder scaler(String scaler) {
            this.scaler = scaler;
            return this;
        }

        public Builder threshold(ThresholdMethod method) {
            this.threshold = method;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public TrainingSettings build() {
            return new TrainingSettings(
                    encoder,
                    hiddenActivation,
                    outputActivation,
                    loss,
                    optimizer,
                    learningRate,
                    l2,
                    batchSize,
                    epochs,
                    patience,
                    noiseSigma,
                    maskFraction,
                    saltPepperFraction,
                    scaler,
                    threshold,
                    seed);
        }
    }
}
