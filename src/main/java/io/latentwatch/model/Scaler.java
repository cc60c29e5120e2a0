package io.latentwatch.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.latentwatch.data.Dataset;

/**
 * Maps raw feature values to the scale the network was trained on; fitted on training rows only and
 * stored in the model bundle. Implementations are immutable and thread-safe.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = MinMaxScaler.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = MinMaxScaler.class, name = "minmax"),
    @JsonSubTypes.Type(value = ZScoreScaler.class, name = "zscore")
})
public sealed interface Scaler permits MinMaxScaler, ZScoreScaler {

    /** Number of features this scaler was fitted on. */
    int featureCount();

    /** Scales {@code values} into {@code out}, which may be the same array. */
    void transform(float[] values, float[] out);

    /**
     * Maps scaled values back to raw ones into {@code out}, which may be the same array: the
     * inverse of {@link #transform}, used to show a reconstruction in the units of the input.
     */
    void inverseTransform(float[] scaled, float[] out);

    /** Scales every row of {@code data} into one row-major array. */
    default float[] transformAll(Dataset data) {
        int width = featureCount();
        float[] flat = new float[data.size() * width];
        float[] scaled = new float[width];
        for (int r = 0; r < data.size(); r++) {
            transform(data.row(r), scaled);
            System.arraycopy(scaled, 0, flat, r * width, width);
        }
        return flat;
    }
}
