package io.latentwatch.stream;

import io.latentwatch.model.Manifest;
import io.latentwatch.scoring.Scorer;
import java.util.function.Supplier;

/**
 * The model in use, which a reload may replace while records flow. Each stream task asks for it per
 * record and builds its own scorer when the generation has changed, so a new model scores from the
 * next record on and no record is scored by a half-swapped one. Thread-safe.
 */
public final class LiveModel {

    /**
     * One loaded model.
     *
     * @param generation counts the models loaded by this detector, from 1
     * @param manifest the model's manifest
     * @param scorers makes a scorer for one stream task; called from stream threads
     */
    public record Loaded(long generation, Manifest manifest, Supplier<Scorer> scorers) {}

    private volatile Loaded current;

    /** Starts with the model of {@code manifest}. */
    public LiveModel(Manifest manifest, Supplier<Scorer> scorers) {
        this.current = new Loaded(1, manifest, scorers);
    }

    /** The model in use. */
    public Loaded current() {
        return current;
    }

    /** Puts a new model in use from the next record on. */
    public synchronized Loaded replace(Manifest manifest, Supplier<Scorer> scorers) {
        current = new Loaded(current.generation() + 1, manifest, scorers);
        return current;
    }
}
