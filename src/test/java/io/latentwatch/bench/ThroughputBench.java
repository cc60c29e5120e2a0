package io.latentwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentwatch.Folders;
import io.latentwatch.data.CsvReader;
import io.latentwatch.data.Dataset;
import io.latentwatch.data.IdxReader;
import io.latentwatch.data.ImageShape;
import io.latentwatch.data.Source;
import io.latentwatch.demo.DemoDataset;
import io.latentwatch.embedded.EmbeddedKafka;
import io.latentwatch.model.BundleFile;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.scoring.Dl4jScorer;
import io.latentwatch.scoring.Scorer;
import io.latentwatch.scoring.Scorers;
import io.latentwatch.stream.InputRecords;
import io.latentwatch.training.EpochListener;
import io.latentwatch.training.Trainer;
import io.latentwatch.training.TrainingResult;
import io.latentwatch.training.TrainingSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The performance harness behind {@code bench/throughput}: one embedded broker, input pre-loaded,
 * each stream application in a child JVM of its own, then latency at half the detector's capacity,
 * the scoring micro-benchmark (JMH) and the training speed; prints one Markdown table.
 */
public final class ThroughputBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VARIANTS =
            List.of(BenchChild.PASSTHROUGH, BenchChild.DETECTOR, BenchChild.NAIVE);
    private static final int FIRST_PORT = 9480;

    /** Multiply-adds of one forward pass of a network with these layer sizes. */
    static long multiplyAdds(List<Integer> sizes) {
        long total = 0;
        for (int i = 0; i + 1 < sizes.size(); i++) {
            total += (long) sizes.get(i) * sizes.get(i + 1);
        }
        return total;
    }

    private final Settings settings;
    private final Path work;
    private final Map<String, Map<String, String>> table = new LinkedHashMap<>();
    private int nextPort = FIRST_PORT;

    ThroughputBench(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
    }

    /**
     * What to run.
     *
     * @param data the shared data folder (mnist/, tabular/)
     * @param sensorRecords shuttle records to pre-load
     * @param imageRecords MNIST records to pre-load; 0 skips the image rows
     * @param latencySeconds how long each latency run produces
     * @param jmh whether to run the JMH micro-benchmark
     * @param shuttleEpochs epochs of the shuttle model (the demo's settings otherwise)
     * @param rounds how often each throughput variant runs; the best run counts
     */
    record Settings(
            Path data,
            int sensorRecords,
            int imageRecords,
            int latencySeconds,
            boolean jmh,
            int shuttleEpochs,
            int rounds) {

        static Settings full(Path data) {
            return new Settings(data, 200_000, 50_000, 20, true, 20, 2);
        }
    }

    /** {@code ThroughputBench [DATA_DIR]}. */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        Path work = Files.createTempDirectory("latentwatch-bench-");
        try {
            String table = new ThroughputBench(Settings.full(data), work).run();
            System.out.println();
            System.out.println(table);
        } finally {
            Folders.deleteQuietly(work);
        }
        System.exit(0);
    }

    /** Runs everything and returns the table. */
    String run() throws Exception {
        List<Kind> kinds = new ArrayList<>();
        kinds.add(sensorKind());
        if (settings.imageRecords() > 0) {
            kinds.add(imageKind());
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            for (Kind kind : kinds) {
                streamRuns(kafka, kind);
            }
        }
        for (Kind kind : kinds) {
            accuracy(kind);
        }
        if (settings.jmh()) {
            for (Kind kind : kinds) {
                jmh(kind);
            }
        }
        return render(kinds);
    }

    /** A data set, its bundle and its records as JSON. */
    private record Kind(String name, Path bundle, List<byte[]> records, Dataset rows) {}

    private Kind sensorKind() {
        DemoDataset demo = DemoDataset.load("shuttle");
        TrainingSettings training =
                demo.settings().toBuilder().epochs(settings.shuttleEpochs()).build();
        Path bundle = train("sensor", demo, training);
        Dataset rows =
                CsvReader.read(
                        Source.of(settings.data().resolve("tabular/shuttle.csv.gz")), "label");
        List<byte[]> records = new ArrayList<>(settings.sensorRecords());
        for (int i = 0; i < settings.sensorRecords(); i++) {
            records.add(sensorRecord(i, rows, rows.row(i % rows.size())));
        }
        return new Kind("sensor", bundle, records, rows);
    }

    private Kind imageKind() {
        Dataset rows =
                IdxReader.read(
                        "mnist-train",
                        Source.of(settings.data().resolve("mnist/train-images-idx3-ubyte.gz")),
                        Source.of(settings.data().resolve("mnist/train-labels-idx1-ubyte.gz")));
        Path bundle =
                train("image", DemoDataset.load("mnist"), DemoDataset.load("mnist").settings());
        Dataset fashion =
                IdxReader.read(
                        "fashion-mnist-train",
                        Source.of(
                                settings.data()
                                        .resolve("fashion-mnist/train-images-idx3-ubyte.gz")),
                        Source.of(
                                settings.data()
                                        .resolve("fashion-mnist/train-labels-idx1-ubyte.gz")));
        List<byte[]> records = new ArrayList<>(settings.imageRecords());
        for (int i = 0; i < settings.imageRecords(); i++) {
            // One record in 20 is a Fashion-MNIST image, the anomaly share of the demo.
            float[] pixels =
                    i % 20 == 19 ? fashion.row(i % fashion.size()) : rows.row(i % rows.size());
            records.add(imageRecord(i, pixels));
        }
        return new Kind("image", bundle, records, rows);
    }

    /** Trains the demo's model and notes rows/s per epoch and the achieved GFLOP/s. */
    private Path train(String kind, DemoDataset demo, TrainingSettings training) {
        progress("training the %s model", kind);
        List<Double> epochSeconds = new ArrayList<>();
        EpochListener listener =
                (epoch, epochs, loss, validationError, seconds) -> epochSeconds.add(seconds);
        TrainingResult result =
                new Trainer(training, listener)
                        .train(demo.name(), demo.training(), demo.validation(), null);
        double[] sorted = epochSeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted[sorted.length / 2];
        double rowsPerSecond = demo.training().size() / median;
        List<Integer> sizes = new ArrayList<>();
        sizes.add(demo.training().featureCount());
        sizes.addAll(training.encoder());
        for (int i = training.encoder().size() - 2; i >= 0; i--) {
            sizes.add(training.encoder().get(i));
        }
        sizes.add(demo.training().featureCount());
        double gflops = rowsPerSecond * multiplyAdds(sizes) * 2 * 3 / 1e9;
        put(
                "training: network, rows, epochs",
                kind,
                String.format(
                        Locale.ROOT,
                        "%s, %d, %d",
                        sizes.toString().replace(", ", "-"),
                        demo.training().size(),
                        epochSeconds.size()));
        put("training: rows/s per epoch (median)", kind, fmt(rowsPerSecond));
        put(
                "training: GFLOP/s (3 x forward multiply-adds x 2)",
                kind,
                String.format(Locale.ROOT, "%.2f", gflops));
        Path path = work.resolve(kind + ".lwm");
        BundleFile.write(result.bundle(), path);
        return path;
    }

    private void streamRuns(EmbeddedKafka kafka, Kind kind) throws Exception {
        String input = "bench-" + kind.name();
        kafka.createTopics(1, input);
        preload(kafka.bootstrapServers(), input, kind.records());
        // The machine is shared: each variant runs in every round, rounds interleaved, and the
        // best rate of each counts (RSS: the highest).
        Map<String, double[]> results = new LinkedHashMap<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            for (String variant : VARIANTS) {
                String app = "bench-" + kind.name() + "-" + variant + "-" + round;
                kafka.createTopics(1, app + "-out", app + "-alerts", app + "-dead-letters");
                progress(
                        "throughput %s %s round %d, %d records",
                        kind.name(), variant, round, kind.records().size());
                JsonNode r =
                        child("throughput", variant, kafka, input, app + "-out", kind, app, null)
                                .get("RESULT");
                double[] best = results.getOrDefault(variant, new double[] {0, 0});
                results.put(
                        variant,
                        new double[] {
                            Math.max(best[0], r.get("recordsPerSecond").asDouble()),
                            Math.max(best[1], r.get("peakRssMb").asDouble())
                        });
            }
        }
        double pass = results.get(BenchChild.PASSTHROUGH)[0];
        double detector = results.get(BenchChild.DETECTOR)[0];
        double naive = results.get(BenchChild.NAIVE)[0];
        put("records", kind.name(), String.valueOf(kind.records().size()));
        put("passthrough records/s", kind.name(), fmt(pass));
        put(
                "detector records/s (x passthrough)",
                kind.name(),
                fmt(detector) + " (" + ratio(detector / pass) + ")");
        put(
                "naive DL4J records/s (x passthrough)",
                kind.name(),
                fmt(naive) + " (" + ratio(naive / pass) + ")");
        put("detector / naive", kind.name(), ratio(detector / naive));
        put(
                "peak RSS MB: passthrough / detector / naive",
                kind.name(),
                String.format(
                        Locale.ROOT,
                        "%.0f / %.0f / %.0f",
                        results.get(BenchChild.PASSTHROUGH)[1],
                        results.get(BenchChild.DETECTOR)[1],
                        results.get(BenchChild.NAIVE)[1]));
        double rate = Math.max(100, Math.floor(detector / 2 / 100) * 100);
        put(
                "latency run: produce rate records/s, seconds",
                kind.name(),
                fmt(rate) + ", " + settings.latencySeconds());
        for (String variant :
                List.of(BenchChild.PASSTHROUGH, BenchChild.DETECTOR, BenchChild.DETECTOR_LINGER)) {
            String app = "latency-" + kind.name() + "-" + variant;
            kafka.createTopics(
                    1, app + "-in", app + "-out", app + "-alerts", app + "-dead-letters");
            progress("latency %s %s at %.0f records/s", kind.name(), variant, rate);
            double[] latency = latency(kafka, kind, variant, app, rate);
            put(
                    "latency ms p50 / p99 / max (outputs measured): " + variant,
                    kind.name(),
                    String.format(
                            Locale.ROOT,
                            "%.0f / %.0f / %.0f (%.0f)",
                            latency[0],
                            latency[1],
                            latency[2],
                            latency[3]));
        }
    }

    private void preload(String bootstrap, String topic, List<byte[]> records) {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 20)) {
            for (int i = 0; i < records.size(); i++) {
                byte[] key = ("source-" + (i % 8)).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, records.get(i)));
            }
            producer.flush();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap, int lingerMs) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.LINGER_MS_CONFIG,
                        lingerMs,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262_144,
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /**
     * Produces at {@code rate} for the configured seconds while the child runs, and measures the
     * time from each record's timestamp (set when it was sent) to its output being read back: every
     * record for the passthrough, every alert for the detector (as shipped, it writes nothing for a
     * normal record). Outputs of the first quarter of the run are the warm-up and are left out.
     */
    private double[] latency(
            EmbeddedKafka kafka, Kind kind, String variant, String app, double rate)
            throws Exception {
        Process process =
                spawn(
                        "latency",
                        variant,
                        kafka,
                        app + "-in",
                        app + "-out",
                        kind,
                        app,
                        kind.records().size());
        awaitLine(process, work.resolve(app + ".log"), "READY");
        String output = variant.equals(BenchChild.PASSTHROUGH) ? app + "-out" : app + "-alerts";
        int total = (int) (rate * settings.latencySeconds());
        List<Long> latencies = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka.bootstrapServers());
                KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers(), 1)) {
            TopicPartition out = new TopicPartition(output, 0);
            consumer.assign(List.of(out));
            consumer.seekToBeginning(List.of(out));
            consumer.poll(Duration.ofMillis(100));
            long started = System.nanoTime();
            long warmUpEnd = System.currentTimeMillis() + settings.latencySeconds() * 250L;
            int sent = 0;
            int received = 0;
            long quietSince = Long.MAX_VALUE;
            while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(3)) {
                long due = (long) ((System.nanoTime() - started) / 1e9 * rate);
                while (sent < Math.min(due, total)) {
                    producer.send(
                            new ProducerRecord<>(
                                    app + "-in",
                                    null,
                                    kind.records().get(sent % kind.records().size())));
                    sent++;
                }
                if (sent == total && quietSince == Long.MAX_VALUE) {
                    producer.flush();
                    quietSince = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(1))) {
                    received++;
                    if (sent == total) {
                        quietSince = System.nanoTime();
                    }
                    if (record.timestamp() >= warmUpEnd) {
                        latencies.add(System.currentTimeMillis() - record.timestamp());
                    }
                }
            }
            boolean complete =
                    variant.equals(BenchChild.PASSTHROUGH) ? received == total : received > 0;
            if (!complete || latencies.isEmpty()) {
                throw new IllegalStateException(
                        String.format(
                                "Latency run %s read %d outputs for %d records",
                                app, received, total));
            }
        } finally {
            process.getOutputStream().close();
            process.waitFor(60, TimeUnit.SECONDS);
            process.destroy();
        }
        long[] measured = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {
            measured[measured.length / 2],
            measured[(int) Math.min(measured.length - 1, Math.ceil(measured.length * 0.99) - 1)],
            measured[measured.length - 1],
            measured.length
        };
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        5,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private Map<String, JsonNode> child(
            String mode,
            String variant,
            EmbeddedKafka kafka,
            String input,
            String output,
            Kind kind,
            String app,
            Integer count)
            throws Exception {
        Process process =
                spawn(
                        mode,
                        variant,
                        kafka,
                        input,
                        output,
                        kind,
                        app,
                        count == null ? kind.records().size() : count);
        Path log = work.resolve(app + ".log");
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "Child " + app + " failed; its log:\n" + Files.readString(log));
        }
        Map<String, JsonNode> lines = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("RESULT ")) {
                lines.put("RESULT", JSON.readTree(line.substring(7)));
            }
        }
        if (!lines.containsKey("RESULT")) {
            throw new IllegalStateException(
                    "Child " + app + " printed no result; its log:\n" + Files.readString(log));
        }
        return lines;
    }

    /** A child JVM with the launcher's settings: -Xmx2g and one native BLAS thread. */
    private Process spawn(
            String mode,
            String variant,
            EmbeddedKafka kafka,
            String input,
            String output,
            Kind kind,
            String app,
            int count)
            throws IOException {
        Path state = Files.createDirectories(work.resolve("state-" + app));
        List<String> command =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx2g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BenchChild.class.getName(),
                        mode,
                        variant,
                        kafka.bootstrapServers(),
                        input,
                        output,
                        kind.bundle().toString(),
                        String.valueOf(count),
                        app,
                        String.valueOf(nextPort++),
                        state.toString());
        if (nextPort > FIRST_PORT + 9) {
            nextPort = FIRST_PORT;
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.redirectErrorStream(true);
        builder.redirectOutput(work.resolve(app + ".log").toFile());
        return builder.start();
    }

    private static void awaitLine(Process process, Path log, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Child ended early; its log:\n" + Files.readString(log));
            }
            try (BufferedReader reader = Files.newBufferedReader(log)) {
                if (reader.lines().anyMatch(expected::equals)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Child never said " + expected);
    }

    /**
     * The largest relative difference between the engine's errors and DL4J's, one row per call and
     * 256 rows per call, over up to 5000 real rows.
     */
    private void accuracy(Kind kind) {
        ModelBundle bundle = BundleFile.read(kind.bundle());
        Scorer engine = Scorers.forBundle(bundle);
        int rows = Math.min(5000, kind.rows().size());
        double single = 0;
        double batched = 0;
        try (Dl4jScorer dl4j = new Dl4jScorer(bundle)) {
            for (int from = 0; from < rows; from += ScoringBenchmark.BATCH) {
                int size = Math.min(ScoringBenchmark.BATCH, rows - from);
                float[][] batch = new float[size][];
                for (int r = 0; r < size; r++) {
                    batch[r] = kind.rows().row(from + r);
                }
                var all = dl4j.scoreAll(batch);
                for (int r = 0; r < size; r++) {
                    double ours = engine.score(batch[r]).error();
                    single =
                            Math.max(
                                    single,
                                    Scorers.relativeDifference(ours, dl4j.score(batch[r]).error()));
                    batched = Math.max(batched, Scorers.relativeDifference(ours, all[r].error()));
                }
            }
        }
        put(
                "engine vs DL4J max relative error difference: per row / batched, rows",
                kind.name(),
                String.format(Locale.ROOT, "%.1e / %.1e, %d", single, batched, rows));
    }

    private void jmh(Kind kind) throws Exception {
        Options options =
                new OptionsBuilder()
                        .include(ScoringBenchmark.class.getName())
                        .param("bundle", kind.bundle().toString())
                        .forks(1)
                        .warmupIterations(3)
                        .warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(2))
                        .threads(1)
                        .jvmArgs("-Xmx2g")
                        .shouldFailOnError(true)
                        .output(work.resolve("jmh-" + kind.name() + ".log").toString())
                        .build();
        progress("JMH scoring benchmark, %s model", kind.name());
        Map<String, Double> scores = new LinkedHashMap<>();
        for (RunResult result : new Runner(options).run()) {
            String name = result.getParams().getBenchmark();
            scores.put(
                    name.substring(name.lastIndexOf('.') + 1),
                    result.getPrimaryResult().getScore());
        }
        double engine = scores.get("engineRow");
        double row = scores.get("dl4jRow");
        double batch = scores.get("dl4jBatch");
        put("JMH rows/s per thread: engine, 1 row per call", kind.name(), fmt(engine));
        put(
                "JMH rows/s per thread: DL4J, 1 row per call (engine x)",
                kind.name(),
                fmt(row) + " (" + ratio(engine / row) + ")");
        put(
                "JMH rows/s per thread: DL4J, 256 rows per call (engine x)",
                kind.name(),
                fmt(batch) + " (" + ratio(engine / batch) + ")");
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "bench: " + format + "%n", args);
    }

    private void put(String row, String kind, String value) {
        table.computeIfAbsent(row, k -> new LinkedHashMap<>()).put(kind, value);
    }

    private String render(List<Kind> kinds) {
        StringBuilder out = new StringBuilder("| measurement |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Kind kind : kinds) {
            out.append(
                    kind.name().equals("sensor")
                            ? " sensor (Shuttle, 9 features) |"
                            : " image (MNIST, 784 pixels) |");
            rule.append("---|");
        }
        out.append('\n').append(rule).append('\n');
        table.forEach(
                (row, values) -> {
                    out.append("| ").append(row).append(" |");
                    for (Kind kind : kinds) {
                        out.append(' ').append(values.getOrDefault(kind.name(), "")).append(" |");
                    }
                    out.append('\n');
                });
        return out.toString();
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2fx", value);
    }

    private static byte[] sensorRecord(int i, Dataset rows, float[] values) {
        return InputRecords.sensor(
                "s" + i,
                "radiator-" + (i % 8),
                System.currentTimeMillis(),
                rows.featureNames(),
                values);
    }

    private static byte[] imageRecord(int i, float[] pixels) {
        return InputRecords.image(
                "m" + i,
                "camera-" + (i % 8),
                System.currentTimeMillis(),
                new ImageShape(28, 28),
                pixels);
    }
}
