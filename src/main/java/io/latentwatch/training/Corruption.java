package io.latentwatch.training;

import java.util.Random;

/**
 * Corrupts scaled inputs for denoising training: additive Gaussian noise and masking noise, where a
 * random fraction of each row's inputs is set to 0 (Vincent et al., 2008, "Extracting and composing
 * robust features with denoising autoencoders"). The training target stays the clean row. Not
 * thread-safe: it owns a seeded random source.
 */
final class Corruption {

    private final double sigma;
    private final double maskFraction;
    private final Random random;

    Corruption(double sigma, double maskFraction, long seed) {
        this.sigma = sigma;
        this.maskFraction = maskFraction;
        this.random = new Random(seed);
    }

    /** Whether this corruption changes anything; a plain autoencoder has none. */
    boolean isNone() {
        return sigma == 0 && maskFraction == 0;
    }

    /** A corrupted copy of {@code clean}; fresh noise on every call. */
    float[] apply(float[] clean) {
        float[] noisy = clean.clone();
        for (int i = 0; i < noisy.length; i++) {
            if (maskFraction > 0 && random.nextDouble() < maskFraction) {
                noisy[i] = 0f;
            } else if (sigma > 0) {
                noisy[i] += (float) (random.nextGaussian() * sigma);
            }
        }
        return noisy;
    }
}
