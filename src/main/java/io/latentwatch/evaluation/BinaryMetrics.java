package io.latentwatch.evaluation;

import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How well scores separate anomalies (label 1) from normal records (label 0): the threshold-free
 * ROC-AUC and PR-AUC, and the counts at one threshold (records strictly above it are flagged). The
 * AUCs come from ND4J's exact ROC evaluation.
 *
 * @param rocAuc area under the ROC curve
 * @param prAuc area under the precision-recall curve
 * @param threshold the threshold of the counts below
 * @param truePositives anomalies above the threshold
 * @param falsePositives normal records above it
 * @param trueNegatives normal records at or below it
 * @param falseNegatives anomalies at or below it
 */
public record BinaryMetrics(
        double rocAuc,
        double prAuc,
        double threshold,
        long truePositives,
        long falsePositives,
        long trueNegatives,
        long falseNegatives) {

    /** Computes the metrics of {@code scores}, higher meaning more anomalous. */
    public static BinaryMetrics of(double[] scores, int[] labels, double threshold) {
        if (scores.length != labels.length || scores.length == 0) {
            throw new IllegalArgumentException(
                    scores.length + " scores for " + labels.length + " labels");
        }
        ROC roc = roc(scores, labels);
        Confusion c = Confusion.at(scores, labels, threshold);
        return new BinaryMetrics(
                roc.calculateAUC(),
                roc.calculateAUCPR(),
                threshold,
                c.truePositives(),
                c.falsePositives(),
                c.trueNegatives(),
                c.falseNegatives());
    }

    /** ND4J's exact ROC evaluation (no threshold binning) of scores against labels. */
    static ROC roc(double[] scores, int[] labels) {
        double[] asLabels = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            asLabels[i] = labels[i];
        }
        ROC roc = new ROC(0);
        roc.eval(
                Nd4j.create(asLabels, new long[] {labels.length, 1}, DataType.DOUBLE),
                Nd4j.create(scores, new long[] {scores.length, 1}, DataType.DOUBLE));
        return roc;
    }

    /** The counts as a confusion matrix. */
    public Confusion confusion() {
        return new Confusion(truePositives, falsePositives, trueNegatives, falseNegatives);
    }

    public double precision() {
        return confusion().precision();
    }

    public double recall() {
        return confusion().recall();
    }

    public double f1() {
        return confusion().f1();
    }
}
