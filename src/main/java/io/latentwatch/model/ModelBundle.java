package io.latentwatch.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained denoising autoencoder with its manifest: everything needed to score records.
 *
 * <p>The network is not thread-safe; give each scoring thread its own {@link #copyNetwork()}.
 */
public record ModelBundle(Manifest manifest, MultiLayerNetwork network) {

    /** An independent copy of the network, for one scoring thread. */
    public MultiLayerNetwork copyNetwork() {
        return network.clone();
    }
}
