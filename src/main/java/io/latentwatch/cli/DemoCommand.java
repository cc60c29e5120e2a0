package io.latentwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentwatch.Folders;
import io.latentwatch.config.DetectorConfig;
import io.latentwatch.demo.DemoDataset;
import io.latentwatch.demo.ModelCache;
import io.latentwatch.demo.OutcomeTracker;
import io.latentwatch.demo.Replayer;
import io.latentwatch.embedded.EmbeddedKafka;
import io.latentwatch.metrics.DetectorMetrics;
import io.latentwatch.stream.Detector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code latentwatch demo}: the whole job on one machine with nothing installed. It starts an
 * embedded broker, trains or reuses a model, runs the detector against the broker, replays held-out
 * records with real anomalies and a few malformed ones, and scores the alerts against the truth.
 * The last line of standard output is a JSON summary.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run train, detect and a live replay end to end on bundled data.")
final class DemoCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);
    private static final String INPUT_TOPIC = "latentwatch-records";
    private static final String ALERT_TOPIC = "latentwatch-alerts";
    private static final String DEAD_LETTER_TOPIC = "latentwatch-dead-letters";
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    @Spec CommandSpec spec;

    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description = "mnist or shuttle (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop after this long, e.g. 90s (default: run until Ctrl-C).")
    Duration duration;

    @Option(
            names = "--rate",
            defaultValue = "500",
            description = "Records replayed per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--metrics-port",
            defaultValue = "9464",
            description = "Port of http://127.0.0.1:PORT/metrics (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--retrain", description = "Train a new model even when one is cached.")
    boolean retrain;

    @Option(
            names = "--cache-dir",
            paramLabel = "DIR",
            description =
                    "Where model bundles are kept (default: $LATENTWATCH_CACHE or"
                            + " ~/.cache/latentwatch).")
    Path cacheDir;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        DemoDataset data = DemoDataset.load(dataset);
        Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "latentwatch-demo-stop"));
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(3, INPUT_TOPIC, ALERT_TOPIC, DEAD_LETTER_TOPIC);
            ModelCache.Entry model =
                    new ModelCache(cacheDir == null ? ModelCache.defaultDirectory() : cacheDir)
                            .getOrTrain(data, retrain);
            out.printf(
                    Locale.ROOT,
                    "Model bundle: %s (%s, version %s)%n",
                    model.path(),
                    model.trained()
                            ? String.format(
                                    Locale.ROOT, "trained in %.1f s", model.trainingSeconds())
                            : "reused from cache",
                    model.bundle().manifest().modelVersion());
            out.flush();
            ObjectNode summary = run(kafka, data, model, out);
            summary.put("seconds", round((System.nanoTime() - started) / 1e9));
            out.println(summary.toString());
            out.flush();
            return 0;
        } finally {
            finished.countDown();
        }
    }

    /** Refuses bad options before anything is started. */
    private void checkOptions() {
        if (!DemoDataset.NAMES.contains(dataset)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--dataset must be one of " + DemoDataset.NAMES + ", got '" + dataset + "'");
        }
        if (!(rate > 0)) {
            throw new ParameterException(
                    spec.commandLine(), "--rate must be positive, got " + rate);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new ParameterException(
                    spec.commandLine(), "--duration must be positive, got " + duration);
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--metrics-port must be in 0..65535 (0 picks a free port), got " + metricsPort);
        }
    }

    private ObjectNode run(
            EmbeddedKafka kafka, DemoDataset data, ModelCache.Entry model, PrintWriter out)
            throws Exception {
        Path stateDir = Files.createTempDirectory("latentwatch-streams-");
        try {
            return runDetector(kafka, data, model, out, stateDir);
        } finally {
            Folders.deleteQuietly(stateDir);
        }
    }

    private ObjectNode runDetector(
            EmbeddedKafka kafka,
            DemoDataset data,
            ModelCache.Entry model,
            PrintWriter out,
            Path stateDir)
            throws Exception {
        DetectorConfig config =
                DetectorConfig.fromProperties(
                        Map.of(
                                DetectorConfig.BOOTSTRAP_SERVERS,
                                kafka.bootstrapServers(),
                                DetectorConfig.APPLICATION_ID,
                                "latentwatch-demo",
                                DetectorConfig.INPUT_TOPICS,
                                INPUT_TOPIC,
                                DetectorConfig.ALERT_TOPIC,
                                ALERT_TOPIC,
                                DetectorConfig.DEAD_LETTER_TOPIC,
                                DEAD_LETTER_TOPIC,
                                DetectorConfig.MODEL_PATH,
                                model.path().toString(),
                                DetectorConfig.METRICS_PORT,
                                String.valueOf(metricsPort),
                                DetectorConfig.STATE_DIR,
                                stateDir.toString(),
                                DetectorConfig.SUMMARY_INTERVAL_MS,
                                "0"),
                        Map.of(),
                        "demo");
        Detector detector = new Detector(config, DetectCommand.checkedScorers());
        OutcomeTracker tracker =
                new OutcomeTracker(kafka.bootstrapServers(), ALERT_TOPIC, DEAD_LETTER_TOPIC);
        Replayer replayer =
                new Replayer(kafka.bootstrapServers(), INPUT_TOPIC, data.replay(), rate);
        Thread trackerThread = new Thread(tracker, "latentwatch-demo-tracker");
        Thread replayThread = new Thread(replayer, "latentwatch-demo-replay");
        try {
            detector.start();
            if (!detector.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException(
                        "Detector did not reach RUNNING: " + detector.state());
            }
            out.printf(
                    Locale.ROOT,
                    "Detector running; metrics at http://127.0.0.1:%d/metrics%n",
                    detector.metricsPort());
            out.printf(
                    Locale.ROOT,
                    "Replaying %s at %.0f records/s %s%n",
                    data.replay().name(),
                    rate,
                    duration == null ? "until Ctrl-C" : "for " + duration.toSeconds() + " s");
            out.flush();
            trackerThread.start();
            replayThread.start();
            showProgress(detector.metrics(), replayer, tracker);
            replayer.stop();
            replayThread.join();
            drain(detector.metrics(), replayer, tracker);
        } finally {
            replayer.stop();
            replayThread.join(10_000);
            tracker.stop();
            trackerThread.join(10_000);
            detector.close(Duration.ofSeconds(30));
        }
        return summary(detector.metrics(), replayer, tracker, model);
    }

    private void showProgress(DetectorMetrics metrics, Replayer replayer, OutcomeTracker tracker)
            throws InterruptedException {
        long started = System.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
        long lastScored = 0;
        long lastTime = started;
        while (System.nanoTime() < deadline) {
            long wait = Math.min(TimeUnit.SECONDS.toNanos(2), deadline - System.nanoTime());
            if (stopRequested.await(Math.max(wait, 0), TimeUnit.NANOSECONDS)) {
                break;
            }
            long now = System.nanoTime();
            long scored = metrics.scored();
            System.err.printf(
                    Locale.ROOT,
                    "[%4ds] records=%d scored=%d anomalies=%d deadLettered=%d rate=%.0f/s%n",
                    TimeUnit.NANOSECONDS.toSeconds(now - started),
                    replayer.produced(),
                    scored,
                    tracker.alerts(),
                    tracker.deadLetters(),
                    (scored - lastScored) * 1e9 / (now - lastTime));
            lastScored = scored;
            lastTime = now;
        }
    }

    /** Waits until every replayed record has an outcome, and the tracker has seen it. */
    private static void drain(DetectorMetrics metrics, Replayer replayer, OutcomeTracker tracker)
            throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean scored = metrics.scored() + metrics.deadLettered() >= replayer.produced();
            boolean seen =
                    tracker.alerts() >= metrics.anomalies()
                            && tracker.deadLetters() >= metrics.deadLettered();
            if (scored && seen) {
                return;
            }
            Thread.sleep(100);
        }
        log.warn("Not every record had an outcome after timeout={}", DRAIN_TIMEOUT);
    }

    private static ObjectNode summary(
            DetectorMetrics metrics,
            Replayer replayer,
            OutcomeTracker tracker,
            ModelCache.Entry model) {
        Set<String> alerted = tracker.alertIds();
        long truePositives = alerted.stream().filter(replayer::isInjected).count();
        long falsePositives = alerted.size() - truePositives;
        int injected = replayer.injectedCount();
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("records", replayer.produced());
        json.put("scored", metrics.scored());
        json.put("anomalies", tracker.alerts());
        json.put("deadLettered", tracker.deadLetters());
        json.put("malformedReplayed", replayer.malformed());
        json.put("injectedAnomalies", injected);
        json.put("truePositives", truePositives);
        json.put("falsePositives", falsePositives);
        // Undefined without alerts, or without real anomalies: null rather than a made-up 0.
        json.put(
                "precision",
                alerted.isEmpty() ? null : round((double) truePositives / alerted.size()));
        json.put("recall", injected == 0 ? null : round((double) truePositives / injected));
        json.put("modelVersion", model.bundle().manifest().modelVersion());
        json.put("threshold", model.bundle().manifest().threshold());
        json.put("modelTrained", model.trained());
        json.put("trainingSeconds", round(model.trainingSeconds()));
        json.put("modelPath", model.path().toString());
        return json;
    }

    private void onShutdown() {
        stopRequested.countDown();
        try {
            finished.await(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }
}
