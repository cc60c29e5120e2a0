package io.latentwatch.testing;

import io.latentwatch.data.CsvReader;
import io.latentwatch.data.Dataset;
import io.latentwatch.data.Source;
import io.latentwatch.data.Splits;
import io.latentwatch.model.BundleFile;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.training.Trainer;
import io.latentwatch.training.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small real models and data for tests: a shuttle autoencoder trained once per test JVM. */
public final class TestModels {

    private static Path shuttleBundle;
    private static Path otherShuttleBundle;
    private static Path digitsBundle;

    private TestModels() {}

    /** The bundled Statlog Shuttle data, with its 0/1 labels. */
    public static Dataset shuttle() {
        return CsvReader.read(Source.resource("datasets/shuttle/shuttle.csv.gz"), "label");
    }

    /** Settings small enough to train in seconds, good enough to find shuttle anomalies. */
    public static TrainingSettings quickSettings() {
        return TrainingSettings.builder()
                .encoder(List.of(16, 4))
                .outputActivation("identity")
                .learningRate(3e-3)
                .batchSize(256)
                .epochs(6)
                .noise(0.02)
                .build();
    }

    /**
     * Rows of the shuttle data that the test model never saw: the first 4000 of a seeded shuffle.
     */
    public static Dataset shuttleHeldOut() {
        Dataset all = shuttle();
        int[] order = Splits.shuffled(all.size(), 11L);
        return all.select(Splits.range(order, 0, 4000), "shuttle-held-out");
    }

    /** The path of a shuttle model bundle trained on normal rows outside the held-out ones. */
    public static synchronized Path shuttleBundle() {
        if (shuttleBundle == null) {
            shuttleBundle = trainShuttle(12_000, "shuttle.lwm");
        }
        return shuttleBundle;
    }

    /**
     * A second shuttle bundle, trained on 1,000 fewer rows than {@link #shuttleBundle()}: another
     * data hash, so another model version, for reload tests.
     */
    public static synchronized Path otherShuttleBundle() {
        if (otherShuttleBundle == null) {
            otherShuttleBundle = trainShuttle(11_000, "shuttle-other.lwm");
        }
        return otherShuttleBundle;
    }

    /**
     * A small digits model, 784-32-784 trained for two epochs on 600 MNIST test digits: enough to
     * score image records in tests, not to judge them.
     */
    public static synchronized Path digitsBundle() {
        if (digitsBundle == null) {
            Dataset digits =
                    io.latentwatch.data.IdxReader.read(
                            "mnist-t10k",
                            Source.resource("datasets/mnist/t10k-images-idx3-ubyte.gz"),
                            Source.resource("datasets/mnist/t10k-labels-idx1-ubyte.gz"));
            int[] validation = new int[200];
            for (int i = 0; i < validation.length; i++) {
                validation[i] = 600 + i;
            }
            ModelBundle bundle =
                    new Trainer(
                                    TrainingSettings.builder()
                                            .encoder(List.of(32))
                                            .outputActivation("sigmoid")
                                            .epochs(2)
                                            .build())
                            .train(
                                    "digits",
                                    digits.head(600, "digits-train"),
                                    digits.select(validation, "digits-validation"))
                            .bundle();
            digitsBundle = write(bundle, "digits.lwm");
        }
        return digitsBundle;
    }

    private static Path write(ModelBundle bundle, String fileName) {
        try {
            Path dir = Files.createTempDirectory("latentwatch-test-model-");
            dir.toFile().deleteOnExit();
            Path path = dir.resolve(fileName);
            path.toFile().deleteOnExit();
            BundleFile.write(bundle, path);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path trainShuttle(int trainingRows, String fileName) {
        Dataset all = shuttle();
        int[] order = Splits.shuffled(all.size(), 11L);
        Dataset rest = all.select(Splits.range(order, 4000, all.size()), "shuttle-rest");
        Dataset normal = rest.select(Splits.withLabel(rest, 0), "shuttle-normal");
        Dataset training = normal.head(trainingRows, "shuttle-train");
        int[] validation = new int[normal.size() - 12_000];
        for (int i = 0; i < validation.length; i++) {
            validation[i] = 12_000 + i;
        }
        ModelBundle bundle =
                new Trainer(quickSettings())
                        .train("shuttle", training, normal.select(validation, "shuttle-validation"))
                        .bundle();
        return write(bundle, fileName);
    }
}
