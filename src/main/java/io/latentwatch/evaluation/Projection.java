package io.latentwatch.evaluation;

import io.latentwatch.model.PcaBaseline;

/** Projects vectors to 2-D for a plot: as they are when 2-D, else onto their first two PCs. */
public final class Projection {

    private Projection() {}

    public static double[][] twoDimensional(float[][] vectors) {
        int width = vectors[0].length;
        double[][] points = new double[vectors.length][];
        if (width == 2) {
            for (int i = 0; i < vectors.length; i++) {
                points[i] = new double[] {vectors[i][0], vectors[i][1]};
            }
            return points;
        }
        float[] flat = new float[vectors.length * width];
        for (int i = 0; i < vectors.length; i++) {
            System.arraycopy(vectors[i], 0, flat, i * width, width);
        }
        PcaBaseline pca = PcaBaseline.fit(flat, vectors.length, width, 2, 1.0);
        for (int i = 0; i < vectors.length; i++) {
            points[i] = pca.project(vectors[i]);
        }
        return points;
    }
}
