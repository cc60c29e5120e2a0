package io.latentwatch.cli;

import io.latentwatch.embedded.EmbeddedKafka;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code latentwatch broker}: a single-node Kafka broker for trying {@code detect}, {@code produce}
 * and {@code alerts} on a machine without Kafka. It is the demo's embedded broker, kept running:
 * its data lives in a temporary folder, deleted when it stops.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description =
                "Run a single-node Kafka broker for trying detect, produce and alerts locally;"
                        + " its data is deleted when it stops.")
final class BrokerCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--topics",
            split = ",",
            paramLabel = "TOPIC",
            defaultValue = "latentwatch-records,latentwatch-alerts,latentwatch-dead-letters",
            description = "Topics to create, comma separated (default: ${DEFAULT-VALUE}).")
    List<String> topics;

    @Option(
            names = "--partitions",
            defaultValue = "3",
            description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop after this long, e.g. 10m (default: run until Ctrl-C).")
    Duration duration;

    @Override
    public Integer call() throws InterruptedException {
        if (partitions < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownHook hook =
                ShutdownHook.install(
                        "latentwatch-broker-stop",
                        () -> {
                            stop.countDown();
                            awaitQuietly(stopped);
                        });
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(partitions, topics.toArray(String[]::new));
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "Kafka broker running; topics %s with %d partitions each%n",
                    String.join(",", topics), partitions);
            out.printf("bootstrap.servers=%s%n", kafka.bootstrapServers());
            out.flush();
            if (duration != null) {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                stop.await();
            }
        } finally {
            stopped.countDown();
            hook.remove();
        }
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
