package io.latentwatch.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The linear baseline a model is judged against: PCA reconstruction error with as many components
 * as the model's latent size, fitted on the same scaled training rows. Stored in the model bundle
 * as {@code pca.json}. Immutable and thread-safe.
 *
 * @param mean per-feature mean of the scaled training rows
 * @param components orthonormal principal directions, one row of feature weights each
 * @param threshold its threshold, chosen by the same method as the model's
 */
public record PcaBaseline(float[] mean, float[][] components, double threshold) {

    public PcaBaseline {
        mean = mean.clone();
        float[][] copy = new float[components.length][];
        for (int c = 0; c < components.length; c++) {
            if (components[c].length != mean.length) {
                throw new IllegalArgumentException("PCA component " + c + " has the wrong width");
            }
            copy[c] = components[c].clone();
        }
        components = copy;
    }

    /**
     * Fits the top {@code k} principal directions of {@code rows} (row-major, {@code n} rows of
     * {@code width}): the eigenvectors of the covariance matrix with the largest eigenvalues, from
     * LAPACK's symmetric eigensolver through ND4J.
     *
     * @param threshold the threshold to carry; see {@link #withThreshold(double)}
     */
    public static PcaBaseline fit(float[] rows, int n, int width, int k, double threshold) {
        if (k < 1 || k > width) {
            throw new IllegalArgumentException("PCA needs 1 to " + width + " components, got " + k);
        }
        INDArray x = Nd4j.create(rows, new long[] {n, width}, 'c').castTo(DataType.DOUBLE);
        INDArray mean = x.mean(0);
        INDArray centred = x.subRowVector(mean);
        INDArray covariance = centred.transpose().mmul(centred).divi(n);
        // Eigenvalues come back in ascending order; the eigenvectors replace the matrix's columns.
        Eigen.symmetricGeneralizedEigenvalues(covariance, true);
        float[][] components = new float[k][width];
        for (int c = 0; c < k; c++) {
            for (int f = 0; f < width; f++) {
                components[c][f] = covariance.getFloat(f, width - 1 - c);
            }
        }
        return new PcaBaseline(mean.toFloatVector(), components, threshold);
    }

    /** The same components with another threshold. */
    public PcaBaseline withThreshold(double newThreshold) {
        return new PcaBaseline(mean, components, newThreshold);
    }

    /** The coordinates of a scaled row along the components. */
    public double[] project(float[] scaled) {
        double[] coordinates = new double[components.length];
        for (int c = 0; c < components.length; c++) {
            double sum = 0;
            for (int f = 0; f < mean.length; f++) {
                sum += (scaled[f] - mean[f]) * components[c][f];
            }
            coordinates[c] = sum;
        }
        return coordinates;
    }

    /** Mean squared error between a scaled row and its projection onto the components. */
    public double reconstructionError(float[] scaled) {
        int width = mean.length;
        double[] centred = new double[width];
        for (int f = 0; f < width; f++) {
            centred[f] = scaled[f] - mean[f];
        }
        double[] reconstructed = new double[width];
        for (float[] component : components) {
            double projection = 0;
            for (int f = 0; f < width; f++) {
                projection += centred[f] * component[f];
            }
            for (int f = 0; f < width; f++) {
                reconstructed[f] += projection * component[f];
            }
        }
        double sum = 0;
        for (int f = 0; f < width; f++) {
            double d = centred[f] - reconstructed[f];
            sum += d * d;
        }
        return sum / width;
    }

    /** Number of principal components kept. */
    public int componentCount() {
        return components.length;
    }
}
