package io.latentwatch.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON records the detector writes, as described in {@code schemas/}: alerts, scores and dead
 * letters.
 */
public final class OutputRecords {

    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .defaultPropertyInclusion(
                            JsonInclude.Value.construct(
                                    JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                    .build();

    private OutputRecords() {}

    /**
     * One anomaly, written to the alert topic.
     *
     * @param eventId the record's id
     * @param source the record's source, if it had one
     * @param topic input topic of the record
     * @param partition its partition
     * @param offset its offset
     * @param timestamp event time in epoch ms: the record's own, else its Kafka timestamp
     * @param detectedAt when the detector scored it, epoch ms
     * @param error reconstruction error
     * @param threshold threshold of the model that scored it
     * @param ratio error divided by threshold
     * @param severity {@code low}, {@code medium} or {@code high}, from the ratio
     * @param modelVersion version of that model
     * @param explanation the features, or image cells, with the largest reconstruction error
     * @param suppressed alerts of the same source suppressed since its previous alert; {@code null}
     *     when none were
     */
    public record Alert(
            String eventId,
            String source,
            String topic,
            int partition,
            long offset,
            long timestamp,
            long detectedAt,
            double error,
            double threshold,
            double ratio,
            String severity,
            String modelVersion,
            Explanation explanation,
            Long suppressed) {}

    /**
     * What explains an alert's error: the parts of the record the network reconstructed worst.
     *
     * @param kind {@code features} for a sensor record, {@code cells} for an image, whose pixels
     *     are grouped into square cells
     * @param cellSize side of a cell in pixels, for {@code cells}; else {@code null}
     * @param top the parts with the largest squared error, largest first
     */
    public record Explanation(String kind, Integer cellSize, java.util.List<Contribution> top) {}

    /**
     * One feature, or one image cell, of an explanation.
     *
     * @param feature the feature's name; {@code null} for a cell
     * @param row the cell's row, counted in cells from the top; {@code null} for a feature
     * @param col the cell's column, counted in cells from the left; {@code null} for a feature
     * @param value the input value (for a cell: the mean of its pixels), in input units
     * @param reconstructed the reconstruction of it, in input units
     * @param squaredError the squared difference in the model's scaled units (for a cell: the sum
     *     over its pixels)
     * @param share this part's fraction of the record's total squared error
     */
    public record Contribution(
            String feature,
            Integer row,
            Integer col,
            double value,
            double reconstructed,
            double squaredError,
            double share) {}

    /**
     * The score of one record, written to the optional scores topic.
     *
     * @param eventId the record's id
     * @param source the record's source, if it had one
     * @param topic input topic of the record
     * @param partition its partition
     * @param offset its offset
     * @param error reconstruction error
     * @param anomaly whether the error exceeds the threshold
     * @param modelVersion version of the model that scored it
     */
    public record ScoreRecord(
            String eventId,
            String source,
            String topic,
            int partition,
            long offset,
            double error,
            boolean anomaly,
            String modelVersion) {}

    /**
     * A record that could not be scored, written to the dead-letter topic with its original bytes.
     *
     * @param reason the reason code
     * @param message what was wrong, for people
     * @param topic input topic of the record
     * @param partition its partition
     * @param offset its offset
     * @param timestamp its Kafka timestamp, epoch ms
     * @param detectedAt when the detector rejected it, epoch ms
     * @param keyBase64 the original key, base64, if it had one
     * @param payloadBase64 the original value, base64, if it had one; only its first bytes when
     *     {@code payloadTruncated}
     * @param payloadBytes the size of the original value in bytes
     * @param payloadTruncated {@code true} when {@code payloadBase64} holds only the first bytes of
     *     the value, which is then too large to copy whole; else {@code null}
     * @param modelVersion version of the model in use
     */
    public record DeadLetter(
            Reason reason,
            String message,
            String topic,
            int partition,
            long offset,
            long timestamp,
            long detectedAt,
            String keyBase64,
            String payloadBase64,
            int payloadBytes,
            Boolean payloadTruncated,
            String modelVersion) {}

    /** The JSON bytes of one of the records above. */
    public static byte[] toJson(Record record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + record, e);
        }
    }

    /** Reads one of the records above, for tools and tests that consume the output topics. */
    public static <T extends Record> T fromJson(byte[] json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(
                    "Not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
