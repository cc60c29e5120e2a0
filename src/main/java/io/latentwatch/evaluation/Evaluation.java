package io.latentwatch.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.latentwatch.data.Dataset;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.model.PcaBaseline;
import io.latentwatch.model.Scaler;
import io.latentwatch.scoring.Dl4jScorer;
import io.latentwatch.scoring.Score;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A model bundle judged on labelled records (1 = anomaly), beside its PCA baseline.
 *
 * @param modelVersion the bundle's model version
 * @param dataset the name of the labelled data
 * @param rows labelled records
 * @param anomalies of which anomalies
 * @param model the model's figures at its threshold
 * @param pca the PCA baseline's figures at its threshold, or {@code null} when the bundle has none
 * @param modelErrors the model's reconstruction error of every record
 * @param pcaErrors the baseline's, or {@code null}
 * @param labels the labels, for charts
 */
public record Evaluation(
        String modelVersion,
        String dataset,
        int rows,
        long anomalies,
        BinaryMetrics model,
        BinaryMetrics pca,
        double[] modelErrors,
        double[] pcaErrors,
        int[] labels) {

    private static final int BATCH = 1024;

    /** Scores {@code data} with the bundle and its baseline. */
    public static Evaluation of(ModelBundle bundle, Dataset data) {
        bundle.manifest().requireFeatures(data.featureNames(), data.name());
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.label(i);
        }
        double[] modelErrors = modelErrors(bundle, data);
        BinaryMetrics model = BinaryMetrics.of(modelErrors, labels, bundle.manifest().threshold());
        double[] pcaErrors =
                bundle.pcaBaseline()
                        .map(b -> pcaErrors(b, bundle.manifest().scaler(), data))
                        .orElse(null);
        BinaryMetrics pca =
                pcaErrors == null
                        ? null
                        : BinaryMetrics.of(pcaErrors, labels, bundle.baseline().threshold());
        long anomalies = java.util.Arrays.stream(labels).filter(l -> l == 1).count();
        return new Evaluation(
                bundle.manifest().modelVersion(),
                data.name(),
                data.size(),
                anomalies,
                model,
                pca,
                modelErrors,
                pcaErrors,
                labels);
    }

    private static double[] modelErrors(ModelBundle bundle, Dataset data) {
        double[] errors = new double[data.size()];
        try (Dl4jScorer scorer = new Dl4jScorer(bundle)) {
            for (int from = 0; from < data.size(); from += BATCH) {
                int rows = Math.min(BATCH, data.size() - from);
                float[][] batch = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    batch[r] = data.row(from + r);
                }
                Score[] scores = scorer.scoreAll(batch);
                for (int r = 0; r < rows; r++) {
                    errors[from + r] = scores[r].error();
                }
            }
        }
        return errors;
    }

    private static double[] pcaErrors(PcaBaseline baseline, Scaler scaler, Dataset data) {
        double[] errors = new double[data.size()];
        float[] scaled = new float[data.featureCount()];
        for (int r = 0; r < data.size(); r++) {
            scaler.transform(data.row(r), scaled);
            errors[r] = baseline.reconstructionError(scaled);
        }
        return errors;
    }

    /** One Markdown table of the figures, model and baseline side by side. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(
                String.format(
                        Locale.ROOT,
                        "Evaluation of %s on %s: %d records, %d anomalies%n%n",
                        modelVersion,
                        dataset,
                        rows,
                        anomalies));
        md.append("| scorer | ROC-AUC | PR-AUC | precision | recall | F1 | TP | FP | TN | FN |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        md.append(row("autoencoder", model));
        if (pca != null) {
            md.append(row("PCA baseline", pca));
        }
        return md.toString();
    }

    private static String row(String name, BinaryMetrics m) {
        return String.format(
                Locale.ROOT,
                "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %d | %d | %d | %d |%n",
                name,
                m.rocAuc(),
                m.prAuc(),
                m.precision(),
                m.recall(),
                m.f1(),
                m.truePositives(),
                m.falsePositives(),
                m.trueNegatives(),
                m.falseNegatives());
    }

    /** Writes {@code evaluation.json} and {@code evaluation.md} into {@code dir}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            var json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            var node = json.createObjectNode();
            node.put("modelVersion", modelVersion);
            node.put("dataset", dataset);
            node.put("rows", rows);
            node.put("anomalies", anomalies);
            node.set("model", figures(json, model));
            if (pca != null) {
                node.set("pcaBaseline", figures(json, pca));
            }
            json.writeValue(dir.resolve("evaluation.json").toFile(), node);
            Files.writeString(dir.resolve("evaluation.md"), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the evaluation to " + dir, e);
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode figures(
            ObjectMapper json, BinaryMetrics m) {
        var node = json.createObjectNode();
        node.put("rocAuc", m.rocAuc());
        node.put("prAuc", m.prAuc());
        node.put("threshold", m.threshold());
        node.put("precision", m.precision());
        node.put("recall", m.recall());
        node.put("f1", m.f1());
        var confusion = node.putObject("confusion");
        confusion.put("truePositives", m.truePositives());
        confusion.put("falsePositives", m.falsePositives());
        confusion.put("trueNegatives", m.trueNegatives());
        confusion.put("falseNegatives", m.falseNegatives());
        return node;
    }
}
