package io.latentwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shuttle demo, shortened, as a user runs it: its last line of output is the JSON summary. */
class DemoCommandIT {

    @TempDir Path cache;

    @Test
    void shouldFindTheShuttleAnomaliesAndDeadLetterTheMalformedRecords() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit =
                    Main.run(
                            "demo",
                            "--dataset",
                            "shuttle",
                            "--duration",
                            "10s",
                            "--rate",
                            "400",
                            "--metrics-port",
                            "0",
                            "--cache-dir",
                            cache.toString());
        } finally {
            System.setOut(stdout);
        }

        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode summary = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(exit).isZero();
        assertThat(summary.get("records").asLong())
                .isGreaterThan(2000)
                .isEqualTo(summary.get("scored").asLong() + summary.get("deadLettered").asLong());
        assertThat(summary.get("deadLettered").asLong())
                .isPositive()
                .isEqualTo(summary.get("malformedReplayed").asLong());
        assertThat(summary.get("precision").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(summary.get("recall").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(summary.get("modelVersion").asText()).startsWith("shuttle-");
        assertThat(summary.get("modelTrained").asBoolean()).isTrue();
    }
}
