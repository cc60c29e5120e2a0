package io.latentwatch.cli;

import io.latentwatch.training.EpochListener;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of training and replays: bars on a terminal, plain lines anywhere else. */
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

    /** Progress of records sent; {@link #update} takes the count so far. */
    interface Records extends AutoCloseable {
        void update(long records);

        @Override
        void close();
    }

    /**
     * A bar of records sent to {@code topic} when this process has a terminal, else a line on
     * standard error every ten seconds.
     *
     * @param total the records to send, or -1 when there is no end
     */
    static Records records(long total, String topic) {
        if (System.console() == null) {
            return new Records() {
                private long lastLine = System.nanoTime();

                @Override
                public void update(long records) {
                    if (System.nanoTime() - lastLine >= 10_000_000_000L) {
                        lastLine = System.nanoTime();
                        System.err.printf(Locale.ROOT, "%s: %d records sent%n", topic, records);
                    }
                }

                @Override
                public void close() {}
            };
        }
        ProgressBar bar =
                new ProgressBarBuilder()
                        .setTaskName(topic)
                        .setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" records", 1)
                        .showSpeed()
                        .setConsumer(new ConsoleProgressBarConsumer(System.err))
                        .build();
        return new Records() {
            @Override
            public void update(long records) {
                bar.stepTo(records);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
