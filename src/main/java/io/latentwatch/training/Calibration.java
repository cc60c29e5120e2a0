package io.latentwatch.training;

/**
 * A threshold and how it was chosen.
 *
 * @param threshold reconstruction error above which a record is an anomaly
 * @param method the method, e.g. {@code percentile(99.5)}
 * @param precision precision on the labelled validation records, or {@code null} without labels
 * @param recall recall on them, or {@code null}
 * @param f1 F1 score on them, or {@code null}
 */
public record Calibration(
        double threshold, String method, Double precision, Double recall, Double f1) {}
