package io.latentwatch.cli;

import io.latentwatch.data.Dataset;
import io.latentwatch.data.ImageShape;
import io.latentwatch.data.Splits;
import io.latentwatch.evaluation.Charts;
import io.latentwatch.evaluation.Evaluation;
import io.latentwatch.evaluation.HtmlReport;
import io.latentwatch.evaluation.Projection;
import io.latentwatch.evaluation.Silhouette;
import io.latentwatch.model.Manifest;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.scoring.LatentEncoder;
import io.latentwatch.training.Corruption;
import io.latentwatch.training.TrainingResult;
import io.latentwatch.training.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the reports of {@code train --report} and {@code evaluate --report}. */
final class Reports {

    /** Points drawn in the latent-space plot, and used for its silhouette score. */
    private static final int LATENT_SAMPLE = 2000;

    private static final int GRID_COLUMNS = 10;

    private Reports() {}

    /** The training report: loss curves, error histogram, images and latent space. */
    static Path training(
            TrainingResult result,
            Dataset validation,
            Dataset labelled,
            TrainingSettings settings,
            Path dir) {
        createDirectories(dir);
        ModelBundle bundle = result.bundle();
        Manifest manifest = bundle.manifest();
        HtmlReport html =
                new HtmlReport("Training report: " + manifest.modelVersion())
                        .figure("model version", manifest.modelVersion())
                        .figure("data set", manifest.dataset())
                        .figure("training rows", manifest.provenance().get("trainingRows"))
                        .figure("validation rows", validation.size())
                        .figure("best epoch", manifest.provenance().get("bestEpoch"))
                        .figure(
                                "threshold",
                                String.format(
                                        Locale.ROOT,
                                        "%.6g (%s)",
                                        manifest.threshold(),
                                        manifest.thresholdMethod()))
                        .figure(
                                "training seconds",
                                String.format(Locale.ROOT, "%.1f", result.seconds()))
                        .figure("settings", manifest.training());
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("training loss", result.trainingLoss());
        curves.put("validation reconstruction error", result.validationError());
        Charts.lines(dir.resolve("loss.png"), "Loss per epoch", "loss / error", curves);
        html.chart("loss.png", "Training loss and validation reconstruction error per epoch");

        Map<String, double[]> groups = new LinkedHashMap<>();
        groups.put("validation normals", result.validationErrors());
        if (labelled != null) {
            groups.put("anomalies", anomalyErrors(bundle, labelled));
        }
        Charts.errorHistogram(
                dir.resolve("errors.png"),
                "Reconstruction error of held-out records",
                groups,
                manifest.threshold());
        html.chart("errors.png", "Reconstruction error, with the threshold in red");

        if (validation.imageShape().isPresent()) {
            imageGrid(bundle, validation, settings, dir.resolve("images.png"));
            html.chart("images.png", "Originals, corrupted inputs and reconstructions");
        }
        Dataset points = labelled != null ? labelled : validation;
        double silhouette = latentPlot(bundle, points, dir.resolve("latent.png"));
        html.figure(
                "latent silhouette, by label",
                Double.isNaN(silhouette)
                        ? "n/a (one label)"
                        : String.format(Locale.ROOT, "%.3f", silhouette));
        html.chart(
                "latent.png",
                "Latent space (first two principal components when wider"
                        + " than 2), coloured by label");
        return html.write(dir);
    }

    /** The evaluation report: figures, ROC and PR curves against PCA, error histogram. */
    static Path evaluation(Evaluation evaluation, ModelBundle bundle, Dataset data, Path dir) {
        createDirectories(dir);
        HtmlReport html =
                new HtmlReport("Evaluation: " + evaluation.modelVersion())
                        .figure("data", evaluation.dataset())
                        .figure("records", evaluation.rows())
                        .figure("anomalies", evaluation.anomalies())
                        .text(evaluation.markdown());
        Map<String, double[]> scores = new LinkedHashMap<>();
        scores.put("autoencoder", evaluation.modelErrors());
        if (evaluation.pcaErrors() != null) {
            scores.put("PCA baseline", evaluation.pcaErrors());
        }
        Charts.roc(dir.resolve("roc.png"), scores, evaluation.labels());
        html.chart("roc.png", "ROC curves, model against the PCA baseline");
        Charts.precisionRecall(dir.resolve("pr.png"), scores, evaluation.labels());
        html.chart("pr.png", "Precision-recall curves, model against the PCA baseline");
        Map<String, double[]> groups = new LinkedHashMap<>();
        groups.put("normal", select(evaluation.modelErrors(), evaluation.labels(), 0));
        groups.put("anomaly", select(evaluation.modelErrors(), evaluation.labels(), 1));
        Charts.errorHistogram(
                dir.resolve("errors.png"),
                "Reconstruction error by label",
                groups,
                bundle.manifest().threshold());
        html.chart("errors.png", "Reconstruction error by label, with the threshold in red");
        double silhouette = latentPlot(bundle, data, dir.resolve("latent.png"));
        html.figure(
                "latent silhouette, normal against anomaly",
                String.format(Locale.ROOT, "%.3f", silhouette));
        html.chart("latent.png", "Latent space coloured by label (1 = anomaly)");
        return html.write(dir);
    }

    private static double[] anomalyErrors(ModelBundle bundle, Dataset labelled) {
        Evaluation e = Evaluation.of(bundle, labelled);
        return select(e.modelErrors(), e.labels(), 1);
    }

    private static double[] select(double[] errors, int[] labels, int label) {
        List<Double> picked = new ArrayList<>();
        for (int i = 0; i < errors.length; i++) {
            if (labels[i] == label) {
                picked.add(errors[i]);
            }
        }
        return picked.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void imageGrid(
            ModelBundle bundle, Dataset validation, TrainingSettings settings, Path file) {
        ImageShape shape = validation.imageShape().orElseThrow();
        int n = Math.min(GRID_COLUMNS, validation.size());
        int width = validation.featureCount();
        Corruption corruption = Corruption.of(settings);
        float[][] originals = new float[n][];
        float[][] corrupted = new float[n][];
        float[] scaled = new float[n * width];
        for (int i = 0; i < n; i++) {
            originals[i] = new float[width];
            bundle.manifest().scaler().transform(validation.row(i), originals[i]);
            corrupted[i] = corruption.isNone() ? originals[i] : corruption.apply(originals[i]);
            System.arraycopy(originals[i], 0, scaled, i * width, width);
        }
        float[] out = new LatentEncoder(bundle).reconstruct(scaled, n, width);
        float[][] reconstructed = new float[n][width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(out, i * width, reconstructed[i], 0, width);
        }
        Charts.imageGrid(
                file, List.of(originals, corrupted, reconstructed), shape.width(), shape.height());
    }

    /** Plots a sample's latent vectors and returns their silhouette score by label. */
    private static double latentPlot(ModelBundle bundle, Dataset data, Path file) {
        int[] order = Splits.shuffled(data.size(), 1L);
        Dataset sample =
                data.select(
                        Splits.range(order, 0, Math.min(LATENT_SAMPLE, data.size())), data.name());
        float[][] latent = new LatentEncoder(bundle).encode(sample);
        double[][] points = Projection.twoDimensional(latent);
        int[] labels = new int[sample.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = sample.hasLabels() ? sample.label(i) : 0;
        }
        double[][] vectors = new double[latent.length][];
        for (int i = 0; i < latent.length; i++) {
            vectors[i] = new double[latent[i].length];
            for (int d = 0; d < latent[i].length; d++) {
                vectors[i][d] = latent[i][d];
            }
        }
        double silhouette = Silhouette.score(vectors, labels);
        String title =
                Double.isNaN(silhouette)
                        ? "Latent space"
                        : String.format(
                                Locale.ROOT,
                                "Latent space (silhouette of the latent vectors %.3f)",
                                silhouette);
        Charts.latent(file, title, points, labels);
        return silhouette;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the report folder " + dir, e);
        }
    }
}
