package io.latentwatch.stream;

import io.latentwatch.metrics.DetectorMetrics;
import java.time.Clock;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the detector's topology: input topics (or a topic pattern), then one scoring processor,
 * then the alert, dead-letter and optional scores and reconstruction sinks. Records are read as raw
 * bytes so that a value that is not JSON, or not UTF-8, reaches the processor and its dead letter
 * instead of failing the deserializer. With alert suppression on, the processor keeps the last
 * alert time of each source in a changelogged state store.
 */
public final class DetectorTopology {

    static final String SOURCE = "input";
    static final String PROCESSOR = "score";
    static final String ALERT_SINK = "alerts";
    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String SCORES_SINK = "scores";
    static final String RECONSTRUCTION_SINK = "reconstructions";

    /** Name of the state store of alert suppression; its changelog topic ends with it. */
    public static final String SUPPRESSION_STORE = "latentwatch-alert-suppression";

    private DetectorTopology() {}

    /**
     * Builds the topology.
     *
     * @param settings topics and limits
     * @param model the model in use, which stream tasks follow through reloads
     * @param metrics where outcomes are counted
     * @param clock the source of detection times
     */
    public static Topology build(
            TopologySettings settings, LiveModel model, DetectorMetrics metrics, Clock clock) {
        Topology topology = new Topology();
        if (settings.inputPattern() != null) {
            topology.addSource(
                    SOURCE,
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(),
                    settings.inputPattern());
        } else {
            topology.addSource(
                    SOURCE,
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(),
                    settings.inputTopics().toArray(String[]::new));
        }
        topology.addProcessor(
                PROCESSOR, () -> new ScoringProcessor(model, settings, metrics, clock), SOURCE);
        if (settings.suppresses()) {
            topology.addStateStore(
                    Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(SUPPRESSION_STORE),
                            Serdes.String(),
                            Serdes.ByteArray()),
                    PROCESSOR);
        }
        sink(topology, ALERT_SINK, settings.alertTopic());
        sink(topology, DEAD_LETTER_SINK, settings.deadLetterTopic());
        if (settings.writesScores()) {
            sink(topology, SCORES_SINK, settings.scoresTopic());
        }
        if (settings.writesReconstructions()) {
            sink(topology, RECONSTRUCTION_SINK, settings.reconstructionTopic());
        }
        return topology;
    }

    private static void sink(Topology topology, String name, String topic) {
        topology.addSink(
                name, topic, new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
    }
}
