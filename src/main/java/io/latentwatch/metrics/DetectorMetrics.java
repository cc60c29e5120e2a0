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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The detector's own meters, named in one place. The names are a contract with dashboards and
 * alerting rules; the README lists them as Prometheus exposes them.
 *
 * <p>Thread-safe: stream threads record into it concurrently.
 */
public final class DetectorMetrics {

    /** Records read, by {@code topic} and {@code outcome}: normal, anomaly or dead_letter. */
    public static final String RECORDS = "latentwatch.records";

    /** Records sent to the dead-letter topic, by {@code topic} and {@code reason}. */
    public static final String DEAD_LETTERS = "latentwatch.dead.letters";

    /** Alerts written to the alert topic. */
    public static final String ALERTS = "latentwatch.alerts";

    /** Reconstruction error of every scored record. */
    public static final String RECONSTRUCTION_ERROR = "latentwatch.reconstruction.error";

    /** Time to parse and score one record. */
    public static final String SCORING_TIME = "latentwatch.scoring.time";

    /** The threshold of the model in use, tagged with its {@code model_version}. */
    public static final String MODEL_THRESHOLD = "latentwatch.model.threshold";

    /** Always 1, tagged with the {@code model_version} in use. */
    public static final String MODEL_INFO = "latentwatch.model.info";

    /** Outcome tag value of a scored record under the threshold. */
    public static final String NORMAL = "normal";

    /** Outcome tag value of a scored record over the threshold. */
    public static final String ANOMALY = "anomaly";

    /** Outcome tag value of a record that could not be scored. */
    public static final String DEAD_LETTER = "dead_letter";

    /** Bucket bounds of the error histogram, as multiples of the threshold. */
    private static final double[] ERROR_BUCKETS_PER_THRESHOLD = {
        0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.85, 1, 1.2, 1.5, 2, 3, 5, 10, 20, 50, 100
    };

    private final PrometheusMeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter alerts;
    private final Timer scoringTime;
    private final Histogram reconstructionError;
    private final AtomicReference<Double> threshold = new AtomicReference<>(Double.NaN);
    private final DoubleAdder scored = new DoubleAdder();
    private final DoubleAdder anomalies = new DoubleAdder();
    private final DoubleAdder deadLettered = new DoubleAdder();

    /**
     * Registers the detector's meters.
     *
     * @param registry where to register; the error histogram is registered with the Prometheus
     *     client directly, because Micrometer's distribution summaries round values up to whole
     *     numbers before they are counted into buckets, and reconstruction errors are far below 1
     * @param modelVersion version of the model loaded at start
     * @param modelThreshold its threshold, which also places the error histogram's buckets
     */
    public DetectorMetrics(
            PrometheusMeterRegistry registry, String modelVersion, double modelThreshold) {
        this.registry = registry;
        this.alerts =
                Counter.builder(ALERTS)
                        .description("Alerts written to the alert topic")
                        .register(registry);
        this.scoringTime =
                Timer.builder(SCORING_TIME)
                        .description("Time to parse and score one record")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(10_000))
                        .maximumExpectedValue(Duration.ofSeconds(1))
                        .register(registry);
        this.reconstructionError =
                Histogram.builder()
                        .name(RECONSTRUCTION_ERROR.replace('.', '_'))
                        .help(
                                "Reconstruction error of scored records; buckets are multiples"
                                        + " of the threshold of the model loaded at start")
                        .classicOnly()
                        .withoutExemplars()
                        .classicUpperBounds(errorBuckets(modelThreshold))
                        .register(registry.getPrometheusRegistry());
        threshold.set(modelThreshold);
        Gauge.builder(MODEL_THRESHOLD, threshold, AtomicReference::get)
                .description("Reconstruction error above which a record is an anomaly")
                .tag("model_version", modelVersion)
                .register(registry);
        Gauge.builder(MODEL_INFO, () -> 1)
                .description("The model in use, by model_version")
                .tag("model_version", modelVersion)
                .register(registry);
    }

    private static double[] errorBuckets(double threshold) {
        double[] buckets = new double[ERROR_BUCKETS_PER_THRESHOLD.length];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = ERROR_BUCKETS_PER_THRESHOLD[i] * threshold;
        }
        return buckets;
    }

    /** Counts a scored record and records its error and scoring time. */
    public void recordScored(String topic, double error, boolean anomaly, long scoringNanos) {
        counter(topic, anomaly ? ANOMALY : NORMAL).increment();
        reconstructionError.observe(error);
        scoringTime.record(scoringNanos, TimeUnit.NANOSECONDS);
        scored.add(1);
        if (anomaly) {
            anomalies.add(1);
        }
    }

    /** Counts a record sent to the dead-letter topic for {@code reason}. */
    public void recordDeadLetter(String topic, String reason) {
        counter(topic, DEAD_LETTER).increment();
        counters.computeIfAbsent(
                        DEAD_LETTERS + '|' + topic + '|' + reason,
                        k ->
                                Counter.builder(DEAD_LETTERS)
                                        .description(
                                                "Records sent to the dead-letter topic, by reason")
                                        .tag("topic", topic)
                                        .tag("reason", reason)
                                        .register(registry))
                .increment();
        deadLettered.add(1);
    }

    /** Counts an alert written to the alert topic. */
    public void recordAlert() {
        alerts.increment();
    }

    private Counter counter(String topic, String outcome) {
        return counters.computeIfAbsent(
                RECORDS + '|' + topic + '|' + outcome,
                k ->
                        Counter.builder(RECORDS)
                                .description("Records read from the input topics, by outcome")
                                .tag("topic", topic)
                                .tag("outcome", outcome)
                                .register(registry));
    }

    /** Records scored since start, normal and anomalous. */
    public long scored() {
        return (long) scored.sum();
    }

    /** Records scored as anomalies since start. */
    public long anomalies() {
        return (long) anomalies.sum();
    }

    /** Records dead-lettered since start. */
    public long deadLettered() {
        return (long) deadLettered.sum();
    }
}
