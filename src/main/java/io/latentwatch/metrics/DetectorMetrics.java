package io.latentwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The detector's own meters, named in one place. The names are a contract with dashboards and
 * alerting rules; the README lists them as Prometheus exposes them. No meter is tagged with a
 * record's key, id or source: tags are bounded sets (topics, outcomes, reasons, model versions).
 *
 * <p>Thread-safe: stream threads record into it concurrently, and the model watcher swaps the model
 * gauges while they do.
 */
public final class DetectorMetrics {

    /** Records read, by {@code topic} and {@code outcome}: normal, anomaly or dead_letter. */
    public static final String RECORDS = "latentwatch.records";

    /** Records sent to the dead-letter topic, by {@code topic} and {@code reason}. */
    public static final String DEAD_LETTERS = "latentwatch.dead.letters";

    /** Alerts written to the alert topic, by input {@code topic}. */
    public static final String ALERTS = "latentwatch.alerts";

    /** Anomalies not alerted because their source had an alert within the suppression window. */
    public static final String ALERTS_SUPPRESSED = "latentwatch.alerts.suppressed";

    /** Reconstruction error of every scored record. */
    public static final String RECONSTRUCTION_ERROR = "latentwatch.reconstruction.error";

    /** Reconstruction error divided by the threshold of the model that scored the record. */
    public static final String ERROR_RATIO = "latentwatch.error.ratio";

    /** Time to parse and score one record. */
    public static final String SCORING_TIME = "latentwatch.scoring.time";

    /** Event time to detection time of every scored record. */
    public static final String END_TO_END_LAG = "latentwatch.end.to.end.lag";

    /** The threshold of the model in use, tagged with its {@code model_version}. */
    public static final String MODEL_THRESHOLD = "latentwatch.model.threshold";

    /** Always 1, tagged with the {@code model_version} in use. */
    public static final String MODEL_INFO = "latentwatch.model.info";

    /** Model reload attempts, by {@code result}: success or failure. */
    public static final String MODEL_RELOADS = "latentwatch.model.reloads";

    /** 1 when the Streams client is RUNNING and a model is loaded, else 0. */
    public static final String READY = "latentwatch.ready";

    /** Outcome tag value of a scored record under the threshold. */
    public static final String NORMAL = "normal";

    /** Outcome tag value of a scored record over the threshold. */
    public static final String ANOMALY = "anomaly";

    /** Outcome tag value of a record that could not be scored. */
    public static final String DEAD_LETTER = "dead_letter";

    /** Bucket bounds of the ratio histogram; also the error histogram's, times the threshold. */
    private static final double[] RATIO_BUCKETS = {
        0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.85, 1, 1.2, 1.5, 2, 3, 5, 10, 20, 50, 100
    };

    /** Bucket bounds of the end-to-end lag histogram, in seconds. */
    private static final double[] LAG_BUCKETS = {
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600
    };

    private final PrometheusMeterRegistry registry;
    private final Map<String, TopicMeters> topics = new ConcurrentHashMap<>();
    private final Timer scoringTime;
    private final Histogram reconstructionError;
    private final Histogram errorRatio;
    private final Histogram endToEndLag;
    private final Counter reloadSuccesses;
    private final Counter reloadFailures;
    private final LongAdder scored = new LongAdder();
    private final LongAdder anomalies = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder alerts = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private Gauge modelThreshold;
    private Gauge modelInfo;

    /**
     * Registers the detector's meters.
     *
     * @param registry where to register; the histograms are registered with the Prometheus client
     *     directly, because Micrometer's distribution summaries round values up to whole numbers
     *     before they are counted into buckets, and reconstruction errors are far below 1
     * @param modelVersion version of the model loaded at start
     * @param modelThreshold its threshold, which also places the error histogram's buckets
     */
    public DetectorMetrics(
            PrometheusMeterRegistry registry, String modelVersion, double modelThreshold) {
        this.registry = registry;
        this.scoringTime =
                Timer.builder(SCORING_TIME)
                        .description("Time to parse and score one record")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(10_000))
                        .maximumExpectedValue(Duration.ofSeconds(1))
                        .register(registry);
        this.reconstructionError =
                histogram(
                        RECONSTRUCTION_ERROR,
                        "Reconstruction error of scored records; buckets are multiples of the"
                                + " threshold of the model loaded at start",
                        times(RATIO_BUCKETS, modelThreshold));
        this.errorRatio =
                histogram(
                        ERROR_RATIO,
                        "Reconstruction error divided by the threshold of the model that scored"
                                + " the record; above 1 is an anomaly",
                        RATIO_BUCKETS);
        this.endToEndLag =
                histogram(
                        END_TO_END_LAG + ".seconds",
                        "Time from a record's event timestamp to its detection",
                        LAG_BUCKETS);
        this.reloadSuccesses = reloads("success");
        this.reloadFailures = reloads("failure");
        modelChanged(modelVersion, modelThreshold);
    }

    private Histogram histogram(String name, String help, double[] bounds) {
        return Histogram.builder()
                .name(name.replace('.', '_'))
                .help(help)
                .classicOnly()
                .withoutExemplars()
                .classicUpperBounds(bounds)
                .register(registry.getPrometheusRegistry());
    }

    private Counter reloads(String result) {
        return Counter.builder(MODEL_RELOADS)
                .description("Model reload attempts, by result")
                .tag("result", result)
                .register(registry);
    }

    private static double[] times(double[] bounds, double factor) {
        double[] scaled = new double[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            scaled[i] = bounds[i] * factor;
        }
        return scaled;
    }

    /**
     * Shows {@code modelVersion} and its threshold in the model gauges from now on, and no longer
     * the model before it.
     */
    public synchronized void modelChanged(String modelVersion, double threshold) {
        if (modelThreshold != null) {
            registry.remove(modelThreshold);
            registry.remove(modelInfo);
        }
        modelThreshold =
                Gauge.builder(MODEL_THRESHOLD, () -> threshold)
                        .description("Reconstruction error above which a record is an anomaly")
                        .tag("model_version", modelVersion)
                        .register(registry);
        modelInfo =
                Gauge.builder(MODEL_INFO, () -> 1)
                        .description("The model in use, by model_version")
                        .tag("model_version", modelVersion)
                        .register(registry);
    }

    /** Publishes {@link #READY} from {@code ready}, read at every scrape. */
    public void readiness(BooleanSupplier ready) {
        Gauge.builder(READY, () -> ready.getAsBoolean() ? 1 : 0)
                .description("1 when the Streams client is RUNNING and a model is loaded")
                .register(registry);
    }

    /**
     * Counts a scored record and records its error, ratio, scoring time and end-to-end lag.
     *
     * @param lagMillis detection time minus event time; negative values (clock skew) count as 0
     */
    public void recordScored(
            String topic,
            double error,
            double ratio,
            boolean anomaly,
            long scoringNanos,
            long lagMillis) {
        TopicMeters meters = topic(topic);
        (anomaly ? meters.anomaly : meters.normal).increment();
        reconstructionError.observe(error);
        errorRatio.observe(ratio);
        endToEndLag.observe(Math.max(0, lagMillis) / 1000.0);
        scoringTime.record(scoringNanos, TimeUnit.NANOSECONDS);
        scored.increment();
        if (anomaly) {
            anomalies.increment();
        }
    }

    /** Counts a record sent to the dead-letter topic for {@code reason}. */
    public void recordDeadLetter(String topic, String reason) {
        TopicMeters meters = topic(topic);
        meters.deadLetter.increment();
        meters.reasons
                .computeIfAbsent(
                        reason,
                        r ->
                                Counter.builder(DEAD_LETTERS)
                                        .description(
                                                "Records sent to the dead-letter topic, by reason")
                                        .tag("topic", topic)
                                        .tag("reason", r)
                                        .register(registry))
                .increment();
        deadLettered.increment();
    }

    /** Counts an alert written for a record of {@code topic}. */
    public void recordAlert(String topic) {
        topic(topic).alerts.increment();
        alerts.increment();
    }

    /** Counts an anomaly of {@code topic} whose alert was suppressed. */
    public void recordSuppressed(String topic) {
        topic(topic).suppressed.increment();
        suppressed.increment();
    }

    /** Counts a model reload attempt. */
    public void recordReload(boolean succeeded) {
        (succeeded ? reloadSuccesses : reloadFailures).increment();
    }

    private TopicMeters topic(String topic) {
        TopicMeters meters = topics.get(topic);
        return meters != null ? meters : topics.computeIfAbsent(topic, this::newTopic);
    }

    private TopicMeters newTopic(String topic) {
        return new TopicMeters(
                outcome(topic, NORMAL),
                outcome(topic, ANOMALY),
                outcome(topic, DEAD_LETTER),
                Counter.builder(ALERTS)
                        .description("Alerts written to the alert topic, by input topic")
                        .tag("topic", topic)
                        .register(registry),
                Counter.builder(ALERTS_SUPPRESSED)
                        .description(
                                "Anomalies not alerted because their source was alerted within"
                                        + " the suppression window")
                        .tag("topic", topic)
                        .register(registry),
                new ConcurrentHashMap<>());
    }

    private Counter outcome(String topic, String outcome) {
        return Counter.builder(RECORDS)
                .description("Records read from the input topics, by outcome")
                .tag("topic", topic)
                .tag("outcome", outcome)
                .register(registry);
    }

    /** Records scored since start, normal and anomalous. */
    public long scored() {
        return scored.sum();
    }

    /** Records scored as anomalies since start. */
    public long anomalies() {
        return anomalies.sum();
    }

    /** Records dead-lettered since start. */
    public long deadLettered() {
        return deadLettered.sum();
    }

    /** Alerts written since start. */
    public long alerts() {
        return alerts.sum();
    }

    /** Alerts suppressed since start. */
    public long suppressed() {
        return suppressed.sum();
    }

    /** Reload attempts that failed since start. */
    public long reloadFailures() {
        return (long) reloadFailures.count();
    }

    /** Reload attempts that succeeded since start. */
    public long reloadSuccesses() {
        return (long) reloadSuccesses.count();
    }

    private record TopicMeters(
            Counter normal,
            Counter anomaly,
            Counter deadLetter,
            Counter alerts,
            Counter suppressed,
            Map<String, Counter> reasons) {}
}
