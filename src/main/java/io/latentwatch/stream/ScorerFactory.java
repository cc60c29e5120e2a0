package io.latentwatch.stream;

import io.latentwatch.model.ModelBundle;
import io.latentwatch.scoring.Scorer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a model bundle into scorers for the stream tasks, after checking that it can score: the
 * detector calls it at start and on every reload, and refuses a bundle it throws for.
 */
@FunctionalInterface
public interface ScorerFactory {

    /**
     * Checks {@code bundle} and returns what makes one scorer per stream task.
     *
     * @throws io.latentwatch.LatentwatchException when the bundle cannot be used, saying why
     */
    Supplier<Scorer> scorersFor(ModelBundle bundle);

    /**
     * A factory that makes one thread-safe scorer per bundle with {@code make}, which may check the
     * bundle and throw, and hands that one scorer to every stream task.
     */
    static ScorerFactory sharing(Function<ModelBundle, Scorer> make) {
        return bundle -> {
            Scorer shared = make.apply(bundle);
            return () -> shared;
        };
    }
}
