package io.latentwatch.demo;

import io.latentwatch.data.CsvReader;
import io.latentwatch.data.Dataset;
import io.latentwatch.data.IdxReader;
import io.latentwatch.data.Source;
import io.latentwatch.data.Splits;
import io.latentwatch.training.ThresholdMethod;
import io.latentwatch.training.TrainingSettings;
import java.util.List;
import java.util.Locale;

/**
 * A data set the demo ships: normal rows to train and calibrate on, and a held-out replay of normal
 * rows and real anomalies.
 *
 * @param name the data set's name, {@code mnist} or {@code shuttle}
 * @param training normal rows to train on
 * @param validation held-out normal rows to calibrate the threshold on
 * @param replay held-out rows to replay, in replay order, labelled 1 for a real anomaly and 0 for a
 *     normal row
 * @param settings training settings that suit this data
 */
public record DemoDataset(
        String name,
        Dataset training,
        Dataset validation,
        Dataset replay,
        TrainingSettings settings) {

    /** Share of Fashion-MNIST images in the MNIST replay. */
    static final double MNIST_ANOMALY_FRACTION = 0.05;

    private static final String ROOT = "datasets/";
    private static final long SPLIT_SEED = 7L;

    /** The names of the shipped data sets. */
    public static final List<String> NAMES = List.of("mnist", "shuttle");

    /** Loads a shipped data set by name. */
    public static DemoDataset load(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mnist" -> mnist();
            case "shuttle" -> shuttle();
            default ->
                    throw new IllegalArgumentException(
                            "Unknown demo data set '" + name + "'; choose one of " + NAMES);
        };
    }

    /** MNIST digits are normal; Fashion-MNIST clothing images, 5% of the replay, are anomalies. */
    private static DemoDataset mnist() {
        Dataset digits =
                IdxReader.read(
                        "mnist-train",
                        Source.resource(ROOT + "mnist/train-images-idx3-ubyte.gz"),
                        Source.resource(ROOT + "mnist/train-labels-idx1-ubyte.gz"));
        Dataset heldOut =
                IdxReader.read(
                        "mnist-t10k",
                        Source.resource(ROOT + "mnist/t10k-images-idx3-ubyte.gz"),
                        Source.resource(ROOT + "mnist/t10k-labels-idx1-ubyte.gz"));
        Dataset fashion =
                IdxReader.read(
                        "fashion-mnist-t10k",
                        Source.resource(ROOT + "fashion-mnist/t10k-images-idx3-ubyte.gz"),
                        Source.resource(ROOT + "fashion-mnist/t10k-labels-idx1-ubyte.gz"));
        int[] order = Splits.shuffled(digits.size(), SPLIT_SEED);
        int validationRows = digits.size() / 6;
        int trainRows = digits.size() - validationRows;
        TrainingSettings settings =
                TrainingSettings.builder()
                        .encoder(List.of(256, 64))
                        .outputActivation("sigmoid")
                        .learningRate(1e-3)
                        .batchSize(128)
                        .epochs(15)
                        .patience(15)
                        .noise(0.1)
                        .mask(0.1)
                        .threshold(new ThresholdMethod("percentile", 99.7))
                        .build();
        return new DemoDataset(
                "mnist",
                digits.select(Splits.range(order, 0, trainRows), "mnist-train"),
                digits.select(Splits.range(order, trainRows, digits.size()), "mnist-validation"),
                mix(heldOut, fashion, MNIST_ANOMALY_FRACTION),
                settings);
    }

    /**
     * Statlog Shuttle: a fifth of all rows, with their own labelled anomalies (about 7%), is held
     * out for the replay; the normal rows of the rest are split into training and validation.
     */
    private static DemoDataset shuttle() {
        Dataset all = CsvReader.read(Source.resource(ROOT + "shuttle/shuttle.csv.gz"), "label");
        int[] order = Splits.shuffled(all.size(), SPLIT_SEED);
        int testRows = all.size() / 5;
        Dataset test = all.select(Splits.range(order, 0, testRows), "shuttle-test");
        Dataset rest = all.select(Splits.range(order, testRows, all.size()), "shuttle-rest");
        Dataset normals = rest.select(Splits.withLabel(rest, 0), "shuttle-normal");
        int validationRows = normals.size() / 5;
        int trainRows = normals.size() - validationRows;
        int[] normalOrder = Splits.shuffled(normals.size(), SPLIT_SEED + 1);
        TrainingSettings settings =
                TrainingSettings.builder()
                        .encoder(List.of(16, 4))
                        .outputActivation("identity")
                        .learningRate(3e-3)
                        .batchSize(256)
                        .epochs(20)
                        .patience(20)
                        .noise(0.02)
                        .threshold(new ThresholdMethod("percentile", 99.7))
                        .build();
        return new DemoDataset(
                "shuttle",
                normals.select(Splits.range(normalOrder, 0, trainRows), "shuttle-train"),
                normals.select(
                        Splits.range(normalOrder, trainRows, normals.size()), "shuttle-validation"),
                test,
                settings);
    }

    /**
     * All of {@code normals} with anomalies drawn from {@code anomalies} at {@code fraction} of the
     * result, in a seeded random order, labelled 0 and 1.
     */
    public static Dataset mix(Dataset normals, Dataset anomalies, double fraction) {
        int anomalyCount = (int) Math.round(normals.size() * fraction / (1 - fraction));
        int total = normals.size() + anomalyCount;
        int[] picked = Splits.shuffled(anomalies.size(), SPLIT_SEED + 2);
        int[] order = Splits.shuffled(total, SPLIT_SEED + 3);
        float[][] rows = new float[total][];
        int[] labels = new int[total];
        for (int i = 0; i < total; i++) {
            int from = order[i];
            boolean anomaly = from >= normals.size();
            rows[i] =
                    anomaly
                            ? anomalies.row(picked[(from - normals.size()) % picked.length])
                            : normals.row(from);
            labels[i] = anomaly ? 1 : 0;
        }
        return new Dataset(
                normals.name() + "+" + anomalies.name(),
                normals.featureNames(),
                rows,
                labels,
                normals.imageShape().orElse(null));
    }
}
