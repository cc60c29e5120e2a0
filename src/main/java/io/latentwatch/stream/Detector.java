package io.latentwatch.stream;

import io.latentwatch.config.ConfigurationException;
import io.latentwatch.config.DetectorConfig;
import io.latentwatch.metrics.DetectorMetrics;
import io.latentwatch.metrics.MetricsServer;
import io.latentwatch.model.Manifest;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running detector: a Kafka Streams client over the detector topology, its meters, its {@code
 * /metrics} and health endpoints, and the watcher that reloads the model. {@code latentwatch
 * detect} and the demo both run it.
 */
public final class Detector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Detector.class);

    private static final long NOT_RUNNING_WARNING_MS = 30_000;

    private static final long TOPIC_CHECK_SECONDS = 10;

    /** Prefixes Kafka Streams accepts in front of a client setting. */
    private static final List<String> CLIENT_PREFIXES =
            List.of(
                    StreamsConfig.MAIN_CONSUMER_PREFIX,
                    StreamsConfig.RESTORE_CONSUMER_PREFIX,
                    StreamsConfig.GLOBAL_CONSUMER_PREFIX,
                    StreamsConfig.CONSUMER_PREFIX,
                    StreamsConfig.PRODUCER_PREFIX,
                    StreamsConfig.ADMIN_CLIENT_PREFIX,
                    StreamsConfig.TOPIC_PREFIX);

    private final DetectorConfig config;
    private final PrometheusMeterRegistry registry;
    private final DetectorMetrics metrics;
    private final StreamsConfig streamsConfig;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final ScheduledExecutorService summary;
    private final LiveModel model;
    private final ModelWatcher watcher;
    private MetricsServer server;
    private long lastScored;

    /**
     * Creates a detector over the bundle at {@code model.path}; {@link #start()} starts it.
     *
     * @param config the detector settings
     * @param factory makes the scorers of a bundle after checking it, at start and on reload
     * @throws io.latentwatch.LatentwatchException when there is no usable bundle at {@code
     *     model.path}, saying which file and why
     */
    public Detector(DetectorConfig config, ScorerFactory factory) {
        this.config = config;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.watcher = new ModelWatcher(config.modelPath(), factory);
        ModelWatcher.Model initial = watcher.loadInitial();
        Manifest manifest = initial.bundle().manifest();
        log.info(
                "Model loaded version={} threshold={} features={} path={}",
                manifest.modelVersion(),
                manifest.threshold(),
                manifest.featureCount(),
                watcher.loadedPath());
        this.metrics = new DetectorMetrics(registry, manifest.modelVersion(), manifest.threshold());
        for (int i = 0; i < watcher.refusedAtStart(); i++) {
            metrics.recordReload(false);
        }
        this.model = new LiveModel(manifest, initial.scorers());
        watcher.watch(model, metrics);
        this.streamsConfig = new StreamsConfig(streamsProperties(config));
        this.streams =
                new KafkaStreams(
                        DetectorTopology.build(
                                TopologySettings.of(config), model, metrics, Clock.systemUTC()),
                        streamsConfig);
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        this.summary =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread thread = new Thread(r, "latentwatch-housekeeping");
                            thread.setDaemon(true);
                            return thread;
                        });
        bindMeters();
    }

    /**
     * The Kafka Streams properties of a configuration: byte-array serdes, so that every value
     * reaches the processor; the {@code kafka.*} pass-through applied last.
     */
    static Properties streamsProperties(DetectorConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", config.bootstrapServers()));
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        if (!config.stateDir().isEmpty()) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        }
        // Alerts are sparse: with Kafka Streams' 100 ms default linger, each one would wait for
        // it. 5 ms keeps batching for dense outputs and cuts alert latency; kafka.linger.ms wins.
        String linger = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);
        if (!config.kafkaSettings().containsKey(ProducerConfig.LINGER_MS_CONFIG)
                && !config.kafkaSettings().containsKey(linger)) {
            props.put(linger, 5);
        }
        props.putAll(config.kafkaSettings());
        return props;
    }

    private void bindMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        streamsMetrics.bindTo(registry);
        metrics.readiness(this::isReady);
    }

    /** Ready to score: the Streams client is RUNNING (a model is always loaded once created). */
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Starts the metrics endpoint and the Kafka Streams client. */
    public void start() {
        log.info("Detector starting config: {}", config.describe());
        warnOfUnknownClientSettings();
        requireInputTopics();
        server =
                MetricsServer.start(
                        registry, config.metricsBindAddress(), config.metricsPort(), this::isReady);
        streams.setStateListener(
                (now, before) -> log.info("Detector state changed from={} to={}", before, now));
        streams.setUncaughtExceptionHandler(
                e -> {
                    if (causedBy(e, MissingSourceTopicException.class)) {
                        log.error(
                                "Stream thread failed: an input topic is missing ({}); replacing"
                                        + " it",
                                e.getMessage());
                    } else {
                        log.error("Stream thread failed; replacing it", e);
                    }
                    return StreamThreadExceptionResponse.REPLACE_THREAD;
                });
        streams.start();
        summary.schedule(this::warnIfNotRunning, NOT_RUNNING_WARNING_MS, TimeUnit.MILLISECONDS);
        if (config.summaryIntervalMs() > 0) {
            summary.scheduleAtFixedRate(
                    this::logSummary,
                    config.summaryIntervalMs(),
                    config.summaryIntervalMs(),
                    TimeUnit.MILLISECONDS);
        }
        if (config.modelReloadIntervalMs() > 0) {
            summary.scheduleWithFixedDelay(
                    this::checkModel,
                    config.modelReloadIntervalMs(),
                    config.modelReloadIntervalMs(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void checkModel() {
        try {
            watcher.check();
        } catch (RuntimeException e) {
            log.warn("Model check failed path={}", config.modelPath(), e);
        }
    }

    /** The model in use. */
    public LiveModel model() {
        return model;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails the start when listed input topics do not exist, naming them: Kafka Streams would
     * otherwise fail its threads over and over with stack traces. When the brokers do not answer in
     * time the check is skipped; the not-running warning covers that case.
     */
    private void requireInputTopics() {
        if (config.inputTopics().isEmpty()) {
            return;
        }
        try (Admin admin =
                Admin.create(streamsConfig.getAdminConfigs(config.applicationId() + "-check"))) {
            Set<String> existing =
                    admin.listTopics().names().get(TOPIC_CHECK_SECONDS, TimeUnit.SECONDS);
            List<String> missing =
                    config.inputTopics().stream().filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty()) {
                throw new ConfigurationException(
                        "input.topics: "
                                + missing
                                + " do not exist on bootstrap.servers="
                                + String.join(",", config.bootstrapServers())
                                + "; create them first, or use input.pattern to read topics"
                                + " as they appear");
            }
        } catch (TimeoutException | ExecutionException e) {
            log.debug("Cannot check the input topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One warning per {@code kafka.*} setting that no Kafka client knows: a likely typo. */
    private void warnOfUnknownClientSettings() {
        Set<String> known = new HashSet<>(StreamsConfig.configDef().names());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(ProducerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        for (String key : config.kafkaSettings().keySet()) {
            String bare = key;
            for (String prefix : CLIENT_PREFIXES) {
                if (bare.startsWith(prefix)) {
                    bare = bare.substring(prefix.length());
                    break;
                }
            }
            if (!known.contains(bare)) {
                log.warn(
                        "Unknown Kafka client setting key={}{}; no Kafka client uses it, check"
                                + " its spelling",
                        DetectorConfig.KAFKA_PREFIX,
                        key);
            }
        }
    }

    /** Says so once when the client has not reached RUNNING well after start. */
    private void warnIfNotRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            log.warn(
                    "Detector not running after {} s state={} bootstrap.servers={}; check that"
                            + " the brokers are reachable and the input topics exist",
                    NOT_RUNNING_WARNING_MS / 1000,
                    streams.state(),
                    String.join(",", config.bootstrapServers()));
        }
    }

    private void logSummary() {
        long scored = metrics.scored();
        double rate = (scored - lastScored) * 1000.0 / config.summaryIntervalMs();
        lastScored = scored;
        log.info(
                "Detector summary state={} model={} scored={} anomalies={} alerts={}"
                        + " suppressed={} deadLettered={} rate={}/s",
                streams.state(),
                model.current().manifest().modelVersion(),
                scored,
                metrics.anomalies(),
                metrics.alerts(),
                metrics.suppressed(),
                metrics.deadLettered(),
                String.format(Locale.ROOT, "%.1f", rate));
    }

    /** Waits until the client is RUNNING; returns false when it is not by {@code timeout}. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline
                    || !streams.state().isRunningOrRebalancing()
                            && streams.state() != KafkaStreams.State.CREATED) {
                return streams.state() == KafkaStreams.State.RUNNING;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** The state of the Kafka Streams client. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The detector's own meters. */
    public DetectorMetrics metrics() {
        return metrics;
    }

    /** The registry behind {@code /metrics}. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The port the metrics endpoint is bound to. */
    public int metricsPort() {
        return server.port();
    }

    /** Stops the client, waiting up to {@code timeout}, then the endpoint. */
    public void close(Duration timeout) {
        summary.shutdownNow();
        boolean stopped = streams.close(timeout);
        if (!stopped) {
            log.warn("Detector did not stop within timeout={}", timeout);
        }
        streamsMetrics.close();
        if (server != null) {
            server.close();
        }
        log.info(
                "Detector stopped scored={} anomalies={} alerts={} suppressed={} deadLettered={}",
                metrics.scored(),
                metrics.anomalies(),
                metrics.alerts(),
                metrics.suppressed(),
                metrics.deadLettered());
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
