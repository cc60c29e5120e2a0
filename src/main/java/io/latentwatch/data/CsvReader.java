package io.latentwatch.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file with a header row into a dataset: every column is a numeric feature except the
 * optional label column, which must hold integers. Files ending in {@code .gz} are decompressed.
 */
public final class CsvReader {

    private CsvReader() {}

    /**
     * Reads {@code source}.
     *
     * @param labelColumn the name of the label column, or {@code null} when there is none
     * @throws DataException naming the row and column of the first value that is not a number
     */
    public static Dataset read(Source source, String labelColumn) {
        CSVFormat format =
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .setTrim(true)
                        .get();
        try (Reader reader = open(source);
                CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new DataException(source.name() + ": the file is empty, no header row");
            }
            int labelIndex = labelIndex(source, header, labelColumn);
            List<String> features = new ArrayList<>(header);
            if (labelIndex >= 0) {
                features.remove(labelIndex);
            }
            List<float[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (CSVRecord record : parser) {
                rows.add(parseRow(source, record, header, labelIndex));
                if (labelIndex >= 0) {
                    labels.add(parseLabel(source, record, header.get(labelIndex), labelIndex));
                }
            }
            int[] labelArray = labelIndex < 0 ? null : labels.stream().mapToInt(i -> i).toArray();
            return new Dataset(
                    source.name(), features, rows.toArray(new float[0][]), labelArray, null);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(source.name() + " does not exist");
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new DataException(source.name() + ": cannot read CSV: " + e.getMessage(), e);
        }
    }

    private static int labelIndex(Source source, List<String> header, String labelColumn) {
        if (labelColumn == null) {
            return -1;
        }
        int index = header.indexOf(labelColumn);
        if (index < 0) {
            throw new DataException(
                    source.name() + ": no label column '" + labelColumn + "' in header " + header);
        }
        return index;
    }

    private static float[] parseRow(
            Source source, CSVRecord record, List<String> header, int labelIndex) {
        if (record.size() != header.size()) {
            throw new DataException(
                    String.format(
                            "%s: line %d has %d values, the header has %d",
                            source.name(),
                            record.getRecordNumber() + 1,
                            record.size(),
                            header.size()));
        }
        float[] row = new float[labelIndex < 0 ? header.size() : header.size() - 1];
        int out = 0;
        for (int c = 0; c < header.size(); c++) {
            if (c != labelIndex) {
                row[out++] = parseNumber(source, record, header.get(c), c);
            }
        }
        return row;
    }

    private static float parseNumber(Source source, CSVRecord record, String column, int c) {
        String text = record.get(c);
        try {
            float value = Float.parseFloat(text);
            if (!Float.isFinite(value)) {
                throw new DataException(
                        String.format(
                                "%s: line %d, column '%s': '%s' is not a finite number",
                                source.name(), record.getRecordNumber() + 1, column, text));
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DataException(
                    String.format(
                            "%s: line %d, column '%s': '%s' is not a number",
                            source.name(), record.getRecordNumber() + 1, column, text));
        }
    }

    private static int parseLabel(Source source, CSVRecord record, String column, int c) {
        String text = record.get(c);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new DataException(
                    String.format(
                            "%s: line %d, label column '%s': '%s' is not an integer",
                            source.name(), record.getRecordNumber() + 1, column, text));
        }
    }

    private static Reader open(Source source) throws IOException {
        InputStream in = source.open();
        if (source.name().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
