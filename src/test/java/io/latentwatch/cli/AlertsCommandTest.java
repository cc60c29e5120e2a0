package io.latentwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class AlertsCommandTest {

    @Test
    void shouldSayWhenARecordIsNotAnAlertInsteadOfPrintingBlanks() {
        String deadLetter =
                "{\"reason\":\"INVALID_JSON\",\"message\":\"bad\",\"topic\":\"sensors\"}";

        String line =
                AlertsCommand.readable(
                        new ConsumerRecord<>(
                                "latentwatch-dead-letters",
                                0,
                                7L,
                                null,
                                deadLetter.getBytes(StandardCharsets.UTF_8)));

        assertThat(line)
                .startsWith("(not an alert at latentwatch-dead-letters[0]@7; is --topic the alert")
                .endsWith(deadLetter);
    }
}
