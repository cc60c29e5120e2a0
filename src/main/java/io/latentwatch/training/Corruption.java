package io.latentwatch.training;

import java.util.Random;

/**
 * Corrupts scaled inputs for denoising training: additive Gaussian noise and masking noise, where a
 * random fraction of each row's inputs is set to 0 (Vincent et al., 2008, "Extracting and composing
 * robust features with denoising autoencoders"). The training target stays the clean row. Not
 * thread-safe: it owns a seeded random source.
 */
public final class Corruption {

    private final double sigma;
    private final double maskFraction;
    private final double saltPepperFraction;
    private final Random random;

    Corruption(double sigma, double maskFraction, double saltPepperFraction, long seed) {
        this.sigma = sigma;
        this.maskFraction = maskFraction;
        this.saltPepperFraction = saltPepperFraction;
        this.random = new Random(seed);
    }

    /** The corruption the settings ask for. */
    public static Corruption of(TrainingSettings settings) {
        return new Corruption(
                settings.noiseSigma(),
                settings.maskFraction(),
                settings.saltPepperFraction(),
                settings.seed());
    }

    /** Whether this corruption changes anything; a plain autoencoder has none. */
    public boolean isNone() {
        return sigma == 0 && maskFraction == 0 && saltPepperFraction == 0;
    }

    /** A corrupted copy of {@code clean}; fresh noise on every call. */
    public float[] apply(float[] clean) {
        float[] noisy = clean.clone();
        for (int i = 0; i < noisy.length; i++) {
            if (maskFraction > 0 && random.nextDouble() < maskFraction) {
                noisy[i] = 0f;
            } else if (saltPepperFraction > 0 && random.nextDouble() < saltPepperFraction) {
                noisy[i] = random.nextBoolean() ? 1f : 0f;
            } else if (sigma > 0) {
                noisy[i] += (float) (random.nextGaussian() * sigma);
            }
        }
        return noisy;
    }
}
