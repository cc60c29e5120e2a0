package io.latentwatch.scoring;

import io.latentwatch.data.Dataset;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.model.Scaler;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The encoder half of a bundle's network: maps records to their latent vectors, the activations of
 * the bottleneck layer (the narrowest one). Not thread-safe: it owns a copy of the network.
 */
public final class LatentEncoder {

    private static final int BATCH = 1024;

    private final Scaler scaler;
    private final MultiLayerNetwork network;
    private final int latentLayer;

    public LatentEncoder(ModelBundle bundle) {
        this.scaler = bundle.manifest().scaler();
        this.network = bundle.copyNetwork();
        int narrowest = 0;
        for (int layer = 1; layer < network.getnLayers(); layer++) {
            if (network.layerSize(layer) < network.layerSize(narrowest)) {
                narrowest = layer;
            }
        }
        this.latentLayer = narrowest;
    }

    /** The latent size. */
    public int latentSize() {
        return network.layerSize(latentLayer);
    }

    /** The latent vector of every row of {@code data}, in row order. */
    public float[][] encode(Dataset data) {
        float[] scaled = scaler.transformAll(data);
        int width = data.featureCount();
        float[][] latent = new float[data.size()][];
        for (int from = 0; from < data.size(); from += BATCH) {
            int rows = Math.min(BATCH, data.size() - from);
            float[] chunk = new float[rows * width];
            System.arraycopy(scaled, from * width, chunk, 0, chunk.length);
            INDArray input = Nd4j.create(chunk, new long[] {rows, width}, 'c');
            List<INDArray> activations = network.feedForwardToLayer(latentLayer, input, false);
            INDArray codes = activations.get(latentLayer + 1);
            for (int r = 0; r < rows; r++) {
                latent[from + r] = codes.getRow(r).toFloatVector();
            }
        }
        return latent;
    }

    /** The reconstruction of already-scaled rows, one row-major array of {@code rows} rows. */
    public float[] reconstruct(float[] scaled, int rows, int width) {
        INDArray input = Nd4j.create(scaled, new long[] {rows, width}, 'c');
        return network.output(input, false).dup('c').data().asFloat();
    }
}
