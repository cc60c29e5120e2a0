package io.latentwatch.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An in-memory table of numeric records: one row per record, one column per named feature, and
 * optional integer labels.
 *
 * <p>Rows are held by reference and never copied, because image datasets are large; callers must
 * not modify an array they get from {@link #row(int)}. Instances are immutable otherwise and safe
 * to share between threads.
 */
public final class Dataset {

    private final String name;
    private final List<String> featureNames;
    private final float[][] rows;
    private final int[] labels;
    private final ImageShape imageShape;

    /**
     * Creates a dataset.
     *
     * @param name where the data came from, for messages and provenance
     * @param featureNames feature names in column order
     * @param rows the records, each of {@code featureNames.size()} values
     * @param labels one label per row, or {@code null} when the data has none
     * @param imageShape the image size when rows are images, else {@code null}
     */
    public Dataset(
            String name,
            List<String> featureNames,
            float[][] rows,
            int[] labels,
            ImageShape imageShape) {
        this.name = name;
        this.featureNames = List.copyOf(featureNames);
        this.rows = rows;
        this.labels = labels;
        this.imageShape = imageShape;
        validate();
    }

    private void validate() {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != featureNames.size()) {
                throw new DataException(
                        String.format(
                                "%s: row %d has %d values, expected %d",
                                name, i, rows[i].length, featureNames.size()));
            }
        }
        if (labels != null && labels.length != rows.length) {
            throw new DataException(
                    name + ": " + labels.length + " labels for " + rows.length + " rows");
        }
        if (imageShape != null && imageShape.pixels() != featureNames.size()) {
            throw new DataException(name + ": image shape does not match the feature count");
        }
    }

    /** Builds the feature names of an image: {@code px0} to {@code pxN-1}, row-major. */
    public static List<String> pixelNames(ImageShape shape) {
        String[] names = new String[shape.pixels()];
        for (int i = 0; i < names.length; i++) {
            names[i] = "px" + i;
        }
        return List.of(names);
    }

    public String name() {
        return name;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public int size() {
        return rows.length;
    }

    public int featureCount() {
        return featureNames.size();
    }

    /** The values of row {@code i}, by reference: do not modify. */
    public float[] row(int i) {
        return rows[i];
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** The label of row {@code i}; fails when the dataset has no labels. */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException(name + " has no labels");
        }
        return labels[i];
    }

    public Optional<ImageShape> imageShape() {
        return Optional.ofNullable(imageShape);
    }

    /** A dataset of the rows at {@code indices}, in that order. */
    public Dataset select(int[] indices, String newName) {
        float[][] picked = new float[indices.length][];
        int[] pickedLabels = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = rows[indices[i]];
            if (pickedLabels != null) {
                pickedLabels[i] = labels[indices[i]];
            }
        }
        return new Dataset(newName, featureNames, picked, pickedLabels, imageShape);
    }

    /** The first {@code count} rows, or all of them when there are fewer. */
    public Dataset head(int count, String newName) {
        int n = Math.min(count, rows.length);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return select(indices, newName);
    }

    /** The rows as one row-major array, the layout the network takes. */
    public float[] flatten() {
        int width = featureNames.size();
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    /**
     * SHA-256 over feature names, values and labels, in hex: identifies the data a model was
     * trained on.
     */
    public String contentHash() {
        MessageDigest digest = sha256();
        featureNames.forEach(
                n -> digest.update(n.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        ByteBuffer buffer = ByteBuffer.allocate(Float.BYTES * featureNames.size());
        for (int i = 0; i < rows.length; i++) {
            buffer.clear();
            buffer.asFloatBuffer().put(rows[i]);
            digest.update(buffer.array());
            if (labels != null) {
                digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(labels[i]).array());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
