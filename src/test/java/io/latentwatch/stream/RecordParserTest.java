package io.latentwatch.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentwatch.data.Dataset;
import io.latentwatch.data.ImageShape;
import io.latentwatch.model.Manifest;
import io.latentwatch.model.MinMaxScaler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class RecordParserTest {

    static Manifest sensorManifest() {
        return manifest(List.of("temp", "pressure", "flow"), null);
    }

    static Manifest manifest(List<String> features, ImageShape shape) {
        float[] zeros = new float[features.size()];
        float[] ones = new float[features.size()];
        java.util.Arrays.fill(ones, 1f);
        return new Manifest(
                Manifest.FORMAT_VERSION,
                "test-1",
                "2026-01-01T00:00:00Z",
                "test",
                "0".repeat(64),
                features,
                shape,
                new MinMaxScaler(zeros, ones),
                "mse",
                1.0,
                "fixed",
                Map.of(),
                Map.of());
    }

    private final RecordParser sensors = new RecordParser(sensorManifest(), 1000);

    @Test
    void shouldMapFeaturesByNameIntoModelOrder() {
        ParsedRecord record =
                sensors.parse(
                        bytes(
                                "{\"id\":\"e1\",\"source\":\"pump-7\",\"timestamp\":1700000000000,"
                                        + "\"features\":{\"flow\":3,\"temp\":1.5,"
                                        + "\"pressure\":2,\"extra\":9}}"));

        assertThat(record.id()).isEqualTo("e1");
        assertThat(record.source()).isEqualTo("pump-7");
        assertThat(record.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(record.features()).containsExactly(1.5f, 2f, 3f);
    }

    @Test
    void shouldGiveAReasonForEveryKindOfBadSensorRecord() {
        assertReason(sensors, null, Reason.EMPTY_PAYLOAD);
        assertReason(sensors, new byte[0], Reason.EMPTY_PAYLOAD);
        assertReason(sensors, new byte[1001], Reason.OVERSIZED);
        assertReason(sensors, new byte[] {'{', (byte) 0xc3, '}'}, Reason.INVALID_UTF8);
        assertReason(sensors, bytes("{\"id\": \"x\", "), Reason.INVALID_JSON)
                .hasMessage(
                        "record value is not valid JSON: Unexpected end-of-input within/between"
                                + " Object entries");
        assertReason(sensors, bytes("{\"id\": \"x\", \"features\": {"), Reason.INVALID_JSON)
                .hasMessageNotContaining("REDACTED")
                .hasMessageEndingWith("(start marker at [line: 1, column: 25])");
        assertReason(
                        sensors,
                        bytes(
                                "{\"id\":\"x\",\"features\":{\"temp\":1e39,\"pressure\":1,\"flow\":2}}"),
                        Reason.NON_FINITE_VALUE)
                .hasMessageContaining("beyond the range of a 32-bit float");
        assertReason(sensors, bytes("{\"id\": \"x\"} trailing"), Reason.INVALID_JSON);
        assertReason(sensors, bytes("[1, 2]"), Reason.NOT_AN_OBJECT);
        assertReason(sensors, bytes("{\"features\": {}}"), Reason.MISSING_FIELD)
                .hasMessageContaining("'id'");
        assertReason(sensors, bytes("{\"id\": 7, \"features\": {}}"), Reason.WRONG_TYPE);
        assertReason(sensors, bytes("{\"id\": \"x\"}"), Reason.MISSING_FIELD)
                .hasMessageContaining("'features'");
        assertReason(
                        sensors,
                        bytes("{\"id\":\"x\",\"features\":{\"temp\":1,\"flow\":2}}"),
                        Reason.MISSING_FEATURE)
                .hasMessageContaining("'pressure'");
        assertReason(
                        sensors,
                        bytes(
                                "{\"id\":\"x\",\"features\":"
                                        + "{\"temp\":\"hot\",\"pressure\":1,\"flow\":2}}"),
                        Reason.WRONG_TYPE)
                .hasMessageContaining("'temp'");
        assertReason(
                sensors,
                bytes("{\"id\":\"x\",\"features\":{\"temp\":NaN,\"pressure\":1,\"flow\":2}}"),
                Reason.NON_FINITE_VALUE);
        assertReason(
                sensors,
                bytes("{\"id\":\"x\",\"features\":{\"temp\":1e400,\"pressure\":1,\"flow\":2}}"),
                Reason.NON_FINITE_VALUE);
        assertReason(
                sensors,
                bytes("{\"id\":\"x\",\"timestamp\":\"today\",\"features\":{}}"),
                Reason.WRONG_TYPE);
    }

    @Test
    void shouldReadImagesAndRefuseTheWrongSize() {
        ImageShape shape = new ImageShape(2, 2);
        RecordParser images = new RecordParser(manifest(Dataset.pixelNames(shape), shape), 1000);

        ParsedRecord ok =
                images.parse(
                        bytes("{\"id\":\"i\",\"width\":2,\"height\":2,\"pixels\":[0,10,200,255]}"));

        assertThat(ok.features()).containsExactly(0f, 10f, 200f, 255f);
        assertReason(
                        images,
                        bytes("{\"id\":\"i\",\"width\":3,\"height\":2,\"pixels\":[]}"),
                        Reason.WRONG_IMAGE_SIZE)
                .hasMessageContaining("3x2");
        assertReason(
                images,
                bytes("{\"id\":\"i\",\"width\":2,\"height\":2,\"pixels\":[1,2]}"),
                Reason.WRONG_IMAGE_SIZE);
        assertReason(
                images, bytes("{\"id\":\"i\",\"width\":2,\"height\":2}"), Reason.MISSING_FIELD);
    }

    @Test
    void shouldReadBase64PixelsAsUnsignedBytes() {
        ImageShape shape = new ImageShape(2, 2);
        RecordParser images = new RecordParser(manifest(Dataset.pixelNames(shape), shape), 1000);

        ParsedRecord ok =
                images.parse(
                        bytes("{\"id\":\"i\",\"width\":2,\"height\":2,\"pixels\":\"AArI/w==\"}"));

        assertThat(ok.features()).containsExactly(0f, 10f, 200f, 255f);
        assertReason(
                        images,
                        bytes("{\"id\":\"i\",\"width\":2,\"height\":2,\"pixels\":\"AArI\"}"),
                        Reason.WRONG_IMAGE_SIZE)
                .hasMessageContaining("3 base64 pixel bytes");
        assertReason(
                        images,
                        bytes("{\"id\":\"i\",\"width\":2,\"height\":2,\"pixels\":\"@@@@\"}"),
                        Reason.WRONG_TYPE)
                .hasMessageContaining("base64");
    }

    @Test
    void shouldRejectUnknownFeaturesAndDuplicatedKeysWhenAsked() {
        RecordParser strict = new RecordParser(sensorManifest(), 1000, true);
        String extra =
                "{\"id\":\"x\",\"features\":{\"temp\":1,\"pressure\":1,\"flow\":1,\"rpm\":2}}";

        assertThat(sensors.parse(bytes(extra)).features()).containsExactly(1f, 1f, 1f);
        assertReason(strict, bytes(extra), Reason.UNKNOWN_FEATURE).hasMessageContaining("'rpm'");
        assertReason(
                        sensors,
                        bytes("{\"id\":\"x\",\"id\":\"y\",\"features\":{}}"),
                        Reason.INVALID_JSON)
                .hasMessageContaining("Duplicate field 'id'");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertReason(
            RecordParser parser, byte[] value, Reason reason) {
        return assertThatThrownBy(() -> parser.parse(value))
                .isInstanceOfSatisfying(
                        InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
