package io.latentwatch.cli;

import io.latentwatch.data.Dataset;
import io.latentwatch.data.Splits;
import io.latentwatch.model.BundleFile;
import io.latentwatch.model.Manifest;
import io.latentwatch.training.ThresholdMethod;
import io.latentwatch.training.Trainer;
import io.latentwatch.training.TrainingException;
import io.latentwatch.training.TrainingResult;
import io.latentwatch.training.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code latentwatch train}: trains a denoising autoencoder and writes a model bundle. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a denoising autoencoder on normal data and write a model bundle.")
final class TrainCommand implements Callable<Integer> {

    private static final org.slf4j.Logger log =
            org.slf4j.LoggerFactory.getLogger(TrainCommand.class);

    /** Column names that usually hold a label rather than a feature. */
    private static final Set<String> LABEL_LIKE =
            Set.of("label", "labels", "class", "target", "y", "anomaly", "is_anomaly", "outlier");

    @Spec CommandSpec spec;

    @Mixin DataOptions input;

    @Option(
            names = "--normal-label",
            paramLabel = "N",
            description =
                    "Train only on rows with this label (needs labels); rows with other labels"
                            + " are the anomalies that max-f1 calibrates on.")
    Integer normalLabel;

    @Option(
            names = "--allow-label-like-columns",
            description = "Keep columns named like a label (label, class, target...) as features.")
    boolean allowLabelLike;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Where to write the model bundle.")
    Path out;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Write charts and an index.html about the training run here.")
    Path report;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Data set name used in the model version (default: the file name).")
    String name;

    @Option(
            names = "--encoder",
            split = ",",
            paramLabel = "SIZES",
            description =
                    "Encoder layer sizes; the last is the latent size (default: from the input"
                            + " width: 128,32 for 28x28 images, 18,3 for 9 features).")
    List<Integer> encoder;

    @Option(
            names = "--hidden-activation",
            defaultValue = "relu",
            description = "relu, leakyrelu or tanh (default: ${DEFAULT-VALUE}).")
    String hiddenActivation;

    @Option(
            names = "--output-activation",
            paramLabel = "NAME",
            description = "sigmoid or identity (default: sigmoid for images, identity for CSV).")
    String outputActivation;

    @Option(
            names = "--loss",
            defaultValue = "mse",
            description =
                    "mse, or bce for [0, 1] targets and a sigmoid output (default:"
                            + " ${DEFAULT-VALUE}).")
    String loss;

    @Option(
            names = "--optimizer",
            defaultValue = "adam",
            description = "adam, rmsprop, nesterovs or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.001",
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--l2",
            defaultValue = "0",
            description = "L2 weight penalty (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            description = "Most epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--patience",
            defaultValue = "5",
            description =
                    "Stop after this many epochs without a better validation error (default:"
                            + " ${DEFAULT-VALUE}).")
    int patience;

    @Option(
            names = "--batch-size",
            defaultValue = "128",
            description = "Rows per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--noise",
            defaultValue = "0.1",
            description =
                    "Gaussian noise sigma on scaled inputs, 0 for none (default:"
                            + " ${DEFAULT-VALUE}).")
    double noise;

    @Option(
            names = "--mask",
            defaultValue = "0",
            description = "Share of inputs zeroed per row (default: ${DEFAULT-VALUE}).")
    double mask;

    @Option(
            names = "--salt-pepper",
            defaultValue = "0",
            description = "Share of inputs set to 0 or 1 per row (default: ${DEFAULT-VALUE}).")
    double saltPepper;

    @Option(
            names = "--scaler",
            defaultValue = "minmax",
            description = "minmax or zscore, fitted on training rows (default: ${DEFAULT-VALUE}).")
    String scaler;

    @Option(
            names = "--threshold",
            defaultValue = "percentile:99.5",
            paramLabel = "METHOD",
            description =
                    "percentile:P, mean-std:K, fpr:RATE or max-f1 (default: ${DEFAULT-VALUE}:"
                            + " about one normal record in 200 alerts).")
    String threshold;

    @Option(
            names = "--validation-fraction",
            defaultValue = "0.2",
            description =
                    "Share of normal rows held out for validation (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(
            names = "--min-rows",
            defaultValue = "20",
            description = "Fewest normal rows accepted (default: ${DEFAULT-VALUE}).")
    int minRows;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--validation-fraction must be between 0 and 1, got " + validationFraction);
        }
        TrainingSettings settings = settings();
        Dataset all = input.read(spec);
        checkLabelLikeColumns(all);
        if (all.hasLabels() && normalLabel == null) {
            log.warn(
                    "Labels given without --normal-label: training on every row, anomalies"
                            + " included");
        }
        Dataset data = normalRows(all);
        if (data.size() < minRows) {
            throw new TrainingException(
                    String.format(
                            "%s has %d normal rows%s; at least %d are needed",
                            data.name(),
                            data.size(),
                            normalLabel == null ? "" : " with label " + normalLabel,
                            minRows));
        }
        settings = defaults(settings, data);
        int[] order = Splits.shuffled(data.size(), seed);
        int validationRows = Math.max(1, (int) Math.round(data.size() * validationFraction));
        int trainRows = data.size() - validationRows;
        Dataset training = data.select(Splits.range(order, 0, trainRows), data.name() + "-train");
        Dataset validation =
                data.select(
                        Splits.range(order, trainRows, data.size()), data.name() + "-validation");
        Dataset labelled = labelledValidation(all, validation);
        if (settings.threshold().needsLabels() && labelled == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--threshold max-f1 needs known anomalies: give --label-column and"
                            + " --normal-label, with rows of other labels in the data");
        }
        TrainingResult result =
                new Trainer(settings, ProgressBars.epochListener())
                        .train(datasetName(), training, validation, labelled, dataProvenance());
        BundleFile.write(result.bundle(), out);
        if (report != null) {
            Reports.training(result, validation, labelled, settings, report);
        }
        print(result, trainRows);
        return 0;
    }

    private void print(TrainingResult result, int trainRows) {
        Manifest manifest = result.bundle().manifest();
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "Model bundle written: %s%nversion=%s threshold=%.6f (%s)"
                                + " trainingRows=%d seconds=%.1f%n",
                        out.toAbsolutePath(),
                        manifest.modelVersion(),
                        manifest.threshold(),
                        manifest.thresholdMethod(),
                        trainRows,
                        result.seconds());
        if (report != null) {
            spec.commandLine().getOut().printf("Report: %s%n", report.resolve("index.html"));
        }
    }

    /** The settings of the options, checked before any data is read. */
    private TrainingSettings settings() {
        try {
            return TrainingSettings.builder()
                    .encoder(encoder == null ? List.of(2, 1) : encoder)
                    .hiddenActivation(hiddenActivation)
                    .outputActivation(outputActivation == null ? "sigmoid" : outputActivation)
                    .loss(loss)
                    .optimizer(optimizer)
                    .learningRate(learningRate)
                    .l2(l2)
                    .epochs(epochs)
                    .patience(patience)
                    .batchSize(batchSize)
                    .noise(noise)
                    .mask(mask)
                    .saltPepper(saltPepper)
                    .scaler(scaler)
                    .threshold(ThresholdMethod.parse(threshold))
                    .seed(seed)
                    .build();
        } catch (TrainingException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Fills in the defaults that depend on the data: encoder sizes and output activation. */
    private TrainingSettings defaults(TrainingSettings settings, Dataset data) {
        TrainingSettings.Builder builder = settings.toBuilder();
        if (encoder == null) {
            builder.encoder(TrainingSettings.defaultEncoder(data.featureCount()));
        }
        if (outputActivation == null) {
            builder.outputActivation(data.imageShape().isPresent() ? "sigmoid" : "identity");
        }
        try {
            return builder.build();
        } catch (TrainingException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void checkLabelLikeColumns(Dataset data) {
        if (allowLabelLike || data.imageShape().isPresent()) {
            return;
        }
        for (String feature : data.featureNames()) {
            if (LABEL_LIKE.contains(feature.toLowerCase(Locale.ROOT))) {
                throw new TrainingException(
                        String.format(
                                "%s: column '%s' looks like a label, and an autoencoder would"
                                        + " learn to reproduce it; name it with --label-column"
                                        + " %s, or keep it with --allow-label-like-columns",
                                data.name(), feature, feature));
            }
        }
    }

    private Dataset normalRows(Dataset data) {
        if (normalLabel == null) {
            return data;
        }
        if (!data.hasLabels()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--normal-label needs labels: give --label-column or --idx-labels");
        }
        return data.select(Splits.withLabel(data, normalLabel), data.name());
    }

    /**
     * The validation normals plus every row whose label is not the normal one, labelled 0 and 1;
     * null when the data has no such rows.
     */
    private Dataset labelledValidation(Dataset all, Dataset validation) {
        if (normalLabel == null || !all.hasLabels()) {
            return null;
        }
        int[] anomalies =
                IntStream.range(0, all.size()).filter(i -> all.label(i) != normalLabel).toArray();
        if (anomalies.length == 0) {
            return null;
        }
        float[][] rows = new float[validation.size() + anomalies.length][];
        int[] labels = new int[rows.length];
        for (int i = 0; i < validation.size(); i++) {
            rows[i] = validation.row(i);
        }
        for (int i = 0; i < anomalies.length; i++) {
            rows[validation.size() + i] = all.row(anomalies[i]);
            labels[validation.size() + i] = 1;
        }
        return new Dataset(
                all.name() + "-labelled",
                all.featureNames(),
                rows,
                labels,
                all.imageShape().orElse(null));
    }

    /** How the rows were chosen, for the bundle's provenance. */
    private java.util.Map<String, Object> dataProvenance() {
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("file", input.fileName());
        map.put("labelColumn", input.labelColumn);
        map.put("normalLabel", normalLabel);
        map.put("validationFraction", validationFraction);
        return map;
    }

    private String datasetName() {
        return name != null ? name : input.fileName().replaceAll("\\..*$", "");
    }
}
