package io.latentwatch.evaluation;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG charts of the reports, drawn with XChart; each method writes one file. */
public final class Charts {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    private static final int BINS = 60;

    private Charts() {}

    /** Lines over epochs, e.g. training loss and validation error. */
    public static void lines(
            Path file, String title, String yTitle, Map<String, List<Double>> series) {
        XYChart chart = chart(title, "epoch", yTitle);
        series.forEach(
                (name, values) -> {
                    double[] x = new double[values.size()];
                    double[] y = new double[values.size()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = i + 1;
                        y[i] = values.get(i);
                    }
                    chart.addSeries(name, x, y);
                });
        save(chart, file);
    }

    /**
     * Histograms of reconstruction errors per group on one axis, with the threshold as a vertical
     * line. Errors above the 99.5th percentile of all of them, or above twice the threshold when
     * that is higher, are drawn in the last bin, so that outliers do not squeeze the rest.
     */
    public static void errorHistogram(
            Path file, String title, Map<String, double[]> groups, double threshold) {
        List<Double> all = new ArrayList<>();
        groups.values().forEach(g -> java.util.Arrays.stream(g).forEach(all::add));
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double max = Math.max(sorted[(int) Math.floor(0.995 * (sorted.length - 1))], threshold * 2);
        XYChart chart = chart(title, "reconstruction error", "records");
        double top = 0;
        for (Map.Entry<String, double[]> group : groups.entrySet()) {
            List<Double> clipped = new ArrayList<>();
            for (double e : group.getValue()) {
                clipped.add(Math.min(e, max));
            }
            Histogram histogram = new Histogram(clipped, BINS, 0, max);
            XYSeries s =
                    chart.addSeries(
                            group.getKey(), histogram.getxAxisData(), histogram.getyAxisData());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            s.setMarker(SeriesMarkers.NONE);
            top =
                    Math.max(
                            top,
                            histogram.getyAxisData().stream()
                                    .mapToDouble(Double::doubleValue)
                                    .max()
                                    .orElse(0));
        }
        XYSeries line =
                chart.addSeries(
                        "threshold " + String.format(java.util.Locale.ROOT, "%.4g", threshold),
                        new double[] {threshold, threshold},
                        new double[] {0, top});
        line.setLineColor(Color.RED);
        line.setMarker(SeriesMarkers.NONE);
        save(chart, file);
    }

    /** ROC curves, one per named scorer, from scores and labels (1 = anomaly). */
    public static void roc(Path file, Map<String, double[]> scores, int[] labels) {
        XYChart chart = chart("ROC curve", "false positive rate", "true positive rate");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        scores.forEach(
                (name, s) -> {
                    var curve = BinaryMetrics.roc(s, labels).getRocCurve();
                    XYSeries series = chart.addSeries(name, curve.getFpr(), curve.getTpr());
                    series.setMarker(SeriesMarkers.NONE);
                });
        save(chart, file);
    }

    /** Precision-recall curves, one per named scorer. */
    public static void precisionRecall(Path file, Map<String, double[]> scores, int[] labels) {
        XYChart chart = chart("Precision-recall curve", "recall", "precision");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        scores.forEach(
                (name, s) -> {
                    var curve = BinaryMetrics.roc(s, labels).getPrecisionRecallCurve();
                    XYSeries series =
                            chart.addSeries(name, curve.getRecall(), curve.getPrecision());
                    series.setMarker(SeriesMarkers.NONE);
                });
        save(chart, file);
    }

    /** Points in 2-D coloured by label, with the silhouette score in the title. */
    public static void latent(Path file, String title, double[][] points, int[] labels) {
        XYChart chart = chart(title, "component 1", "component 2");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        java.util.TreeMap<Integer, List<double[]>> byLabel = new java.util.TreeMap<>();
        for (int i = 0; i < points.length; i++) {
            byLabel.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(points[i]);
        }
        byLabel.forEach(
                (label, list) ->
                        chart.addSeries(
                                "label " + label,
                                list.stream().mapToDouble(p -> p[0]).toArray(),
                                list.stream().mapToDouble(p -> p[1]).toArray()));
        save(chart, file);
    }

    /**
     * A grid of grey images, one row of tiles per group (e.g. originals, corrupted inputs,
     * reconstructions); values are scaled, 0 black and 1 white.
     */
    public static void imageGrid(Path file, List<float[][]> rows, int width, int height) {
        int zoom = 3;
        int gap = 2;
        int columns = rows.get(0).length;
        BufferedImage image =
                new BufferedImage(
                        columns * (width * zoom + gap),
                        rows.size() * (height * zoom + gap),
                        BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                float[] pixels = rows.get(r)[c];
                for (int p = 0; p < pixels.length; p++) {
                    int grey = Math.round(255 * Math.max(0, Math.min(1, pixels[p])));
                    int rgb = (grey << 16) | (grey << 8) | grey;
                    int x0 = c * (width * zoom + gap) + (p % width) * zoom;
                    int y0 = r * (height * zoom + gap) + (p / width) * zoom;
                    for (int dy = 0; dy < zoom; dy++) {
                        for (int dx = 0; dx < zoom; dx++) {
                            image.setRGB(x0 + dx, y0 + dy, rgb);
                        }
                    }
                }
            }
        }
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    private static void save(XYChart chart, Path file) {
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
