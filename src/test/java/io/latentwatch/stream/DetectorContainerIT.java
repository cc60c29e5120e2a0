package io.latentwatch.stream;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same check against the {@code apache/kafka} image; it runs where Docker is available and is
 * skipped elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class DetectorContainerIT extends DetectorScenario {

    @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }

    @Test
    void shouldGiveEveryRecordExactlyOneOutcomeOnAKafkaContainer() throws Exception {
        shouldGiveEveryRecordExactlyOneOutcome();
    }
}
