package io.latentwatch.training;

import java.util.Locale;

/**
 * How the threshold is chosen from the reconstruction errors of held-out validation records.
 *
 * @param kind {@code percentile}: the {@code value}-th percentile of the errors of normal records;
 *     {@code mean-std}: their mean plus {@code value} standard deviations; {@code fpr}: the
 *     threshold that flags a {@code value} share of normal records (a target false-positive rate);
 *     {@code max-f1}: the threshold with the best F1 score on labelled validation records
 * @param value the parameter of the method; ignored by {@code max-f1}
 */
public record ThresholdMethod(String kind, double value) {

    /** The default: the 99.5th percentile, so that about one normal record in 200 alerts. */
    public static final ThresholdMethod DEFAULT = new ThresholdMethod("percentile", 99.5);

    public ThresholdMethod {
        switch (kind) {
            case "percentile" ->
                    require(kind, value, value > 0 && value <= 100, "percentile in (0, 100]");
            case "mean-std" ->
                    require(kind, value, value >= 0 && Double.isFinite(value), "k of 0 or more");
            case "fpr" -> require(kind, value, value > 0 && value < 1, "rate in (0, 1)");
            case "max-f1" -> value = 0;
            default ->
                    throw new TrainingException(
                            "Unknown threshold method '"
                                    + kind
                                    + "'; use percentile:P, mean-std:K, fpr:RATE or max-f1");
        }
    }

    // Static: the compact constructor runs before the fields are set.
    private static void require(String kind, double value, boolean ok, String what) {
        if (!ok) {
            throw new TrainingException(
                    "Threshold method " + kind + " needs a " + what + ", got " + value);
        }
    }

    /** Reads {@code percentile:99.5}, {@code mean-std:3}, {@code fpr:0.01} or {@code max-f1}. */
    public static ThresholdMethod parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", 2);
        if (parts[0].equals("max-f1")) {
            if (parts.length == 2) {
                throw new TrainingException(
                        "Threshold method max-f1 takes no value, got '" + text + "'");
            }
            return new ThresholdMethod("max-f1", 0);
        }
        if (parts.length != 2) {
            throw new TrainingException(
                    "Threshold method '" + text + "' needs a value, e.g. percentile:99.5");
        }
        try {
            return new ThresholdMethod(parts[0], Double.parseDouble(parts[1]));
        } catch (NumberFormatException e) {
            throw new TrainingException(
                    "Threshold method '" + text + "': '" + parts[1] + "' is not a number");
        }
    }

    /** Whether the method needs labelled anomalies among the validation records. */
    public boolean needsLabels() {
        return kind.equals("max-f1");
    }

    @Override
    public String toString() {
        return needsLabels() ? kind : kind + "(" + stripZeros(value) + ")";
    }

    private static String stripZeros(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
