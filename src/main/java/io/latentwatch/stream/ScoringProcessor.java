package io.latentwatch.stream;

import io.latentwatch.metrics.DetectorMetrics;
import io.latentwatch.scoring.Score;
import io.latentwatch.scoring.Scorer;
import io.latentwatch.stream.OutputRecords.Alert;
import io.latentwatch.stream.OutputRecords.DeadLetter;
import io.latentwatch.stream.OutputRecords.ScoreRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses, scores and routes each input record: an anomaly to the alert sink, a record that cannot
 * be scored to the dead-letter sink, and every score to the scores sink when there is one. It never
 * throws on a bad record.
 *
 * <p>One instance per stream task, each with its own scorer; not thread-safe.
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ScoringProcessor.class);

    static final String MODEL_VERSION_HEADER = "latentwatch.model.version";
    static final String CONTENT_TYPE_HEADER = "content-type";
    static final String REASON_HEADER = "latentwatch.reason";

    private final Supplier<Scorer> scorers;
    private final TopologySettings settings;
    private final DetectorMetrics metrics;
    private final Clock clock;
    private ProcessorContext<byte[], byte[]> context;
    private Scorer scorer;
    private RecordParser parser;

    ScoringProcessor(
            Supplier<Scorer> scorers,
            TopologySettings settings,
            DetectorMetrics metrics,
            Clock clock) {
        this.scorers = scorers;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.scorer = scorers.get();
        this.parser = new RecordParser(scorer.manifest(), settings.recordMaxBytes());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
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
        metrics.recordScored(
                origin.topic(), score.error(), score.isAnomaly(), System.nanoTime() - started);
        byte[] key = outputKey(parsed, record.key());
        if (settings.writesScores()) {
            forward(
                    record,
                    key,
                    OutputRecords.toJson(scoreRecord(parsed, origin, score)),
                    DetectorTopology.SCORES_SINK,
                    score.modelVersion());
        }
        if (score.isAnomaly()) {
            long timestamp = parsed.timestamp() != null ? parsed.timestamp() : record.timestamp();
            Alert alert =
                    new Alert(
                            parsed.id(),
                            parsed.source(),
                            origin.topic(),
                            origin.partition(),
                            origin.offset(),
                            timestamp,
                            clock.millis(),
                            score.error(),
                            score.threshold(),
                            score.ratio(),
                            score.modelVersion());
            forward(
                    record,
                    key,
                    OutputRecords.toJson(alert),
                    DetectorTopology.ALERT_SINK,
                    score.modelVersion());
            metrics.recordAlert();
        }
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

    private void deadLetter(
            Record<byte[], byte[]> record, Origin origin, Reason reason, String message) {
        byte[] value = record.value();
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
                        value == null ? null : base64.encodeToString(value),
                        value == null ? 0 : value.length,
                        scorer.manifest().modelVersion());
        Headers headers = headers(scorer.manifest().modelVersion());
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

    private record Origin(String topic, int partition, long offset) {
        @SuppressWarnings("unused")
        static Origin of(RecordMetadata metadata) {
            return new Origin(metadata.topic(), metadata.partition(), metadata.offset());
        }
    }
}
