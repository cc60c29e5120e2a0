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
 * explanation's top features or image cells when the alert has them. Fields an alert lacks are left
 * out; fields it has that are not known here are ignored.
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
                lines.add("    top features: " + features(top));
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

    private static String features(JsonNode top) {
        List<String> parts = new ArrayList<>();
        for (JsonNode feature : top) {
            parts.add(
                    String.format(
                            Locale.ROOT,
                            "%s=%s (reconstructed %s, squared error %s)",
                            feature.path("feature").asText("?"),
                            number(feature.path("value").asDouble()),
                            number(feature.path("reconstructed").asDouble()),
                            number(feature.path("squaredError").asDouble())));
        }
        return String.join(", ", parts);
    }

    /**
     * The top cells as a list and as a small map: one character per cell, the cell's rank (1 has
     * the largest error) for the top ones and a dot for the others. The map covers the rows and
     * columns up to the furthest top cell, as the alert does not carry the image size.
     */
    private static List<String> cells(JsonNode explanation, JsonNode top) {
        int size = explanation.path("cellSize").asInt(0);
        List<String> parts = new ArrayList<>();
        int rows = 0;
        int cols = 0;
        for (JsonNode cell : top) {
            rows = Math.max(rows, cell.path("row").asInt() + 1);
            cols = Math.max(cols, cell.path("col").asInt() + 1);
            parts.add(
                    String.format(
                            Locale.ROOT,
                            "(%d,%d) squared error %s",
                            cell.path("row").asInt(),
                            cell.path("col").asInt(),
                            number(cell.path("squaredError").asDouble())));
        }
        List<String> lines = new ArrayList<>();
        String unit = size > 0 ? " of " + size + "x" + size + " pixels" : "";
        lines.add("    top cells" + unit + " (row,col): " + String.join(", ", parts));
        char[][] map = new char[Math.min(rows, 64)][Math.min(cols, 64)];
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
