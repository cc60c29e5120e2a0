package io.latentwatch.scoring;

import io.latentwatch.model.Manifest;
import io.latentwatch.model.ModelBundle;

/**
 * A thread-safe {@link Dl4jScorer}: each calling thread scores with its own copy of the network,
 * made on its first call. The fallback of {@link Scorers#forBundle(ModelBundle)} for networks the
 * {@link DenseEngine} does not evaluate.
 *
 * <p>{@link #close()} releases the calling thread's copy; a later call on that thread makes a new
 * one. Copies of threads that end without closing are released by the garbage collector.
 */
final class PerThreadDl4jScorer implements Scorer {

    private final ModelBundle bundle;
    private final ThreadLocal<Dl4jScorer> scorers;

    PerThreadDl4jScorer(ModelBundle bundle) {
        this.bundle = bundle;
        this.scorers = ThreadLocal.withInitial(() -> new Dl4jScorer(bundle));
    }

    @Override
    public Manifest manifest() {
        return bundle.manifest();
    }

    @Override
    public Score score(float[] features) {
        return scorers.get().score(features);
    }

    @Override
    public Score[] scoreAll(float[][] batch) {
        return scorers.get().scoreAll(batch);
    }

    @Override
    public void close() {
        scorers.get().close();
        scorers.remove();
    }
}
