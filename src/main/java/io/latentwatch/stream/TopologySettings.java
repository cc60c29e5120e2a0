package io.latentwatch.stream;

import io.latentwatch.config.DetectorConfig;
import java.util.List;

/**
 * What the topology needs to know: where records come from and where outcomes go.
 *
 * @param inputTopics topics of the records to score
 * @param alertTopic topic of the alerts
 * @param deadLetterTopic topic of the records that cannot be scored
 * @param scoresTopic topic of every score, or an empty string for none
 * @param recordMaxBytes largest record value accepted
 */
public record TopologySettings(
        List<String> inputTopics,
        String alertTopic,
        String deadLetterTopic,
        String scoresTopic,
        int recordMaxBytes) {

    public TopologySettings {
        inputTopics = List.copyOf(inputTopics);
        if (inputTopics.isEmpty()) {
            throw new IllegalArgumentException("At least one input topic is needed");
        }
    }

    /** The topology settings of a detector configuration. */
    public static TopologySettings of(DetectorConfig config) {
        return new TopologySettings(
                config.inputTopics(),
                config.alertTopic(),
                config.deadLetterTopic(),
                config.scoresTopic(),
                config.recordMaxBytes());
    }

    /** Whether every score is written to a scores topic. */
    public boolean writesScores() {
        return !scoresTopic.isEmpty();
    }
}
