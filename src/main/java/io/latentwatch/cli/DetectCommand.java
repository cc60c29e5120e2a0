package io.latentwatch.cli;

import io.latentwatch.config.DetectorConfig;
import io.latentwatch.model.BundleFile;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.scoring.Scorer;
import io.latentwatch.scoring.Scorers;
import io.latentwatch.stream.Detector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latentwatch detect}: runs the streaming detector until it is stopped. */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = "Score records from Kafka and write alerts and dead letters.")
final class DetectCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(DetectCommand.class);

    @Option(
            names = "--config",
            required = true,
            paramLabel = "FILE",
            description = "Detector settings (properties); LATENTWATCH_* variables override them.")
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
        DetectorConfig settings = DetectorConfig.load(config);
        ModelBundle bundle = BundleFile.read(settings.modelPath());
        log.info(
                "Model loaded version={} threshold={} features={}",
                bundle.manifest().modelVersion(),
                bundle.manifest().threshold(),
                bundle.manifest().featureCount());
        Scorer scorer = Scorers.forBundle(bundle);
        Detector detector = new Detector(settings, bundle.manifest(), () -> scorer);
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
}
