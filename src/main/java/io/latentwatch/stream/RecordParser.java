package io.latentwatch.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.latentwatch.data.ImageShape;
import io.latentwatch.model.Manifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses and validates the JSON records of the input topics into feature vectors in the model's
 * feature order.
 *
 * <p>Two record kinds exist, described in {@code schemas/}: a sensor record carries named {@code
 * features}, an image record carries {@code width}, {@code height} and {@code pixels}. The model
 * decides which kind is expected; pixels are an array of numbers or a base64 string of one unsigned
 * byte per pixel. Extra features are ignored, or rejected when asked. A field given twice makes the
 * record invalid JSON. Every rejection is an {@link InvalidRecordException} with a {@link Reason}
 * and a message that names the field. Thread-safe.
 */
public final class RecordParser {

    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private final List<String> featureNames;
    private final Optional<ImageShape> image;
    private final Set<String> known;
    private final int maxBytes;
    private final boolean rejectExtraFeatures;

    /**
     * Creates a parser for records of the model described by {@code manifest} that ignores extra
     * features.
     *
     * @param maxBytes largest value accepted, in bytes
     */
    public RecordParser(Manifest manifest, int maxBytes) {
        this(manifest, maxBytes, false);
    }

    /**
     * Creates a parser for records of the model described by {@code manifest}.
     *
     * @param maxBytes largest value accepted, in bytes
     * @param rejectExtraFeatures whether a feature the model does not know rejects the record
     */
    public RecordParser(Manifest manifest, int maxBytes, boolean rejectExtraFeatures) {
        this.featureNames = manifest.featureNames();
        this.known = Set.copyOf(featureNames);
        this.image = manifest.image();
        this.maxBytes = maxBytes;
        this.rejectExtraFeatures = rejectExtraFeatures;
    }

    /** Parses one record value. */
    public ParsedRecord parse(byte[] value) {
        JsonNode root = readObject(value);
        String id = requiredText(root, "id");
        String source = optionalText(root, "source");
        Long timestamp = optionalLong(root, "timestamp");
        float[] features = image.isPresent() ? pixels(root, image.get()) : features(root);
        return new ParsedRecord(id, source, timestamp, features);
    }

    private JsonNode readObject(byte[] value) {
        if (value == null) {
            throw new InvalidRecordException(
                    Reason.EMPTY_PAYLOAD, "record value is null (a tombstone)");
        }
        if (value.length == 0) {
            throw new InvalidRecordException(Reason.EMPTY_PAYLOAD, "record value is empty");
        }
        if (value.length > maxBytes) {
            throw new InvalidRecordException(
                    Reason.OVERSIZED,
                    "record value is " + value.length + " bytes, the limit is " + maxBytes);
        }
        checkUtf8(value);
        JsonNode root;
        try (JsonParser parser = JSON.createParser(value)) {
            root = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw new InvalidRecordException(
                        Reason.INVALID_JSON, "record value has content after the JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(
                    Reason.INVALID_JSON,
                    "record value is not valid JSON: " + withoutSource(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidRecordException(Reason.INVALID_JSON, "record value cannot be read");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRecordException(
                    Reason.NOT_AN_OBJECT,
                    "record value must be a JSON object, got "
                            + (root == null ? "nothing" : root.getNodeType()));
        }
        return root;
    }

    /** Jackson's message without its note on where the source is, which only says it is hidden. */
    private static String withoutSource(String message) {
        return message == null ? "unreadable" : message.replaceAll("\\[Source: [^;\\]]*; ", "[");
    }

    private static void checkUtf8(byte[] value) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new InvalidRecordException(
                    Reason.INVALID_UTF8, "record value is not valid UTF-8");
        }
    }

    private float[] features(JsonNode root) {
        JsonNode features = root.get("features");
        if (features == null || features.isNull()) {
            throw new InvalidRecordException(Reason.MISSING_FIELD, "field 'features' is missing");
        }
        if (!features.isObject()) {
            throw new InvalidRecordException(
                    Reason.WRONG_TYPE, "field 'features' must be an object of name: number");
        }
        if (rejectExtraFeatures) {
            for (var names = features.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw new InvalidRecordException(
                            Reason.UNKNOWN_FEATURE,
                            "feature '" + name + "' is not one of the model's features");
                }
            }
        }
        float[] vector = new float[featureNames.size()];
        for (int i = 0; i < vector.length; i++) {
            String name = featureNames.get(i);
            JsonNode value = features.get(name);
            if (value == null || value.isNull()) {
                throw new InvalidRecordException(
                        Reason.MISSING_FEATURE, "feature '" + name + "' is missing");
            }
            vector[i] = number(value, "feature '" + name + "'");
        }
        return vector;
    }

    private float[] pixels(JsonNode root, ImageShape shape) {
        int width = requiredInt(root, "width");
        int height = requiredInt(root, "height");
        if (width != shape.width() || height != shape.height()) {
            throw new InvalidRecordException(
                    Reason.WRONG_IMAGE_SIZE,
                    String.format(
                            "image is %dx%d, the model takes %dx%d",
                            width, height, shape.width(), shape.height()));
        }
        JsonNode pixels = root.get("pixels");
        if (pixels == null || pixels.isNull()) {
            throw new InvalidRecordException(Reason.MISSING_FIELD, "field 'pixels' is missing");
        }
        if (pixels.isTextual()) {
            return base64Pixels(pixels.textValue(), shape);
        }
        if (!pixels.isArray()) {
            throw new InvalidRecordException(
                    Reason.WRONG_TYPE,
                    "field 'pixels' must be an array of numbers or a base64 string");
        }
        if (pixels.size() != shape.pixels()) {
            throw new InvalidRecordException(
                    Reason.WRONG_IMAGE_SIZE,
                    "image has " + pixels.size() + " pixels, expected " + shape.pixels());
        }
        float[] vector = new float[shape.pixels()];
        for (int i = 0; i < vector.length; i++) {
            JsonNode pixel = pixels.get(i);
            vector[i] =
                    isFiniteFloat(pixel)
                            ? (float) pixel.doubleValue()
                            : number(pixel, "pixel " + i);
        }
        return vector;
    }

    private static float[] base64Pixels(String text, ImageShape shape) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(
                    Reason.WRONG_TYPE, "field 'pixels' is not valid base64: " + e.getMessage());
        }
        if (bytes.length != shape.pixels()) {
            throw new InvalidRecordException(
                    Reason.WRONG_IMAGE_SIZE,
                    "image has "
                            + bytes.length
                            + " base64 pixel bytes, expected "
                            + shape.pixels());
        }
        return ImageShape.unsignedPixels(bytes);
    }

    /** The common case, checked without building a message: a number that fits a float. */
    private static boolean isFiniteFloat(JsonNode value) {
        if (!value.isNumber()) {
            return false;
        }
        double d = value.doubleValue();
        return Double.isFinite(d) && Float.isFinite((float) d);
    }

    private static float number(JsonNode value, String what) {
        if (!value.isNumber()) {
            throw new InvalidRecordException(
                    Reason.WRONG_TYPE, what + " must be a number, got " + value.getNodeType());
        }
        double d = value.doubleValue();
        float f = (float) d;
        if (!Double.isFinite(d)) {
            throw new InvalidRecordException(
                    Reason.NON_FINITE_VALUE, what + " is not a finite number: " + value.asText());
        }
        if (!Float.isFinite(f)) {
            throw new InvalidRecordException(
                    Reason.NON_FINITE_VALUE,
                    what
                            + " is "
                            + value.asText()
                            + ", beyond the range of a 32-bit float (about 3.4e38), which the"
                            + " model computes in");
        }
        return f;
    }

    private static String requiredText(JsonNode root, String field) {
        String text = optionalText(root, field);
        if (text == null || text.isEmpty()) {
            throw new InvalidRecordException(
                    Reason.MISSING_FIELD, "field '" + field + "' is missing");
        }
        return text;
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidRecordException(
                    Reason.WRONG_TYPE,
                    "field '" + field + "' must be a string, got " + node.getNodeType());
        }
        return node.textValue();
    }

    private static Long optionalLong(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidRecordException(
                    Reason.WRONG_TYPE,
                    "field '" + field + "' must be an integer of epoch milliseconds, got " + node);
        }
        return node.longValue();
    }

    private static int requiredInt(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidRecordException(
                    Reason.MISSING_FIELD, "field '" + field + "' is missing");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidRecordException(
                    Reason.WRONG_TYPE, "field '" + field + "' must be an integer, got " + node);
        }
        return node.intValue();
    }
}
