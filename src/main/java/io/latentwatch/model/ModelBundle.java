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
 * @param selfCheck sample records with their training-time errors, or {@code null} for a bundle
 *     written without them
 */
public record ModelBundle(
        Manifest manifest, MultiLayerNetwork network, PcaBaseline baseline, SelfCheck selfCheck) {

    /** A bundle without a PCA baseline or self-check. */
    public ModelBundle(Manifest manifest, MultiLayerNetwork network) {
        this(manifest, network, null, null);
    }

    /** A bundle without a self-check. */
    public ModelBundle(Manifest manifest, MultiLayerNetwork network, PcaBaseline baseline) {
        this(manifest, network, baseline, null);
    }

    /** An independent copy of the network, for one scoring thread. */
    public MultiLayerNetwork copyNetwork() {
        return network.clone();
    }

    /** The PCA baseline, when the bundle has one. */
    public Optional<PcaBaseline> pcaBaseline() {
        return Optional.ofNullable(baseline);
    }

    /** The stored self-check rows, when the bundle has them. */
    public Optional<SelfCheck> storedSelfCheck() {
        return Optional.ofNullable(selfCheck);
    }

    /** This bundle with {@code check} as its self-check. */
    public ModelBundle withSelfCheck(SelfCheck check) {
        return new ModelBundle(manifest, network, baseline, check);
    }
}
