package io.latentwatch.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentwatch.metrics.DetectorMetrics;
import io.latentwatch.model.Manifest;
import io.latentwatch.scoring.Score;
import io.latentwatch.scoring.Scorer;
import io.latentwatch.stream.OutputRecords.Alert;
import io.latentwatch.stream.OutputRecords.DeadLetter;
import io.latentwatch.stream.OutputRecords.ScoreRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses, scores and routes each input record: an anomaly to the alert sink (unless its source was
 * alerted within the suppression window), a record that cannot be scored to the dead-letter sink,
 * and every score and reconstruction to their sinks when there are some. It never throws on a bad
 * record.
 *
 * <p>Every record is scored and forwarded inside {@link #process}, before Kafka Streams can commit
 * its offset, so a crash loses nothing: at worst, under at-least-once, records after the last
 * commit are scored again.
 *
 * <p>One instance per stream task, each with its own scorer, rebuilt when the model is reloaded;
 * not thread-safe.
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ScoringProcessor.class);

    static final String MODEL_VERSION_HEADER = "latentwatch.model.version";
    static final String CONTENT_TYPE_HEADER = "content-type";
    static final String REASON_HEADER = "latentwatch.reason";

    /**
     * The most of a bad value copied into its dead letter: base64 makes it a third larger, and the
     * dead letter must stay under the broker's default message size limit of 1 MiB.
     */
    static final int DEAD_LETTER_PAYLOAD_BYTES = 256 * 1024;

    private final LiveModel model;
    private final TopologySettings settings;
    private final DetectorMetrics metrics;
    private final Clock clock;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> suppression;
    private long generation;
    private Manifest manifest;
    private Scorer scorer;
    private RecordParser parser;
    private Explainer explainer;

    ScoringProcessor(
            LiveModel model, TopologySettings settings, DetectorMetrics metrics, Clock clock) {
        this.model = model;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        if (settings.suppresses()) {
            this.suppression = context.getStateStore(DetectorTopology.SUPPRESSION_STORE);
        }
        follow(model.current());
    }

    /** Scores with {@code loaded} from now on. */
    private void follow(LiveModel.Loaded loaded) {
        Scorer next = loaded.scorers().get();
        if (scorer != null) {
            scorer.close();
        }
        scorer = next;
        generation = loaded.generation();
        manifest = loaded.manifest();
        parser =
                new RecordParser(
                        manifest, settings.recordMaxBytes(), settings.rejectExtraFeatures());
        explainer = new Explainer(manifest, settings.alertTopFeatures(), settings.alertCellSize());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        LiveModel.Loaded loaded = model.current();
        if (loaded.generation() != generation) {
            follow(loaded);
        }
        Origin origin = origin();
        long started = System.nanoTime();
        ParsedRecord parsed;
        Score score;
        try {
            parsed = parser.parse(record.value());
            score = scorer.score(parsed.features());
            if (!Double.isFinite(score.error())) {
                throw new InvalidRecordException(
                        Reason.SCORING_FAILED,
                        "reconstruction error is not finite: " + score.error());
            }
        } catch (InvalidRecordException e) {
            deadLetter(record, origin, e.reason(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.debug("Scoring failed topic={} offset={}", origin.topic(), origin.offset(), e);
            deadLetter(record, origin, Reason.SCORING_FAILED, "scoring failed: " + e);
            return;
        }
        long scoringNanos = System.nanoTime() - started;
        long detectedAt = clock.millis();
        long timestamp = parsed.timestamp() != null ? parsed.timestamp() : record.timestamp();
        metrics.recordScored(
                origin.topic(),
                score.error(),
                score.ratio(),
                score.isAnomaly(),
                scoringNanos,
                detectedAt - timestamp);
        byte[] key = outputKey(parsed, record.key());
        if (settings.writesScores()) {
            forward(
                    record,
                    key,
                    OutputRecords.toJson(scoreRecord(parsed, origin, score)),
                    DetectorTopology.SCORES_SINK,
                    score.modelVersion());
        }
        if (settings.writesReconstructions() && score.explainable()) {
            forward(
                    record,
                    key,
                    reconstruction(parsed, score),
                    DetectorTopology.RECONSTRUCTION_SINK,
                    score.modelVersion());
        }
        if (score.isAnomaly()) {
            Long suppressedBefore = suppressed(new String(key, StandardCharsets.UTF_8), timestamp);
            if (suppressedBefore == null) {
                metrics.recordSuppressed(origin.topic());
                return;
            }
            Alert alert =
                    new Alert(
                            parsed.id(),
                            parsed.source(),
                            origin.topic(),
                            origin.partition(),
                            origin.offset(),
                            timestamp,
                            detectedAt,
                            score.error(),
                            score.threshold(),
                            score.ratio(),
                            Explainer.severity(score.ratio()),
                            score.modelVersion(),
                            explainer.explain(parsed.features(), score),
                            suppressedBefore == 0 ? null : suppressedBefore);
            forward(
                    record,
                    key,
                    OutputRecords.toJson(alert),
                    DetectorTopology.ALERT_SINK,
                    score.modelVersion());
            metrics.recordAlert(origin.topic());
        }
    }

    /**
     * Decides whether the anomaly of {@code source} at event time {@code timestamp} is alerted.
     *
     * @return {@code null} when it is suppressed, else how many were suppressed before it
     */
    private Long suppressed(String source, long timestamp) {
        if (suppression == null) {
            return 0L;
        }
        byte[] stored = suppression.get(source);
        if (stored != null) {
            ByteBuffer state = ByteBuffer.wrap(stored);
            long lastAlert = state.getLong();
            long count = state.getLong();
            if (timestamp < lastAlert + settings.suppressionMs()) {
                suppression.put(source, state(lastAlert, count + 1));
                return null;
            }
            suppression.put(source, state(timestamp, 0));
            return count;
        }
        suppression.put(source, state(timestamp, 0));
        return 0L;
    }

    private static byte[] state(long lastAlert, long suppressedSince) {
        return ByteBuffer.allocate(16).putLong(lastAlert).putLong(suppressedSince).array();
    }

    private static ScoreRecord scoreRecord(ParsedRecord parsed, Origin origin, Score score) {
        return new ScoreRecord(
                parsed.id(),
                parsed.source(),
                origin.topic(),
                origin.partition(),
                origin.offset(),
                score.error(),
                score.isAnomaly(),
                score.modelVersion());
    }

    /** The record as the network rebuilds it, in the input format and units. */
    private byte[] reconstruction(ParsedRecord parsed, Score score) {
        float[] values = new float[score.reconstruction().length];
        manifest.scaler().inverseTransform(score.reconstruction(), values);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", parsed.id());
        if (parsed.source() != null) {
            json.put("source", parsed.source());
        }
        if (parsed.timestamp() != null) {
            json.put("timestamp", parsed.timestamp());
        }
        if (manifest.image().isPresent()) {
            json.put("width", manifest.image().get().width());
            json.put("height", manifest.image().get().height());
            var pixels = json.putArray("pixels");
            for (float v : values) {
                pixels.add(v);
            }
        } else {
            ObjectNode features = json.putObject("features");
            for (int i = 0; i < values.length; i++) {
                features.put(manifest.featureNames().get(i), values[i]);
            }
        }
        json.put("error", score.error());
        json.put("modelVersion", score.modelVersion());
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void deadLetter(
            Record<byte[], byte[]> record, Origin origin, Reason reason, String message) {
        byte[] value = record.value();
        boolean truncated = value != null && value.length > DEAD_LETTER_PAYLOAD_BYTES;
        byte[] copied = truncated ? Arrays.copyOf(value, DEAD_LETTER_PAYLOAD_BYTES) : value;
        Base64.Encoder base64 = Base64.getEncoder();
        DeadLetter letter =
                new DeadLetter(
                        reason,
                        message,
                        origin.topic(),
                        origin.partition(),
                        origin.offset(),
                        record.timestamp(),
                        clock.millis(),
                        record.key() == null ? null : base64.encodeToString(record.key()),
                        copied == null ? null : base64.encodeToString(copied),
                        value == null ? 0 : value.length,
                        truncated ? Boolean.TRUE : null,
                        manifest.modelVersion());
        Headers headers = headers(manifest.modelVersion());
        headers.add(REASON_HEADER, reason.name().getBytes(StandardCharsets.UTF_8));
        context.forward(
                record.withValue(OutputRecords.toJson(letter)).withHeaders(headers),
                DetectorTopology.DEAD_LETTER_SINK);
        metrics.recordDeadLetter(origin.topic(), reason.name());
    }

    private void forward(
            Record<byte[], byte[]> record,
            byte[] key,
            byte[] value,
            String sink,
            String modelVersion) {
        context.forward(
                record.withKey(key).withValue(value).withHeaders(headers(modelVersion)), sink);
    }

    private static Headers headers(String modelVersion) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MODEL_VERSION_HEADER, modelVersion.getBytes(StandardCharsets.UTF_8));
        headers.add(CONTENT_TYPE_HEADER, "application/json".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** Alerts and scores are keyed by the record's source, else its key, else its id. */
    private static byte[] outputKey(ParsedRecord parsed, byte[] key) {
        if (parsed.source() != null) {
            return parsed.source().getBytes(StandardCharsets.UTF_8);
        }
        return key != null ? key : parsed.id().getBytes(StandardCharsets.UTF_8);
    }

    private Origin origin() {
        return context.recordMetadata()
                .map(m -> new Origin(m.topic(), m.partition(), m.offset()))
                .orElse(new Origin("unknown", -1, -1));
    }

    @Override
    public void close() {
        if (scorer != null) {
            scorer.close();
        }
    }

    private record Origin(String topic, int partition, long offset) {}
}
