package io.latentwatch.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a JSON lines file, one JSON object per line, into a dataset. Three shapes are read, decided
 * by the first line and then required of every line:
 *
 * <ul>
 *   <li>a Latentwatch sensor record: its {@code features} object holds the named values;
 *   <li>a Latentwatch image record: {@code width}, {@code height} and row-major {@code pixels}, an
 *       array of numbers or base64 of one unsigned byte per pixel;
 *   <li>a flat object: every field is a numeric feature.
 * </ul>
 *
 * In every shape the optional label field, a top-level integer, is not a feature. Blank lines are
 * skipped; files ending in {@code .gz} are decompressed.
 */
public final class JsonLinesReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLinesReader() {}

    /**
     * Reads {@code source}.
     *
     * @param labelField the name of the label field, or {@code null} when there is none
     * @throws DataException naming the line and field of the first value that does not fit
     */
    public static Dataset read(Source source, String labelField) {
        Lines lines = new Lines(source, labelField);
        try (BufferedReader reader = open(source)) {
            String text;
            for (int number = 1; (text = reader.readLine()) != null; number++) {
                if (!text.isBlank()) {
                    lines.add(number, parse(source, number, text));
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(source.name() + " does not exist");
        } catch (IOException e) {
            throw new DataException(source.name() + ": cannot read: " + e.getMessage(), e);
        }
        return lines.dataset();
    }

    private static JsonNode parse(Source source, int line, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
                throw new DataException(source.name() + ": line " + line + " is not an object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new DataException(
                    source.name() + ": line " + line + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static BufferedReader open(Source source) throws IOException {
        InputStream in = source.open();
        if (source.name().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The rows read so far, and the shape the first line set. */
    private static final class Lines {
        private final Source source;
        private final String labelField;
        private final List<float[]> rows = new ArrayList<>();
        private final List<Integer> labels = new ArrayList<>();
        private List<String> names;
        private ImageShape image;

        Lines(Source source, String labelField) {
            this.source = source;
            this.labelField = labelField;
        }

        void add(int line, JsonNode node) {
            if (names == null) {
                learnShape(line, node);
            }
            rows.add(image != null ? pixels(line, node) : features(line, featuresOf(node)));
            if (labelField != null) {
                labels.add(label(line, node));
            }
        }

        private void learnShape(int line, JsonNode node) {
            if (node.has("pixels")) {
                int width = node.path("width").asInt(0);
                int height = node.path("height").asInt(0);
                if (width <= 0 || height <= 0) {
                    throw fail(line, "has pixels but no positive width and height");
                }
                image = new ImageShape(width, height);
                names = Dataset.pixelNames(image);
                return;
            }
            names = new ArrayList<>();
            featuresOf(node).fieldNames().forEachRemaining(names::add);
        }

        private JsonNode featuresOf(JsonNode node) {
            if (node.has("features")) {
                return node.get("features");
            }
            if (labelField == null) {
                return node;
            }
            return ((ObjectNode) node.deepCopy()).without(labelField);
        }

        private float[] features(int line, JsonNode features) {
            if (features.size() != names.size()) {
                throw fail(line, "has " + features.size() + " features, expected " + names);
            }
            float[] row = new float[names.size()];
            for (int i = 0; i < row.length; i++) {
                JsonNode value = features.get(names.get(i));
                if (value == null) {
                    throw fail(line, "has no feature '" + names.get(i) + "'");
                }
                row[i] = number(line, names.get(i), value);
            }
            return row;
        }

        private float[] pixels(int line, JsonNode node) {
            JsonNode pixels = node.path("pixels");
            if (pixels.isTextual()) {
                return base64Pixels(line, pixels.asText());
            }
            if (!pixels.isArray() || pixels.size() != image.pixels()) {
                throw fail(line, "needs " + image.pixels() + " pixels");
            }
            float[] row = new float[image.pixels()];
            Iterator<JsonNode> values = pixels.elements();
            for (int i = 0; values.hasNext(); i++) {
                row[i] = number(line, "pixels[" + i + "]", values.next());
            }
            return row;
        }

        /** The compact form of 8-bit images: base64 of one unsigned byte per pixel. */
        private float[] base64Pixels(int line, String text) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw fail(line, "pixels are not base64: " + e.getMessage());
            }
            if (bytes.length != image.pixels()) {
                throw fail(line, "needs " + image.pixels() + " pixels, has " + bytes.length);
            }
            return ImageShape.unsignedPixels(bytes);
        }

        private float number(int line, String field, JsonNode value) {
            if (!value.isNumber() || !Float.isFinite(value.floatValue())) {
                throw fail(line, "field '" + field + "': " + value + " is not a finite number");
            }
            return value.floatValue();
        }

        private int label(int line, JsonNode node) {
            JsonNode value = node.get(labelField);
            if (value == null || !value.canConvertToExactIntegral()) {
                throw fail(line, "label field '" + labelField + "': " + value + " not an integer");
            }
            return value.asInt();
        }

        private DataException fail(int line, String what) {
            return new DataException(source.name() + ": line " + line + " " + what);
        }

        Dataset dataset() {
            if (names == null) {
                throw new DataException(source.name() + ": no records in the file");
            }
            int[] labelArray =
                    labelField == null ? null : labels.stream().mapToInt(i -> i).toArray();
            return new Dataset(
                    source.name(), names, rows.toArray(new float[0][]), labelArray, image);
        }
    }
}
