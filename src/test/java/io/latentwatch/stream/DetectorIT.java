package io.latentwatch.stream;

import io.latentwatch.embedded.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The detector against a real broker started in this JVM from Kafka's own server code. */
class DetectorIT extends DetectorScenario {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Override
    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Test
    void shouldGiveEveryRecordExactlyOneOutcomeOnAnEmbeddedBroker() throws Exception {
        shouldGiveEveryRecordExactlyOneOutcome();
    }
}
