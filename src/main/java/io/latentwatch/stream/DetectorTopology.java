package io.latentwatch.stream;

import io.latentwatch.metrics.DetectorMetrics;
import io.latentwatch.scoring.Scorer;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * Builds the detector's topology: input topics, then one scoring processor, then the alert,
 * dead-letter and optional scores sinks. Records are read as raw bytes so that a value that is not
 * JSON, or not UTF-8, reaches the processor and its dead letter instead of failing the
 * deserializer.
 */
public final class DetectorTopology {

    static final String SOURCE = "input";
    static final String PROCESSOR = "score";
    static final String ALERT_SINK = "alerts";
    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String SCORES_SINK = "scores";

    private DetectorTopology() {}

    /**
     * Builds the topology.
     *
     * @param settings topics and limits
     * @param scorers makes one scorer per stream task; called from stream threads
     * @param metrics where outcomes are counted
     * @param clock the source of detection times
     */
    public static Topology build(
            TopologySettings settings,
            Supplier<Scorer> scorers,
            DetectorMetrics metrics,
            Clock clock) {
        Topology topology = new Topology();
        topology.addSource(
                SOURCE,
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                settings.inputTopics().toArray(String[]::new));
        topology.addProcessor(
                PROCESSOR, () -> new ScoringProcessor(scorers, settings, metrics, clock), SOURCE);
        topology.addSink(
                ALERT_SINK,
                settings.alertTopic(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                PROCESSOR);
        topology.addSink(
                DEAD_LETTER_SINK,
                settings.deadLetterTopic(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                PROCESSOR);
        if (settings.writesScores()) {
            topology.addSink(
                    SCORES_SINK,
                    settings.scoresTopic(),
                    new ByteArraySerializer(),
                    new ByteArraySerializer(),
                    PROCESSOR);
        }
        return topology;
    }
}
