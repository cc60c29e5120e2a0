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
    private final ThreadLocal<Dl4jScorer> scorers = new ThreadLocal<>();

    PerThreadDl4jScorer(ModelBundle bundle) {
        this.bundle = bundle;
    }

    private Dl4jScorer scorer() {
        Dl4jScorer scorer = scorers.get();
        if (scorer == null) {
            scorer = new Dl4jScorer(bundle);
            scorers.set(scorer);
        }
        return scorer;
    }

    @Override
    public Manifest manifest() {
        return bundle.manifest();
    }

    @Override
    public Score score(float[] features) {
        return scorer().score(features);
    }

    @Override
    public Score[] scoreAll(float[][] batch) {
        return scorer().scoreAll(batch);
    }

    @Override
    public void close() {
        Dl4jScorer scorer = scorers.get();
        if (scorer != null) {
            scorer.close();
            scorers.remove();
        }
    }
}
