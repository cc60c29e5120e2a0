package io.latentwatch.model;

import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained denoising autoencoder with its manifest, and the PCA baseline fitted beside it:
 * everything needed to score records and to judge the model.
 *
 * <p>The network is not thread-safe; give each scoring thread its own {@link #copyNetwork()}.
 *
 * @param manifest what the bundle says about the network
 * @param network the DL4J network
 * @param baseline the PCA baseline, or {@code null} for a bundle written without one
 */
public record ModelBundle(Manifest manifest, MultiLayerNetwork network, PcaBaseline baseline) {

    /** A bundle without a PCA baseline. */
    public ModelBundle(Manifest manifest, MultiLayerNetwork network) {
        this(manifest, network, null);
    }

    /** An independent copy of the network, for one scoring thread. */
    public MultiLayerNetwork copyNetwork() {
        return network.clone();
    }

    /** The PCA baseline, when the bundle has one. */
    public Optional<PcaBaseline> pcaBaseline() {
        return Optional.ofNullable(baseline);
    }
}
