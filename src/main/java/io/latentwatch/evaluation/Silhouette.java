package io.latentwatch.evaluation;

/**
 * The mean silhouette coefficient of labelled points (Rousseeuw, 1987): for each point, how much
 * closer it is to its own label's points than to the nearest other label's, from -1 to 1.
 */
public final class Silhouette {

    private Silhouette() {}

    /**
     * The mean silhouette of {@code points} grouped by {@code labels}, Euclidean distance; NaN when
     * there are fewer than two labels. Quadratic in the number of points: pass a sample.
     */
    public static double score(double[][] points, int[] labels) {
        int max = 0;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        int[] sizes = new int[max + 1];
        for (int label : labels) {
            sizes[label]++;
        }
        long groups = java.util.Arrays.stream(sizes).filter(s -> s > 0).count();
        if (groups < 2) {
            return Double.NaN;
        }
        double total = 0;
        for (int i = 0; i < points.length; i++) {
            double[] sums = new double[max + 1];
            for (int j = 0; j < points.length; j++) {
                if (i != j) {
                    sums[labels[j]] += distance(points[i], points[j]);
                }
            }
            int own = labels[i];
            if (sizes[own] <= 1) {
                continue;
            }
            double a = sums[own] / (sizes[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int l = 0; l <= max; l++) {
                if (l != own && sizes[l] > 0) {
                    b = Math.min(b, sums[l] / sizes[l]);
                }
            }
            total += (b - a) / Math.max(a, b);
        }
        return total / points.length;
    }

    private static double distance(double[] x, double[] y) {
        double sum = 0;
        for (int d = 0; d < x.length; d++) {
            double diff = x[d] - y[d];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }
}
