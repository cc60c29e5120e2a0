package io.latentwatch.cli;

import io.latentwatch.data.CsvReader;
import io.latentwatch.data.Dataset;
import io.latentwatch.data.IdxReader;
import io.latentwatch.data.Source;
import io.latentwatch.evaluation.Evaluation;
import io.latentwatch.model.BundleFile;
import io.latentwatch.model.ModelBundle;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code latentwatch evaluate}: judges a model bundle on labelled data, beside PCA. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Evaluate a model bundle on labelled data: ROC-AUC, PR-AUC, precision, recall,"
                        + " F1 and confusion matrix, for the model and its PCA baseline.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "BUNDLE",
            description = "Model bundle.")
    Path model;

    @Mixin DataOptions input;

    @Option(
            names = "--normal-label",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "With --label-column: rows with this label are normal, all others anomalies"
                            + " (default: ${DEFAULT-VALUE}).")
    int normalLabel;

    @Option(
            names = "--anomaly-csv",
            paramLabel = "FILE",
            description = "A CSV of anomalies to add; then every row of the main data is normal.")
    Path anomalyCsv;

    @Option(
            names = "--anomaly-idx-images",
            paramLabel = "FILE",
            description = "IDX images of anomalies to add; then every main image is normal.")
    Path anomalyImages;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Write evaluation.json and evaluation.md here.")
    Path out;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Write charts and index.html here.")
    Path report;

    @Override
    public Integer call() {
        ModelBundle bundle = BundleFile.read(model);
        Dataset data = labelled(input.read(spec));
        Evaluation evaluation = Evaluation.of(bundle, data);
        spec.commandLine().getOut().print(evaluation.markdown());
        spec.commandLine().getOut().flush();
        if (out != null) {
            evaluation.write(out);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Written: %s and %s%n",
                            out.resolve("evaluation.json"), out.resolve("evaluation.md"));
        }
        if (report != null) {
            Path index = Reports.evaluation(evaluation, bundle, data, report);
            spec.commandLine().getOut().printf("Report: %s%n", index);
        }
        return 0;
    }

    /** The data with labels 1 for anomalies and 0 for normal records. */
    private Dataset labelled(Dataset main) {
        Dataset anomalies = anomalies();
        if (anomalies == null && !main.hasLabels()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Evaluation needs labels: give --label-column, or anomalies with"
                            + " --anomaly-csv or --anomaly-idx-images");
        }
        int extra = anomalies == null ? 0 : anomalies.size();
        float[][] rows = new float[main.size() + extra][];
        int[] labels = new int[rows.length];
        for (int i = 0; i < main.size(); i++) {
            rows[i] = main.row(i);
            labels[i] = anomalies != null ? 0 : main.label(i) == normalLabel ? 0 : 1;
        }
        for (int i = 0; i < extra; i++) {
            rows[main.size() + i] = anomalies.row(i);
            labels[main.size() + i] = 1;
        }
        String name = anomalies == null ? main.name() : main.name() + "+" + anomalies.name();
        return new Dataset(name, main.featureNames(), rows, labels, main.imageShape().orElse(null));
    }

    private Dataset anomalies() {
        if (anomalyCsv != null && anomalyImages != null) {
            throw new ParameterException(
                    spec.commandLine(), "Give --anomaly-csv or --anomaly-idx-images, not both");
        }
        if (anomalyCsv != null) {
            return CsvReader.read(Source.of(anomalyCsv), input.labelColumn);
        }
        if (anomalyImages != null) {
            return IdxReader.read(
                    anomalyImages.getFileName().toString(), Source.of(anomalyImages), null);
        }
        return null;
    }
}
