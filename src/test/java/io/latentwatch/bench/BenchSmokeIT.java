package io.latentwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentwatch.Folders;
import io.latentwatch.testing.TestModels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny configuration of {@code bench/throughput}, so that the harness cannot rot: a few thousand
 * sensor records through all three variants in child JVMs, a short latency run, and each JMH
 * benchmark method called once.
 */
class BenchSmokeIT {

    @TempDir Path dir;

    @Test
    void shouldPrintTheTableForATinyRun() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/tabular"));
        try (InputStream in = getClass().getResourceAsStream("/datasets/shuttle/shuttle.csv.gz")) {
            Files.copy(in, data.resolve("shuttle.csv.gz"));
        }
        Path work = Files.createDirectories(dir.resolve("work"));
        ThroughputBench.Settings settings =
                new ThroughputBench.Settings(dir.resolve("data"), 3000, 0, 2, false, 2, 1);

        String table = new ThroughputBench(settings, work).run();
        System.out.println(table);

        assertThat(table)
                .startsWith("| measurement | sensor (Shuttle, 9 features) |")
                .contains("| records | 3000 |")
                .contains("| detector / naive |")
                .contains("latency ms p50 / p99 / max (outputs measured): detector")
                .contains("engine vs DL4J max relative error difference")
                .doesNotContain("NaN");
        Folders.deleteQuietly(work);
    }

    @Test
    void shouldRunEveryScoringBenchmarkOnce() {
        ScoringBenchmark benchmark = new ScoringBenchmark();
        benchmark.bundle = TestModels.shuttleBundle().toString();

        benchmark.setUp();

        assertThat(benchmark.engineRow().error()).isPositive().isFinite();
        assertThat(benchmark.dl4jRow().error()).isPositive().isFinite();
        assertThat(benchmark.dl4jBatch()).hasSize(ScoringBenchmark.BATCH);
        benchmark.tearDown();
    }
}
