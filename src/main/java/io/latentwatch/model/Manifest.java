package io.latentwatch.model;

import io.latentwatch.data.ImageShape;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a model bundle says about its network: the feature schema, the scaler, the threshold and
 * where it all came from. Stored as {@code manifest.json} inside the bundle.
 *
 * @param formatVersion version of the bundle layout; this code reads {@link #FORMAT_VERSION}
 * @param modelVersion unique name of this model, carried in alerts and metrics
 * @param createdAt creation time, ISO-8601 UTC
 * @param dataset name of the training data
 * @param dataHash SHA-256 of the training rows, hex
 * @param featureNames feature names in the order the network takes them
 * @param imageShape image size when the features are pixels, else {@code null}
 * @param scaler the scaler fitted on the training rows
 * @param loss reconstruction loss the network was trained with, {@code mse}
 * @param threshold reconstruction error above which a record is an anomaly
 * @param thresholdMethod how the threshold was chosen, e.g. {@code percentile(99.5)}
 * @param training the training settings, for provenance
 * @param provenance row counts, losses, timings and library versions
 */
public record Manifest(
        int formatVersion,
        String modelVersion,
        String createdAt,
        String dataset,
        String dataHash,
        List<String> featureNames,
        ImageShape imageShape,
        Scaler scaler,
        String loss,
        double threshold,
        String thresholdMethod,
        Map<String, Object> training,
        Map<String, Object> provenance) {

    /** The bundle layout version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public Manifest {
        require(formatVersion == FORMAT_VERSION, "formatVersion", formatVersion, "expected 1");
        require(
                modelVersion != null && !modelVersion.isBlank(),
                "modelVersion",
                modelVersion,
                "empty");
        require(
                featureNames != null && !featureNames.isEmpty(),
                "featureNames",
                featureNames,
                "empty");
        require(scaler != null, "scaler", null, "missing");
        require(
                scaler.featureCount() == featureNames.size(),
                "scaler",
                scaler.featureCount() + " features",
                "expected " + featureNames.size());
        require(
                Double.isFinite(threshold) && threshold > 0,
                "threshold",
                threshold,
                "must be a positive finite number");
        require(
                imageShape == null || imageShape.pixels() == featureNames.size(),
                "imageShape",
                imageShape,
                "does not match " + featureNames.size() + " features");
        featureNames = List.copyOf(featureNames);
        training = training == null ? Map.of() : Map.copyOf(training);
        provenance = provenance == null ? Map.of() : Map.copyOf(provenance);
    }

    private static void require(boolean ok, String field, Object value, String why) {
        if (!ok) {
            throw new BundleException(
                    "Manifest field '" + field + "' is invalid (value " + value + "): " + why);
        }
    }

    /**
     * Fails unless {@code names} are this model's features in its order, naming the first
     * difference.
     *
     * @param what the data, for the message
     */
    public void requireFeatures(List<String> names, String what) {
        if (names.equals(featureNames)) {
            return;
        }
        int i = 0;
        while (i < names.size()
                && i < featureNames.size()
                && names.get(i).equals(featureNames.get(i))) {
            i++;
        }
        String theirs = i < names.size() ? "'" + names.get(i) + "'" : "nothing";
        String ours = i < featureNames.size() ? "'" + featureNames.get(i) + "'" : "nothing";
        throw new io.latentwatch.LatentwatchException(
                String.format(
                        "%s has %d features, the model %s takes %d; they differ first at"
                                + " position %d: %s where the model has %s",
                        what, names.size(), modelVersion, featureNames.size(), i, theirs, ours));
    }

    public Optional<ImageShape> image() {
        return Optional.ofNullable(imageShape);
    }

    public int featureCount() {
        return featureNames.size();
    }
}
