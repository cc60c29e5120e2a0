package io.latentwatch.stream;

import io.latentwatch.data.ImageShape;
import io.latentwatch.model.Manifest;
import io.latentwatch.model.Scaler;
import io.latentwatch.scoring.Score;
import io.latentwatch.stream.OutputRecords.Contribution;
import io.latentwatch.stream.OutputRecords.Explanation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Explains a score by the parts of the record the network reconstructed worst: the top features by
 * squared error for a sensor record, or the top square cells of pixels for an image, each with its
 * input and reconstructed value in input units. Thread-safe.
 */
final class Explainer {

    private final Scaler scaler;
    private final List<String> featureNames;
    private final Optional<ImageShape> image;
    private final int top;
    private final int cellSize;

    Explainer(Manifest manifest, int top, int cellSize) {
        this.scaler = manifest.scaler();
        this.featureNames = manifest.featureNames();
        this.image = manifest.image();
        this.top = top;
        this.cellSize = cellSize;
    }

    /** The severity of a ratio of error to threshold: above 5 is high, above 2 medium. */
    static String severity(double ratio) {
        if (ratio >= 5) {
            return "high";
        }
        return ratio >= 2 ? "medium" : "low";
    }

    /**
     * Explains {@code score} of the record whose raw features are {@code raw}; {@code null} when
     * the score does not carry its input and reconstruction, or no explanation is asked for.
     */
    Explanation explain(float[] raw, Score score) {
        if (top == 0 || !score.explainable()) {
            return null;
        }
        float[] in = score.input();
        float[] out = score.reconstruction();
        double[] squared = new double[in.length];
        double total = 0;
        for (int i = 0; i < in.length; i++) {
            double d = in[i] - out[i];
            squared[i] = d * d;
            total += squared[i];
        }
        float[] reconstructed = new float[out.length];
        scaler.inverseTransform(out, reconstructed);
        return image.isPresent()
                ? cells(raw, reconstructed, squared, total, image.get())
                : features(raw, reconstructed, squared, total);
    }

    private Explanation features(
            float[] raw, float[] reconstructed, double[] squared, double total) {
        List<Contribution> parts = new ArrayList<>(squared.length);
        for (int i = 0; i < squared.length; i++) {
            parts.add(
                    new Contribution(
                            featureNames.get(i),
                            null,
                            null,
                            raw[i],
                            reconstructed[i],
                            squared[i],
                            share(squared[i], total)));
        }
        return new Explanation("features", null, largest(parts));
    }

    private Explanation cells(
            float[] raw, float[] reconstructed, double[] squared, double total, ImageShape shape) {
        int rows = (shape.height() + cellSize - 1) / cellSize;
        int cols = (shape.width() + cellSize - 1) / cellSize;
        List<Contribution> parts = new ArrayList<>(rows * cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double error = 0;
                double value = 0;
                double rebuilt = 0;
                int pixels = 0;
                for (int y = r * cellSize; y < Math.min(shape.height(), (r + 1) * cellSize); y++) {
                    for (int x = c * cellSize;
                            x < Math.min(shape.width(), (c + 1) * cellSize);
                            x++) {
                        int i = y * shape.width() + x;
                        error += squared[i];
                        value += raw[i];
                        rebuilt += reconstructed[i];
                        pixels++;
                    }
                }
                parts.add(
                        new Contribution(
                                null,
                                r,
                                c,
                                value / pixels,
                                rebuilt / pixels,
                                error,
                                share(error, total)));
            }
        }
        return new Explanation("cells", cellSize, largest(parts));
    }

    private List<Contribution> largest(List<Contribution> parts) {
        parts.sort((a, b) -> Double.compare(b.squaredError(), a.squaredError()));
        return List.copyOf(parts.subList(0, Math.min(top, parts.size())));
    }

    private static double share(double part, double total) {
        return total > 0 ? part / total : 0;
    }
}
