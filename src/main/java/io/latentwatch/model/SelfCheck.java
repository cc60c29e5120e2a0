package io.latentwatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * Sample records stored in a model bundle with the reconstruction errors the trainer's DL4J network
 * gave them, so that a loaded bundle can prove that it still scores as it did when it was trained.
 * Stored as {@code selfcheck.json}.
 *
 * @param rows raw, unscaled feature vectors in the order of the manifest's features
 * @param errors the reconstruction error of each row, as computed at training time
 * @param labels 0 for a normal row, 1 for a known anomaly, one per row
 */
public record SelfCheck(List<float[]> rows, double[] errors, int[] labels) {

    @JsonCreator
    public SelfCheck(
            @JsonProperty("rows") List<float[]> rows,
            @JsonProperty("errors") double[] errors,
            @JsonProperty("labels") int[] labels) {
        if (rows == null || rows.isEmpty()) {
            throw new BundleException("Self-check has no rows");
        }
        if (errors == null || errors.length != rows.size()) {
            throw new BundleException(
                    "Self-check has "
                            + rows.size()
                            + " rows but "
                            + (errors == null ? 0 : errors.length)
                            + " errors");
        }
        if (labels == null || labels.length != rows.size()) {
            throw new BundleException("Self-check needs one label per row");
        }
        List<float[]> copies = new ArrayList<>(rows.size());
        for (float[] row : rows) {
            copies.add(row.clone());
        }
        this.rows = List.copyOf(copies);
        this.errors = errors.clone();
        this.labels = labels.clone();
    }

    /** Number of sample rows. */
    public int size() {
        return rows.size();
    }

    /** A copy of row {@code i}. */
    public float[] row(int i) {
        return rows.get(i).clone();
    }

    @Override
    public List<float[]> rows() {
        List<float[]> copies = new ArrayList<>(rows.size());
        for (float[] row : rows) {
            copies.add(row.clone());
        }
        return copies;
    }

    @Override
    public double[] errors() {
        return errors.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }
}
