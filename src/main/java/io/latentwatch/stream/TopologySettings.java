package io.latentwatch.stream;

import io.latentwatch.config.DetectorConfig;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the topology needs to know: where records come from, where outcomes go, and how alerts are
 * written.
 *
 * @param inputTopics topics of the records to score; empty when {@code inputPattern} is set
 * @param inputPattern regular expression of the input topics, or {@code null}
 * @param alertTopic topic of the alerts
 * @param deadLetterTopic topic of the records that cannot be scored
 * @param scoresTopic topic of every score, or an empty string for none
 * @param reconstructionTopic topic of every reconstructed record, or an empty string for none
 * @param recordMaxBytes largest record value accepted
 * @param rejectExtraFeatures whether a record with features the model does not know is rejected
 * @param alertTopFeatures how many features or cells an alert's explanation lists
 * @param alertCellSize side in pixels of an image explanation's cells
 * @param suppressionMs at most one alert per source per this many ms of event time; 0 for all
 */
public record TopologySettings(
        List<String> inputTopics,
        Pattern inputPattern,
        String alertTopic,
        String deadLetterTopic,
        String scoresTopic,
        String reconstructionTopic,
        int recordMaxBytes,
        boolean rejectExtraFeatures,
        int alertTopFeatures,
        int alertCellSize,
        long suppressionMs) {

    public TopologySettings {
        inputTopics = List.copyOf(inputTopics);
        if (inputTopics.isEmpty() == (inputPattern == null)) {
            throw new IllegalArgumentException("Give either input topics or an input pattern");
        }
    }

    /** Settings for the given topics with every option at its default. */
    public static TopologySettings of(
            List<String> inputTopics, String alertTopic, String deadLetterTopic) {
        return new TopologySettings(
                inputTopics, null, alertTopic, deadLetterTopic, "", "", 1 << 20, false, 5, 4, 0);
    }

    /** The topology settings of a detector configuration. */
    public static TopologySettings of(DetectorConfig config) {
        return new TopologySettings(
                config.inputTopics(),
                config.inputPattern().isEmpty() ? null : Pattern.compile(config.inputPattern()),
                config.alertTopic(),
                config.deadLetterTopic(),
                config.scoresTopic(),
                config.reconstructionTopic(),
                config.recordMaxBytes(),
                config.rejectsExtraFeatures(),
                config.alertTopFeatures(),
                config.alertCellSize(),
                config.alertSuppressionMs());
    }

    /** A copy with a scores topic. */
    public TopologySettings withScoresTopic(String topic) {
        return new TopologySettings(
                inputTopics,
                inputPattern,
                alertTopic,
                deadLetterTopic,
                topic,
                reconstructionTopic,
                recordMaxBytes,
                rejectExtraFeatures,
                alertTopFeatures,
                alertCellSize,
                suppressionMs);
    }

    /** A copy with alert suppression over {@code windowMs}. */
    public TopologySettings withSuppression(long windowMs) {
        return new TopologySettings(
                inputTopics,
                inputPattern,
                alertTopic,
                deadLetterTopic,
                scoresTopic,
                reconstructionTopic,
                recordMaxBytes,
                rejectExtraFeatures,
                alertTopFeatures,
                alertCellSize,
                windowMs);
    }

    /** Whether every score is written to a scores topic. */
    public boolean writesScores() {
        return !scoresTopic.isEmpty();
    }

    /** Whether every reconstruction is written to a reconstruction topic. */
    public boolean writesReconstructions() {
        return !reconstructionTopic.isEmpty();
    }

    /** Whether alerts are suppressed per source. */
    public boolean suppresses() {
        return suppressionMs > 0;
    }
}
