package io.latentwatch.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of a command that is a Kafka client: where the brokers are, and client settings. */
final class KafkaClientOptions {

    @Option(
            names = "--bootstrap-server",
            defaultValue = "localhost:9092",
            paramLabel = "HOST:PORT",
            description = "Kafka brokers, comma separated (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = {"-X", "--client-property"},
            paramLabel = "KEY=VALUE",
            description =
                    "A setting of the Kafka client (producer or consumer), e.g. -X"
                            + " security.protocol=SSL; repeatable.")
    Map<String, String> properties = new HashMap<>();

    /** The client settings, with {@code bootstrap.servers} from {@code --bootstrap-server}. */
    Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>(properties);
        settings.put("bootstrap.servers", bootstrapServers);
        return settings;
    }
}
