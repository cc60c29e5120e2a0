package io.latentwatch.cli;

import io.latentwatch.config.DetectorConfig;
import io.latentwatch.scoring.Scorers;
import io.latentwatch.stream.Detector;
import io.latentwatch.stream.ScorerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latentwatch detect}: runs the streaming detector until it is stopped. */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = "Score records from Kafka and write alerts and dead letters.")
final class DetectCommand implements Callable<Integer> {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Detector settings (properties); LATENTWATCH_* variables override them."
                            + " Without it, settings come from LATENTWATCH_* variables alone.")
    Path config;

    @Option(
            names = "--shutdown-timeout",
            defaultValue = "30s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "How long to wait for a clean stop on SIGTERM (default: ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    @Override
    public Integer call() throws InterruptedException {
        DetectorConfig settings =
                config != null
                        ? DetectorConfig.load(config)
                        : DetectorConfig.fromProperties(Map.of(), System.getenv(), "environment");
        Detector detector = new Detector(settings, checkedScorers());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    detector.close(shutdownTimeout);
                                    stopped.countDown();
                                },
                                "latentwatch-shutdown"));
        detector.start();
        stopped.await();
        return 0;
    }

    /**
     * Scorers for a bundle that has passed its self-check: one thread-safe scorer shared by every
     * stream task, the JVM engine when it reproduces DL4J on the bundle's sample rows.
     */
    static ScorerFactory checkedScorers() {
        return ScorerFactory.sharing(Scorers::forBundle);
    }
}
