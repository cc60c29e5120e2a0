package io.latentwatch.stream;

/**
 * A record that passed validation: its identity and its feature vector in model order.
 *
 * @param id the record's event id
 * @param source the device or system that sent it, or {@code null}
 * @param timestamp event time in epoch milliseconds, or {@code null} when the record has none
 * @param features raw feature values in the order of the model's feature names
 */
public record ParsedRecord(String id, String source, Long timestamp, float[] features) {}
