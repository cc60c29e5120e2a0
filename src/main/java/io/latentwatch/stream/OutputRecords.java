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
     * @param modelVersion version of that model
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
            String modelVersion) {}

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
     * @param payloadBase64 the original value, base64, if it had one
     * @param payloadBytes the size of the original value in bytes
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
