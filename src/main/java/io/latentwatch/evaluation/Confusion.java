package io.latentwatch.evaluation;

/**
 * The confusion matrix of a threshold on scores of labelled records (1 = anomaly): records strictly
 * above the threshold are flagged.
 *
 * @param truePositives anomalies flagged
 * @param falsePositives normal records flagged
 * @param trueNegatives normal records not flagged
 * @param falseNegatives anomalies not flagged
 */
public record Confusion(
        long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    /** Counts {@code scores} against {@code labels} at {@code threshold}. */
    public static Confusion at(double[] scores, int[] labels, double threshold) {
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
        return new Confusion(tp, fp, tn, fn);
    }

    /** Share of flagged records that are anomalies; 0 when none is flagged. */
    public double precision() {
        return truePositives + falsePositives == 0
                ? 0
                : (double) truePositives / (truePositives + falsePositives);
    }

    /** Share of anomalies flagged; 0 when there are none. */
    public double recall() {
        return truePositives + falseNegatives == 0
                ? 0
                : (double) truePositives / (truePositives + falseNegatives);
    }

    /** Harmonic mean of precision and recall. */
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
