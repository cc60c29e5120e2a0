package io.latentwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Renders one alert, as {@code schemas/alert.schema.json} describes it, as a few lines of text for
 * people: a headline with time, source, severity and error against threshold, then the
 * explanation's top features or image cells when the alert has them: each with its value, the
 * network's reconstruction of it, and its share of the record's error. Fields an alert lacks are
 * left out; fields it has that are not known here are ignored.
 */
final class AlertText {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private AlertText() {}

    /** The text of {@code alert}, lines separated by {@code \n}, without a final newline. */
    static String render(JsonNode alert) {
        List<String> lines = new ArrayList<>();
        lines.add(headline(alert));
        int suppressed = alert.path("suppressed").asInt(0);
        if (suppressed > 0) {
            lines.add(
                    "    " + suppressed + " more alerts of this source were suppressed before it");
        }
        JsonNode explanation = alert.path("explanation");
        JsonNode top = explanation.path("top");
        if (top.isArray() && !top.isEmpty()) {
            if ("cells".equals(explanation.path("kind").asText())) {
                lines.addAll(cells(explanation, top));
            } else {
                lines.add("    top features:");
                for (JsonNode feature : top) {
                    lines.add(part(feature.path("feature").asText("?"), feature));
                }
            }
        }
        return String.join("\n", lines);
    }

    private static String headline(JsonNode alert) {
        String time =
                alert.has("timestamp")
                        ? TIME.format(Instant.ofEpochMilli(alert.get("timestamp").asLong()))
                        : "-";
        return String.format(
                Locale.ROOT,
                "%s  %-12s %-6s error %s > threshold %s (x%.2f)  id=%s %s[%d]@%d model=%s",
                time,
                alert.path("source").asText("-"),
                alert.path("severity").asText("-").toUpperCase(Locale.ROOT),
                number(alert.path("error").asDouble()),
                number(alert.path("threshold").asDouble()),
                alert.path("ratio").asDouble(),
                alert.path("eventId").asText("-"),
                alert.path("topic").asText("-"),
                alert.path("partition").asInt(),
                alert.path("offset").asLong(),
                alert.path("modelVersion").asText("-"));
    }

    /**
     * One line for a feature or cell: its name, value, the network's reconstruction of it, and its
     * share of the record's error (or its squared error, for alerts without shares).
     */
    private static String part(String name, JsonNode part) {
        String share =
                part.has("share")
                        ? String.format(
                                Locale.ROOT,
                                "%3.0f%% of the error",
                                100 * part.get("share").asDouble())
                        : "squared error " + number(part.path("squaredError").asDouble());
        return String.format(
                Locale.ROOT,
                "      %-10s %10s -> %-10s %s",
                name,
                number(part.path("value").asDouble()),
                number(part.path("reconstructed").asDouble()),
                share);
    }

    /**
     * The top cells as a list and as a small map: one character per cell, the cell's rank (1 has
     * the largest error) for the top ones and a dot for the others. The alert does not carry the
     * image size, so the map is drawn square, as far as the furthest top cell reaches.
     */
    private static List<String> cells(JsonNode explanation, JsonNode top) {
        int size = explanation.path("cellSize").asInt(0);
        String unit = size > 0 ? " of " + size + "x" + size + " pixels" : "";
        List<String> lines = new ArrayList<>();
        lines.add("    top cells" + unit + " (row,col), mean pixel values:");
        int rows = 0;
        int cols = 0;
        for (JsonNode cell : top) {
            int row = cell.path("row").asInt();
            int col = cell.path("col").asInt();
            rows = Math.max(rows, row + 1);
            cols = Math.max(cols, col + 1);
            lines.add(part("(" + row + "," + col + ")", cell));
        }
        int side = Math.min(Math.max(rows, cols), 64);
        char[][] map = new char[side][side];
        for (char[] row : map) {
            Arrays.fill(row, '.');
        }
        int rank = 1;
        for (JsonNode cell : top) {
            int r = cell.path("row").asInt();
            int c = cell.path("col").asInt();
            if (r >= 0 && r < map.length && c >= 0 && c < map[r].length && map[r][c] == '.') {
                map[r][c] = rank < 10 ? (char) ('0' + rank) : '+';
            }
            rank++;
        }
        for (char[] row : map) {
            lines.add("      " + new String(row).replace("", " ").strip());
        }
        return lines;
    }

    /** Four significant digits, plain or scientific as the value needs. */
    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
