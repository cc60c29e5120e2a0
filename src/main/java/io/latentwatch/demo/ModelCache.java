package io.latentwatch.demo;

import io.latentwatch.model.BundleException;
import io.latentwatch.model.BundleFile;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.training.Trainer;
import io.latentwatch.training.TrainingResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo's model bundles between runs: one file per data set, keyed by a hash of the
 * training data and settings, so that changing either trains a new model.
 */
public final class ModelCache {

    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);

    private final Path directory;

    public ModelCache(Path directory) {
        this.directory = directory;
    }

    /**
     * The cache folder of this user: {@code $LATENTWATCH_CACHE}, else {@code ~/.cache/latentwatch}.
     */
    public static Path defaultDirectory() {
        String env = System.getenv("LATENTWATCH_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "latentwatch");
    }

    /**
     * The result of loading or training a model.
     *
     * @param bundle the model bundle
     * @param path where it is stored
     * @param trained whether it was trained now, rather than found in the cache
     * @param trainingSeconds training time when trained now, else 0
     */
    public record Entry(ModelBundle bundle, Path path, boolean trained, double trainingSeconds) {}

    /** The cached bundle of {@code dataset}, trained and stored first when there is none. */
    public Entry getOrTrain(DemoDataset dataset, boolean retrain) {
        createDirectories(directory.resolve("models"));
        Path path =
                directory.resolve("models").resolve(dataset.name() + "-" + key(dataset) + ".lwm");
        if (!retrain && Files.exists(path)) {
            try {
                ModelBundle bundle = BundleFile.read(path);
                log.info(
                        "Model bundle reused path={} version={}",
                        path,
                        bundle.manifest().modelVersion());
                return new Entry(bundle, path, false, 0);
            } catch (BundleException e) {
                log.warn("Cached model bundle refused, training a new one: {}", e.getMessage());
            }
        }
        TrainingResult result =
                new Trainer(dataset.settings())
                        .train(dataset.name(), dataset.training(), dataset.validation());
        BundleFile.write(result.bundle(), path);
        return new Entry(result.bundle(), path, true, result.seconds());
    }

    /** Fails before any training when the cache folder cannot be made. */
    private static void createDirectories(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new io.latentwatch.LatentwatchException(
                    "Cannot create the model cache folder " + dir + ": " + e);
        }
    }

    private static String key(DemoDataset dataset) {
        String material =
                dataset.training().contentHash()
                        + "|"
                        + dataset.validation().contentHash()
                        + "|"
                        + dataset.settings().asMap();
        return BundleFile.sha256Hex(material.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }
}
