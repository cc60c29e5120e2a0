package io.latentwatch.training;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hears of each finished training epoch: a log line by default, a progress bar on a terminal. */
@FunctionalInterface
public interface EpochListener {

    /** Logs one line per epoch at INFO. */
    EpochListener LOG =
            new EpochListener() {
                private final Logger log = LoggerFactory.getLogger(Trainer.class);

                @Override
                public void epochDone(
                        int epoch,
                        int epochs,
                        double trainingLoss,
                        double validationError,
                        double seconds) {
                    log.info(
                            "Epoch {}/{} trainingLoss={} validationError={} seconds={}",
                            epoch,
                            epochs,
                            String.format(Locale.ROOT, "%.6f", trainingLoss),
                            String.format(Locale.ROOT, "%.6f", validationError),
                            String.format(Locale.ROOT, "%.2f", seconds));
                }
            };

    /**
     * Called after each batch: {@code rows} of {@code total} training rows of {@code epoch} are
     * done. Does nothing by default.
     */
    default void batchDone(int epoch, long rows, long total) {}

    /**
     * Called after each epoch.
     *
     * @param epoch the epoch just finished, from 1
     * @param epochs the most epochs training will run
     * @param trainingLoss mean loss of the epoch's batches
     * @param validationError mean reconstruction error on the validation rows
     * @param seconds wall time of the epoch
     */
    void epochDone(
            int epoch, int epochs, double trainingLoss, double validationError, double seconds);
}
