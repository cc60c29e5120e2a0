package io.latentwatch.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {

    @TempDir Path dir;

    @Test
    void shouldReadTheBundledMnistImagesWithLabels() {
        Dataset digits =
                IdxReader.read(
                        "mnist",
                        Source.resource("datasets/mnist/t10k-images-idx3-ubyte.gz"),
                        Source.resource("datasets/mnist/t10k-labels-idx1-ubyte.gz"));

        assertThat(digits.size()).isEqualTo(3000);
        assertThat(digits.featureCount()).isEqualTo(784);
        assertThat(digits.imageShape()).contains(new ImageShape(28, 28));
        // The first MNIST test image is a 7.
        assertThat(digits.label(0)).isEqualTo(7);
        float max = 0;
        for (float v : digits.row(0)) {
            max = Math.max(max, v);
        }
        assertThat(max).isBetween(200f, 255f);
    }

    @Test
    void shouldReadTheBundledShuttleCsvWithoutItsLabelColumn() {
        Dataset shuttle =
                CsvReader.read(Source.resource("datasets/shuttle/shuttle.csv.gz"), "label");

        assertThat(shuttle.size()).isEqualTo(49097);
        assertThat(shuttle.featureNames())
                .containsExactly("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8");
        long anomalies =
                java.util.stream.IntStream.range(0, shuttle.size())
                        .filter(i -> shuttle.label(i) == 1)
                        .count();
        assertThat(anomalies).isEqualTo(3511);
    }

    @Test
    void shouldNameLineAndColumnOfAValueThatIsNotANumber() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b,label\n1,2,0\n3,x,1\n");

        assertThatThrownBy(() -> CsvReader.read(Source.of(csv), "label"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("column 'b'")
                .hasMessageContaining("'x' is not a number");
    }

    @Test
    void shouldRefuseNonFiniteValuesAndEmptyOrMissingFiles() throws IOException {
        Path nan = dir.resolve("nan.csv");
        Files.writeString(nan, "a,b\n1,2\nNaN,3\n");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");

        assertThatThrownBy(() -> CsvReader.read(Source.of(nan), null))
                .hasMessageContaining("line 3, column 'a': 'NaN' is not a finite number");
        assertThatThrownBy(() -> CsvReader.read(Source.of(empty), null))
                .hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> CsvReader.read(Source.of(dir.resolve("absent.csv")), null))
                .hasMessageContaining("absent.csv does not exist");
    }

    @Test
    void shouldRefuseAMissingLabelColumnByName() throws IOException {
        Path csv = dir.resolve("nolabel.csv");
        Files.writeString(csv, "a,b\n1,2\n");

        assertThatThrownBy(() -> CsvReader.read(Source.of(csv), "label"))
                .hasMessageContaining("no label column 'label'");
    }

    @Test
    void shouldRefuseAFileThatIsNotIdx() throws IOException {
        Path file = dir.resolve("images.idx");
        Files.write(file, new byte[] {1, 2, 3, 4, 0, 0, 0, 1});

        assertThatThrownBy(() -> IdxReader.read("x", Source.of(file), null))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("not an IDX file");
    }

    @Test
    void shouldReadJsonLinesOfSensorRecordsAndOfFlatObjectsAlike() throws IOException {
        Path records = dir.resolve("records.jsonl");
        Files.writeString(
                records,
                "{\"id\": \"a\", \"features\": {\"x\": 1, \"y\": 2.5}, \"label\": 0}\n"
                        + "\n"
                        + "{\"id\": \"b\", \"features\": {\"y\": 4, \"x\": 3}, \"label\": 1}\n");
        Path flat = dir.resolve("flat.jsonl");
        Files.writeString(
                flat, "{\"x\": 1, \"y\": 2.5, \"label\": 0}\n{\"x\": 3, \"y\": 4, \"label\": 1}\n");

        Dataset fromRecords = JsonLinesReader.read(Source.of(records), "label");
        Dataset fromFlat = JsonLinesReader.read(Source.of(flat), "label");

        for (Dataset data : new Dataset[] {fromRecords, fromFlat}) {
            assertThat(data.featureNames()).containsExactly("x", "y");
            assertThat(data.row(0)).containsExactly(1f, 2.5f);
            assertThat(data.row(1)).containsExactly(3f, 4f);
            assertThat(data.label(1)).isEqualTo(1);
        }
    }

    @Test
    void shouldReadJsonLinesOfImageRecords() throws IOException {
        Path images = dir.resolve("images.jsonl");
        Files.writeString(
                images,
                "{\"id\": \"i\", \"width\": 2, \"height\": 1, \"pixels\": [0, 255]}\n"
                        + "{\"id\": \"j\", \"width\": 2, \"height\": 1, \"pixels\": \"gP8=\"}\n");

        Dataset data = JsonLinesReader.read(Source.of(images), null);

        assertThat(data.imageShape()).contains(new ImageShape(2, 1));
        assertThat(data.row(0)).containsExactly(0f, 255f);
        assertThat(data.row(1)).as("base64 pixels").containsExactly(128f, 255f);
    }

    @Test
    void shouldNameLineAndFieldOfAJsonLineThatDoesNotFit() throws IOException {
        Path jsonl = dir.resolve("bad.jsonl");
        Files.writeString(jsonl, "{\"x\": 1, \"y\": 2}\n{\"x\": 1, \"y\": \"two\"}\n");

        assertThatThrownBy(() -> JsonLinesReader.read(Source.of(jsonl), null))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("field 'y'")
                .hasMessageContaining("not a finite number");
    }
}
