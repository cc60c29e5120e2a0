package io.latentwatch.cli;

import io.latentwatch.LatentwatchException;
import io.latentwatch.data.CsvReader;
import io.latentwatch.data.DataException;
import io.latentwatch.data.Dataset;
import io.latentwatch.data.IdxReader;
import io.latentwatch.data.JsonLinesReader;
import io.latentwatch.data.Source;
import io.latentwatch.demo.DemoDataset;
import io.latentwatch.demo.Replayer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code latentwatch produce}: replays a data file into a topic as Latentwatch records, optionally
 * with anomalies from a second file mixed in, and prints how many records the broker took.
 */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description =
                "Replay a data file into a topic as Latentwatch records, at a rate or as fast as"
                        + " possible, optionally mixing in anomalies from a second file.")
final class ProduceCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin KafkaClientOptions kafka;

    @Option(
            names = "--topic",
            defaultValue = "latentwatch-records",
            paramLabel = "TOPIC",
            description = "Topic to write the records to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Mixin DataOptions input;

    @ArgGroup(exclusive = true)
    AnomalyFile anomalyFile;

    static final class AnomalyFile {
        @Option(
                names = "--anomaly-csv",
                paramLabel = "FILE",
                description = "CSV of anomalies to mix in, with the same columns.")
        Path csv;

        @Option(
                names = "--anomaly-jsonl",
                paramLabel = "FILE",
                description = "JSON lines of anomalies to mix in, with the same features.")
        Path jsonLines;

        @Option(
                names = "--anomaly-idx-images",
                paramLabel = "FILE",
                description = "IDX images of anomalies to mix in, of the same size.")
        Path images;
    }

    @Option(
            names = "--anomaly-fraction",
            defaultValue = "0.05",
            paramLabel = "FRACTION",
            description =
                    "Share of the replay drawn from the anomaly file (default: ${DEFAULT-VALUE}).")
    double anomalyFraction;

    @Option(
            names = "--rate",
            defaultValue = "0",
            paramLabel = "RECORDS_PER_SECOND",
            description =
                    "Records per second; 0 produces as fast as the broker takes them (default:"
                            + " ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--loop", description = "Start again after the last record, until Ctrl-C.")
    boolean loop;

    @Option(
            names = "--malformed-every",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Send one malformed record after every N good ones, to exercise the"
                            + " dead-letter topic; 0 for none (default: ${DEFAULT-VALUE}).")
    int malformedEvery;

    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        checkOptions();
        Dataset records = records();
        Map<String, Object> settings = kafka.settings();
        Replayer replayer = new Replayer(settings, topic, records, rate, loop, malformedEvery);
        Thread replay = new Thread(replayer, "latentwatch-produce");
        long started = System.nanoTime();
        ShutdownHook hook =
                ShutdownHook.install("latentwatch-produce-stop", () -> stopOnShutdown(replayer));
        try {
            replay.start();
            showProgress(replayer, replay, records.size());
            printSummary(replayer, (System.nanoTime() - started) / 1e9);
        } finally {
            hook.remove();
            finished.countDown();
        }
        if (replayer.failure().isPresent()) {
            throw new LatentwatchException(
                    "Producing to " + topic + " failed: " + replayer.failure().get().getMessage());
        }
        return 0;
    }

    private void checkOptions() {
        if (!(rate >= 0)) {
            throw new ParameterException(
                    spec.commandLine(), "--rate must be 0 or positive, got " + rate);
        }
        if (!(anomalyFraction > 0 && anomalyFraction < 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--anomaly-fraction must be between 0 and 1, got " + anomalyFraction);
        }
        if (malformedEvery < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--malformed-every must be 0 or positive");
        }
    }

    /** The main data, with the anomaly file mixed in when there is one. */
    private Dataset records() {
        Dataset main = input.read(spec);
        if (anomalyFile == null) {
            return main;
        }
        Dataset anomalies = readAnomalies();
        if (!anomalies.featureNames().equals(main.featureNames())) {
            throw new DataException(
                    String.format(
                            "%s has features %s, but %s has %s",
                            anomalies.name(),
                            abbreviate(anomalies),
                            main.name(),
                            abbreviate(main)));
        }
        return DemoDataset.mix(main, anomalies, anomalyFraction);
    }

    private Dataset readAnomalies() {
        if (anomalyFile.csv != null) {
            return CsvReader.read(Source.of(anomalyFile.csv), input.labelColumn);
        }
        if (anomalyFile.jsonLines != null) {
            return JsonLinesReader.read(Source.of(anomalyFile.jsonLines), input.labelColumn);
        }
        return IdxReader.read(
                anomalyFile.images.getFileName().toString(), Source.of(anomalyFile.images), null);
    }

    private static String abbreviate(Dataset data) {
        return data.featureCount() <= 12
                ? data.featureNames().toString()
                : data.featureCount() + " features";
    }

    private void showProgress(Replayer replayer, Thread replay, int size)
            throws InterruptedException {
        try (ProgressBars.Records progress = ProgressBars.records(loop ? -1 : size, topic)) {
            while (replay.isAlive()) {
                replay.join(250);
                progress.update(replayer.produced());
            }
        }
    }

    private void printSummary(Replayer replayer, double seconds) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "Produced %d records to %s in %.1f s (%.0f records/s): %d acknowledged,"
                        + " %d anomalies, %d malformed%n",
                replayer.produced(),
                topic,
                seconds,
                replayer.produced() / Math.max(seconds, 1e-9),
                replayer.acknowledged(),
                replayer.injectedCount(),
                replayer.malformed());
        out.flush();
    }

    /** On Ctrl-C: stop after the current record and wait until the sent ones are flushed. */
    private void stopOnShutdown(Replayer replayer) {
        replayer.stop();
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
