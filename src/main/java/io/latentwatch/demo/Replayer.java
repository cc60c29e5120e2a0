package io.latentwatch.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentwatch.data.Dataset;
import io.latentwatch.data.ImageShape;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a labelled dataset into a topic as Latentwatch records at a steady rate, looping over it,
 * with a few malformed records mixed in. It remembers which record ids are real anomalies so that
 * alerts can be scored against the truth.
 */
public final class Replayer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Replayer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One malformed record after this many good ones. */
    static final int MALFORMED_EVERY = 400;

    private final Dataset replay;
    private final String topic;
    private final double ratePerSecond;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Set<String> injected = ConcurrentHashMap.newKeySet();
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile boolean running = true;

    /**
     * Creates a replayer.
     *
     * @param replay rows labelled 1 for an anomaly, 0 for normal
     * @param ratePerSecond records per second to produce
     */
    public Replayer(String bootstrapServers, String topic, Dataset replay, double ratePerSecond) {
        this.replay = replay;
        this.topic = topic;
        this.ratePerSecond = ratePerSecond;
        this.producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.LINGER_MS_CONFIG,
                                5,
                                ProducerConfig.ACKS_CONFIG,
                                "all"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        try {
            for (int pass = 0; running; pass++) {
                for (int row = 0; row < replay.size() && running; row++) {
                    pace(started);
                    sendRecord(pass, row);
                    if (produced.get() % MALFORMED_EVERY == 0) {
                        sendMalformed();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private void pace(long started) throws InterruptedException {
        long due = started + (long) (produced.get() * 1e9 / ratePerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private void sendRecord(int pass, int row) {
        String id = "r" + pass + "-" + row;
        String source = sourceOf(row);
        if (replay.label(row) == 1) {
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
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("source", source);
        node.put("timestamp", System.currentTimeMillis());
        if (image.isPresent()) {
            node.put("width", image.get().width());
            node.put("height", image.get().height());
            ArrayNode pixels = node.putArray("pixels");
            for (float v : values) {
                pixels.add((int) v);
            }
        } else {
            ObjectNode features = node.putObject("features");
            List<String> names = replay.featureNames();
            for (int i = 0; i < values.length; i++) {
                features.put(names.get(i), values[i]);
            }
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
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
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
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
