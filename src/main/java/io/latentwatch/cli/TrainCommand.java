package io.latentwatch.cli;

import io.latentwatch.data.CsvReader;
import io.latentwatch.data.Dataset;
import io.latentwatch.data.IdxReader;
import io.latentwatch.data.Source;
import io.latentwatch.data.Splits;
import io.latentwatch.model.BundleFile;
import io.latentwatch.model.Manifest;
import io.latentwatch.training.Trainer;
import io.latentwatch.training.TrainingException;
import io.latentwatch.training.TrainingResult;
import io.latentwatch.training.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
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

    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(
                names = "--csv",
                paramLabel = "FILE",
                description = "CSV with a header row, numeric columns (.gz is read too).")
        Path csv;

        @Option(
                names = "--idx-images",
                paramLabel = "FILE",
                description = "IDX image file, as MNIST ships them (.gz is read too).")
        Path images;
    }

    @Option(
            names = "--idx-labels",
            paramLabel = "FILE",
            description = "IDX label file of the images.")
    Path labels;

    @Option(
            names = "--label-column",
            paramLabel = "NAME",
            description = "CSV column holding the label; it is not used as a feature.")
    String labelColumn;

    @Option(
            names = "--normal-label",
            paramLabel = "N",
            description = "Train only on rows with this label (needs labels).")
    Integer normalLabel;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Where to write the model bundle.")
    Path out;

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
            names = "--output-activation",
            paramLabel = "NAME",
            description = "sigmoid or identity (default: sigmoid for images, identity for CSV).")
    String outputActivation;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--batch-size",
            defaultValue = "128",
            description = "Rows per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.001",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--noise",
            defaultValue = "0.1",
            description = "Gaussian noise sigma on scaled inputs (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(
            names = "--mask",
            defaultValue = "0.0",
            description = "Fraction of inputs zeroed per row (default: ${DEFAULT-VALUE}).")
    double mask;

    @Option(
            names = "--threshold-percentile",
            defaultValue = "99.5",
            description =
                    "Percentile of validation errors used as threshold (default: ${DEFAULT-VALUE}).")
    double thresholdPercentile;

    @Option(
            names = "--validation-fraction",
            defaultValue = "0.2",
            description =
                    "Share of normal rows held out for validation (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Fewer normal rows than this cannot be split into useful training and validation sets. */
    static final int MIN_ROWS = 20;

    @Override
    public Integer call() {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--validation-fraction must be between 0 and 1, got " + validationFraction);
        }
        TrainingSettings settings = settings();
        Dataset data = normalRows(read());
        if (data.size() < MIN_ROWS) {
            throw new TrainingException(
                    String.format(
                            "%s has %d normal rows%s; at least %d are needed",
                            data.name(),
                            data.size(),
                            normalLabel == null ? "" : " with label " + normalLabel,
                            MIN_ROWS));
        }
        if (encoder == null) {
            settings = settings.withEncoder(TrainingSettings.defaultEncoder(data.featureCount()));
        }
        int[] order = Splits.shuffled(data.size(), seed);
        int validationRows = Math.max(1, (int) Math.round(data.size() * validationFraction));
        int trainRows = data.size() - validationRows;
        if (outputActivation == null && data.imageShape().isEmpty()) {
            settings = settings.withOutputActivation("identity");
        }
        TrainingResult result =
                new Trainer(settings)
                        .train(
                                datasetName(),
                                data.select(
                                        Splits.range(order, 0, trainRows), data.name() + "-train"),
                                data.select(
                                        Splits.range(order, trainRows, data.size()),
                                        data.name() + "-validation"));
        BundleFile.write(result.bundle(), out);
        Manifest manifest = result.bundle().manifest();
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "Model bundle written: %s%nversion=%s threshold=%.6f trainingRows=%d seconds=%.1f%n",
                        out.toAbsolutePath(),
                        manifest.modelVersion(),
                        manifest.threshold(),
                        trainRows,
                        result.seconds());
        return 0;
    }

    private Dataset read() {
        if (input.csv != null) {
            return CsvReader.read(Source.of(input.csv), labelColumn);
        }
        return IdxReader.read(
                input.images.getFileName().toString(),
                Source.of(input.images),
                labels == null ? null : Source.of(labels));
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

    /** The settings of the options, checked before any data is read. */
    private TrainingSettings settings() {
        try {
            return new TrainingSettings(
                    encoder == null ? List.of(2, 1) : encoder,
                    outputActivation == null ? "sigmoid" : outputActivation,
                    learningRate,
                    batchSize,
                    epochs,
                    noise,
                    mask,
                    thresholdPercentile,
                    seed);
        } catch (TrainingException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String datasetName() {
        if (name != null) {
            return name;
        }
        Path file = input.csv != null ? input.csv : input.images;
        return file.getFileName().toString().replaceAll("\\..*$", "");
    }
}
