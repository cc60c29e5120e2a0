package io.latentwatch.cli;

import io.latentwatch.training.EpochListener;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Training progress: a progress bar on a terminal, plain log lines anywhere else. */
final class ProgressBars {

    private ProgressBars() {}

    /** The listener that suits standard error: a bar when it is a terminal. */
    static EpochListener epochListener() {
        if (System.console() == null) {
            return EpochListener.LOG;
        }
        return new EpochListener() {
            private ProgressBar bar;

            @Override
            public void epochDone(
                    int epoch,
                    int epochs,
                    double trainingLoss,
                    double validationError,
                    double seconds) {
                if (bar == null) {
                    bar =
                            new ProgressBarBuilder()
                                    .setTaskName("Training")
                                    .setInitialMax(epochs)
                                    .setStyle(ProgressBarStyle.ASCII)
                                    .setUnit(" epochs", 1)
                                    .setConsumer(
                                            new me.tongfei.progressbar.ConsoleProgressBarConsumer(
                                                    System.err))
                                    .build();
                }
                bar.stepTo(epoch);
                bar.setExtraMessage(
                        String.format(
                                Locale.ROOT,
                                " loss=%.5f validation=%.5f",
                                trainingLoss,
                                validationError));
                if (epoch == epochs) {
                    bar.close();
                }
            }
        };
    }
}
