package io.latentwatch.data;

import java.util.Random;

/** Seeded shuffles and splits of row indices, so that every split is reproducible. */
public final class Splits {

    private Splits() {}

    /** The indices {@code 0..n-1} in a random order fixed by {@code seed}. */
    public static int[] shuffled(int n, long seed) {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        return indices;
    }

    /** The indices of rows whose label is {@code label}, in row order. */
    public static int[] withLabel(Dataset data, int label) {
        return java.util.stream.IntStream.range(0, data.size())
                .filter(i -> data.label(i) == label)
                .toArray();
    }

    /** Elements {@code from} (inclusive) to {@code to} (exclusive) of {@code indices}. */
    public static int[] range(int[] indices, int from, int to) {
        return java.util.Arrays.copyOfRange(indices, from, to);
    }
}
