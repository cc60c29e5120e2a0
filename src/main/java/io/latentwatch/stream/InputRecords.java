package io.latentwatch.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentwatch.data.ImageShape;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the records the detector reads, as {@code schemas/sensor-record.schema.json} and {@code
 * image-record.schema.json} describe them: what the producer, the demo and the tests send.
 */
public final class InputRecords {

    private InputRecords() {}

    /** A sensor record: {@code values} named by {@code featureNames}, in that order. */
    public static byte[] sensor(
            String id, String source, long timestamp, List<String> featureNames, float[] values) {
        ObjectNode node = header(id, source, timestamp);
        ObjectNode features = node.putObject("features");
        for (int i = 0; i < values.length; i++) {
            features.put(featureNames.get(i), values[i]);
        }
        return bytes(node);
    }

    /** An image record of 8-bit pixels, row-major, written as whole numbers. */
    public static byte[] image(
            String id, String source, long timestamp, ImageShape shape, float[] pixels) {
        ObjectNode node = header(id, source, timestamp);
        node.put("width", shape.width());
        node.put("height", shape.height());
        ArrayNode array = node.putArray("pixels");
        for (float v : pixels) {
            array.add((int) v);
        }
        return bytes(node);
    }

    private static ObjectNode header(String id, String source, long timestamp) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("id", id)
                .put("source", source)
                .put("timestamp", timestamp);
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
