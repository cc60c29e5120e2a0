package io.latentwatch.cli;

import io.latentwatch.training.EpochListener;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Training progress: a bar per epoch on a terminal, plain log lines anywhere else. */
final class ProgressBars {

    private ProgressBars() {}

    /** The listener that suits this process: bars when it has a terminal. */
    static EpochListener epochListener() {
        if (System.console() == null) {
            return EpochListener.LOG;
        }
        return new EpochListener() {
            private ProgressBar bar;
            private String lastLoss = "";

            @Override
            public void batchDone(int epoch, long rows, long total) {
                if (bar == null) {
                    bar =
                            new ProgressBarBuilder()
                                    .setTaskName("Epoch " + epoch)
                                    .setInitialMax(total)
                                    .setStyle(ProgressBarStyle.ASCII)
                                    .setUnit(" rows", 1)
                                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                                    .build();
                    bar.setExtraMessage(lastLoss);
                }
                bar.stepTo(rows);
            }

            @Override
            public void epochDone(
                    int epoch,
                    int epochs,
                    double trainingLoss,
                    double validationError,
                    double seconds) {
                lastLoss =
                        String.format(
                                Locale.ROOT,
                                " loss=%.5f validation=%.5f",
                                trainingLoss,
                                validationError);
                if (bar != null) {
                    bar.setExtraMessage(lastLoss);
                    bar.close();
                    bar = null;
                }
            }
        };
    }
}
