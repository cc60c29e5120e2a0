package io.latentwatch.evaluation;

import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
        ROC roc = new ROC(0);
        double[] asLabels = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            asLabels[i] = labels[i];
        }
        INDArray y = Nd4j.create(asLabels, new long[] {labels.length, 1}, DataType.DOUBLE);
        INDArray p = Nd4j.create(scores, new long[] {scores.length, 1}, DataType.DOUBLE);
        roc.eval(y, p);
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean flagged = scores[i] > threshold;
            if (labels[i] == 1) {
                tp += flagged ? 1 : 0;
                fn += flagged ? 0 : 1;
            } else {
                fp += flagged ? 1 : 0;
                tn += flagged ? 0 : 1;
            }
        }
        return new BinaryMetrics(
                roc.calculateAUC(), roc.calculateAUCPR(), threshold, tp, fp, tn, fn);
    }

    public double precision() {
        return truePositives + falsePositives == 0
                ? 0
                : (double) truePositives / (truePositives + falsePositives);
    }

    public double recall() {
        return truePositives + falseNegatives == 0
                ? 0
                : (double) truePositives / (truePositives + falseNegatives);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
