package io.latentwatch.demo;

import io.latentwatch.data.Dataset;
import io.latentwatch.data.ImageShape;
import io.latentwatch.stream.InputRecords;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a dataset into a topic as Latentwatch records, at a steady rate or as fast as the broker
 * takes them, once or looping over it, optionally with malformed records mixed in. When the rows
 * are labelled it remembers which record ids are real anomalies (label 1) so that alerts can be
 * scored against the truth. The demo and {@code latentwatch produce} both use it.
 */
public final class Replayer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Replayer.class);

    /** One malformed record after this many good ones. */
    static final int MALFORMED_EVERY = 400;

    private final Dataset replay;
    private final String topic;
    private final double ratePerSecond;
    private final boolean loop;
    private final int malformedEvery;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Set<String> injected = ConcurrentHashMap.newKeySet();
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;

    /**
     * Creates the demo's replayer: looping at a steady rate, one malformed record in {@value
     * #MALFORMED_EVERY}.
     *
     * @param replay rows labelled 1 for an anomaly, 0 for normal
     * @param ratePerSecond records per second to produce
     */
    public Replayer(String bootstrapServers, String topic, Dataset replay, double ratePerSecond) {
        this(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                topic,
                replay,
                ratePerSecond,
                true,
                MALFORMED_EVERY);
    }

    /**
     * Creates a replayer.
     *
     * @param producerSettings Kafka producer settings, at least {@code bootstrap.servers}; they
     *     override the replayer's own ({@code acks=all}, {@code linger.ms=5})
     * @param replay the rows; when labelled, 1 marks an anomaly
     * @param ratePerSecond records per second to produce, or 0 for as fast as possible
     * @param loop whether to start again after the last row, until {@link #stop()}
     * @param malformedEvery one malformed record after this many good ones, or 0 for none
     */
    public Replayer(
            Map<String, ?> producerSettings,
            String topic,
            Dataset replay,
            double ratePerSecond,
            boolean loop,
            int malformedEvery) {
        this.replay = replay;
        this.topic = topic;
        this.ratePerSecond = ratePerSecond;
        this.loop = loop;
        this.malformedEvery = malformedEvery;
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.putAll(producerSettings);
        this.producer =
                new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        try {
            // A failed send has used up the producer's own retries: stop rather than go on.
            for (int pass = 0; going() && (loop || pass == 0); pass++) {
                for (int row = 0; row < replay.size() && going(); row++) {
                    pace(started);
                    sendRecord(pass, row);
                    if (malformedEvery > 0 && produced.get() % malformedEvery == 0) {
                        sendMalformed();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            log.error("Replay failed after records={}", produced.get(), e);
        } finally {
            producer.flush();
            producer.close();
            log.info(
                    "Replay finished records={} malformed={} injectedAnomalies={}",
                    produced.get(),
                    malformed.get(),
                    injected.size());
        }
    }

    private boolean going() {
        return running && failure.get() == null;
    }

    private void pace(long started) throws InterruptedException {
        if (ratePerSecond <= 0) {
            return;
        }
        long due = started + (long) (produced.get() * 1e9 / ratePerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private void sendRecord(int pass, int row) {
        String id = "r" + pass + "-" + row;
        String source = sourceOf(row);
        if (replay.hasLabels() && replay.label(row) == 1) {
            injected.add(id);
        }
        byte[] value = recordJson(id, source, replay.row(row), replay.imageShape());
        send(source, value);
    }

    private String sourceOf(int row) {
        String kind = replay.imageShape().isPresent() ? "camera-" : "radiator-";
        return kind + (row % 8);
    }

    private byte[] recordJson(
            String id, String source, float[] values, Optional<ImageShape> image) {
        long now = System.currentTimeMillis();
        return image.isPresent()
                ? InputRecords.image(id, source, now, image.get(), values)
                : InputRecords.sensor(id, source, now, replay.featureNames(), values);
    }

    /** Rotates through the kinds of bad input the detector must dead-letter. */
    private void sendMalformed() {
        long n = malformed.getAndIncrement();
        String id = "bad-" + n;
        byte[] value =
                switch ((int) (n % 5)) {
                    case 0 ->
                            ("{\"id\": \"" + id + "\", \"features\": {")
                                    .getBytes(StandardCharsets.UTF_8);
                    case 1 -> new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
                    case 2 -> new byte[0];
                    case 3 ->
                            ("{\"id\": \""
                                            + id
                                            + "\", \"width\": 3, \"height\": 3, \"features\": {}}")
                                    .getBytes(StandardCharsets.UTF_8);
                    default -> ("[\"" + id + "\"]").getBytes(StandardCharsets.UTF_8);
                };
        send("bad-producer", value);
    }

    private void send(String key, byte[] value) {
        producer.send(
                new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value),
                (metadata, e) -> {
                    if (e == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, e);
                    }
                });
        produced.incrementAndGet();
    }

    /** Stops producing after the current record. */
    public void stop() {
        running = false;
    }

    /** Records produced so far, good and malformed. */
    public long produced() {
        return produced.get();
    }

    /** Records the broker has acknowledged so far, good and malformed. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** The first error of a send or of the replay itself, if there was one. */
    public Optional<Exception> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Malformed records produced so far. */
    public long malformed() {
        return malformed.get();
    }

    /** Whether {@code id} is a record that was replayed as a real anomaly. */
    public boolean isInjected(String id) {
        return injected.contains(id);
    }

    /** Real anomalies replayed so far. */
    public int injectedCount() {
        return injected.size();
    }
}
