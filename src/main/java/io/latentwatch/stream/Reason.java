package io.latentwatch.stream;

/** Why a record was sent to the dead-letter topic: the machine-readable reason code. */
public enum Reason {
    /** The record has no value, or an empty one. */
    EMPTY_PAYLOAD,
    /** The value is larger than {@code record.max.bytes}. */
    OVERSIZED,
    /** The value is not valid UTF-8. */
    INVALID_UTF8,
    /** The value is not valid JSON. */
    INVALID_JSON,
    /** The value is JSON but not an object. */
    NOT_AN_OBJECT,
    /** A required field such as {@code id}, {@code features} or {@code pixels} is missing. */
    MISSING_FIELD,
    /** A field or feature has the wrong JSON type. */
    WRONG_TYPE,
    /** A feature the model needs is absent from {@code features}. */
    MISSING_FEATURE,
    /** A sensor record has a feature the model does not know, and extra.features=reject. */
    UNKNOWN_FEATURE,
    /** A feature or pixel is NaN or infinite. */
    NON_FINITE_VALUE,
    /** An image record's size does not match the model's. */
    WRONG_IMAGE_SIZE,
    /** The scorer failed on a record that parsed. */
    SCORING_FAILED
}
