package io.latentwatch.training;

import io.latentwatch.evaluation.Confusion;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Chooses the anomaly threshold from reconstruction errors of held-out records. */
public final class ThresholdCalibrator {

    private ThresholdCalibrator() {}

    /**
     * Chooses a threshold by {@code method}.
     *
     * @param normalErrors errors of held-out normal records
     * @param labelledErrors errors of held-out records with labels, or {@code null}
     * @param labels 1 for an anomaly and 0 for normal, one per labelled error, or {@code null}
     */
    public static Calibration calibrate(
            ThresholdMethod method, double[] normalErrors, double[] labelledErrors, int[] labels) {
        double threshold =
                switch (method.kind()) {
                    case "percentile" -> percentile(normalErrors, method.value());
                    case "mean-std" -> meanPlusStd(normalErrors, method.value());
                    case "fpr" -> percentile(normalErrors, 100 * (1 - method.value()));
                    default -> maxF1(requireLabels(labelledErrors, labels), labels);
                };
        if (labelledErrors == null) {
            return new Calibration(threshold, method.toString(), null, null, null);
        }
        Confusion c = Confusion.at(labelledErrors, labels, threshold);
        return new Calibration(threshold, method.toString(), c.precision(), c.recall(), c.f1());
    }

    private static double[] requireLabels(double[] errors, int[] labels) {
        if (errors == null || labels == null || Arrays.stream(labels).noneMatch(l -> l == 1)) {
            throw new TrainingException(
                    "Threshold method max-f1 needs labelled anomalies among the validation"
                            + " records; give training data with anomalies and a label column,"
                            + " or choose percentile, mean-std or fpr");
        }
        return errors;
    }

    /**
     * The {@code p}-th percentile of {@code errors}, interpolated linearly between the two nearest
     * ranks (the method NumPy and R call type 7).
     *
     * @param p percentile in (0, 100]
     */
    public static double percentile(double[] errors, double p) {
        if (errors.length == 0) {
            throw new IllegalArgumentException("Cannot calibrate a threshold on no errors");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("Percentile must be in (0, 100], got " + p);
        }
        double[] sorted = errors.clone();
        Arrays.sort(sorted);
        double rank = p / 100.0 * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }

    /** Mean plus {@code k} population standard deviations of {@code errors}. */
    public static double meanPlusStd(double[] errors, double k) {
        double mean = Arrays.stream(errors).average().orElseThrow();
        double variance =
                Arrays.stream(errors).map(e -> (e - mean) * (e - mean)).sum() / errors.length;
        return mean + k * Math.sqrt(variance);
    }

    /**
     * The threshold with the best F1 on labelled errors: each distinct error is tried as a
     * threshold (records strictly above it are flagged); ties go to the higher threshold, which
     * flags fewer normal records.
     */
    public static double maxF1(double[] errors, int[] labels) {
        Integer[] order = IntStream.range(0, errors.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> errors[i]).reversed());
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        double bestF1 = -1;
        double best = errors[order[0]];
        int truePositives = 0;
        for (int rank = 0; rank < order.length; rank++) {
            truePositives += labels[order[rank]] == 1 ? 1 : 0;
            boolean lastOfTie =
                    rank + 1 == order.length || errors[order[rank + 1]] < errors[order[rank]];
            if (!lastOfTie) {
                continue;
            }
            double f1 = 2.0 * truePositives / (rank + 1 + positives);
            if (f1 > bestF1) {
                bestF1 = f1;
                best =
                        rank + 1 == order.length
                                ? Math.nextDown(errors[order[rank]])
                                : errors[order[rank + 1]];
            }
        }
        return best;
    }
}
