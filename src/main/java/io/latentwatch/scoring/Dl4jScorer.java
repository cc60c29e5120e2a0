package io.latentwatch.scoring;

import io.latentwatch.model.Manifest;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.model.Scaler;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores records with the bundle's DL4J network: scale, reconstruct, and average the squared
 * difference between the scaled input and its reconstruction.
 *
 * <p>Not thread-safe: it owns its own copy of the network, and DL4J networks must not be called
 * from two threads at once.
 */
public final class Dl4jScorer implements Scorer {

    private final Manifest manifest;
    private final Scaler scaler;
    private final MultiLayerNetwork network;

    /** Creates a scorer over a private copy of the bundle's network. */
    public Dl4jScorer(ModelBundle bundle) {
        this.manifest = bundle.manifest();
        this.scaler = manifest.scaler();
        this.network = bundle.copyNetwork();
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    @Override
    public Score score(float[] features) {
        return scoreAll(new float[][] {features})[0];
    }

    @Override
    public Score[] scoreAll(float[][] batch) {
        int width = manifest.featureCount();
        int rows = batch.length;
        float[] scaled = new float[rows * width];
        float[] row = new float[width];
        for (int r = 0; r < rows; r++) {
            scaler.transform(batch[r], row);
            System.arraycopy(row, 0, scaled, r * width, width);
        }
        float[] reconstructed = reconstruct(network, scaled, rows, width);
        Score[] scores = new Score[rows];
        for (int r = 0; r < rows; r++) {
            float[] in = new float[width];
            float[] out = new float[width];
            System.arraycopy(scaled, r * width, in, 0, width);
            System.arraycopy(reconstructed, r * width, out, 0, width);
            scores[r] =
                    new Score(
                            meanSquaredError(in, out),
                            manifest.threshold(),
                            manifest.modelVersion(),
                            in,
                            out);
        }
        return scores;
    }

    /** Mean squared difference between a scaled input and its reconstruction. */
    public static double meanSquaredError(float[] input, float[] reconstruction) {
        return meanSquaredError(input, reconstruction, 0, input.length);
    }

    /**
     * Mean squared difference over {@code width} values from {@code from}: one row of row-major
     * inputs and their reconstructions.
     */
    static double meanSquaredError(float[] input, float[] reconstruction, int from, int width) {
        double sum = 0;
        for (int f = from; f < from + width; f++) {
            double d = input[f] - reconstruction[f];
            sum += d * d;
        }
        return sum / width;
    }

    /** The network's reconstruction of {@code rows} scaled rows, row-major. */
    public static float[] reconstruct(
            MultiLayerNetwork network, float[] scaled, int rows, int width) {
        INDArray input = Nd4j.create(scaled, new long[] {rows, width}, 'c');
        INDArray output = network.output(input, false);
        float[] reconstructed = rowMajor(output);
        input.close();
        output.close();
        return reconstructed;
    }

    /** Mean squared reconstruction error per row of {@code network} over scaled inputs. */
    public static double[] reconstructionErrors(
            MultiLayerNetwork network, float[] scaled, int rows, int width) {
        float[] reconstructed = reconstruct(network, scaled, rows, width);
        double[] errors = new double[rows];
        for (int r = 0; r < rows; r++) {
            errors[r] = meanSquaredError(scaled, reconstructed, r * width, width);
        }
        return errors;
    }

    /**
     * The values of {@code array} in row-major order. A copy made to get there is closed at once:
     * left to the garbage collector, the native memory of one copy per record grew a detector past
     * 2.5 GB of resident memory.
     */
    private static float[] rowMajor(INDArray array) {
        if (array.ordering() == 'c' && !array.isView()) {
            return array.data().asFloat();
        }
        INDArray copy = array.dup('c');
        float[] values = copy.data().asFloat();
        copy.close();
        return values;
    }

    @Override
    public void close() {
        network.close();
    }
}
