package io.jgrad.train;

import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Shows training progress. On a terminal: a live bar per epoch with the running loss, samples/s and ETA (the rich bar
 * of the optional {@code me.tongfei:progressbar} library when it is present, else a plain one fitted to the width). Otherwise (output redirected, CI logs) plain lines: one every
 * {@code intervalSeconds} during long epochs and one summary line per epoch.
 */
public abstract sealed class Progress permits Progress.Bar, Progress.Lines, Progress.Silent {

    /** A bar when standard output is a terminal, plain lines otherwise. */
    public static Progress auto() {
        Console c = System.console();
        return c != null && c.isTerminal() ? new Bar(System.out) : new Lines(System.out::println, 30);
    }

    public static Progress lines(PrintStream out) { return new Lines(out::println, 30); }

    /** Plain lines with an in-epoch line every {@code intervalSeconds} (0: only the epoch summaries). */
    public static Progress lines(PrintStream out, double intervalSeconds) { return new Lines(out::println, intervalSeconds); }

    /** Plain lines to a writer (flushed after each line). */
    public static Progress lines(PrintWriter out, double intervalSeconds) {
        return new Lines(line -> {
            out.println(line);
            out.flush();
        }, intervalSeconds);
    }

    public static Progress bar(PrintStream out) { return new Bar(out); }

    public static Progress silent() { return new Silent(); }

    abstract void epochBegin(int epoch, int epochs, int batches, int examples);

    /**
     * After each batch: batches done, examples done, the running mean loss and metrics (read only when a line or the
     * bar is redrawn: on a GPU each read waits for the device), and seconds since the epoch began.
     */
    abstract void batch(int done, long examples, DoubleSupplier meanLoss, double seconds, Supplier<Map<String, Double>> metrics);

    /** {@code loss 0.4123, accuracy 0.8512, 12,345 samples/s}. */
    static String running(long examples, double meanLoss, double seconds, Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", meanLoss));
        metrics.forEach((k, v) -> sb.append(String.format(Locale.ROOT, ", %s %.4f", k, v)));
        return sb.append(String.format(Locale.ROOT, ", %,.0f samples/s", examples / Math.max(seconds, 1e-9))).toString();
    }

    abstract void epochEnd(int epoch, int epochs, Map<String, Double> logs);

    /** {@code epoch 2/5 - loss 0.4123 - accuracy 0.8512 - val_loss ... - 12,345 samples/s - 4.1 s}. */
    static String summary(int epoch, int epochs, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder("epoch " + epoch + "/" + epochs);
        logs.forEach((k, v) -> {
            switch (k) {
                case "epoch", "samples_per_s", "seconds" -> { }
                case "lr" -> sb.append(String.format(Locale.ROOT, " - lr %.3g", v));
                default -> sb.append(String.format(Locale.ROOT, " - %s %.4f", k, v));
            }
        });
        sb.append(String.format(Locale.ROOT, " - %,.0f samples/s - %.1f s", logs.getOrDefault("samples_per_s", Double.NaN),
                logs.getOrDefault("seconds", Double.NaN)));
        return sb.toString();
    }

    static final class Bar extends Progress {
        private final PrintStream out;
        private final ProgressView view;
        private final EtaEstimate eta = new EtaEstimate();
        private double lastMessage = -1;
        private int batches;

        Bar(PrintStream out) {
            this.out = out;
            this.view = libraryPresent() ? new LibraryBar(out) : new PlainBar(out, PlainBar.terminalWidth());
        }

        /**
         * Whether the optional progress-bar library can be loaded. Checked here, not in {@link LibraryBar}: linking that
         * class loads the library's classes.
         */
        static boolean libraryPresent() {
            try {
                Class.forName("me.tongfei.progressbar.ProgressBar", false, Bar.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        @Override
        void epochBegin(int epoch, int epochs, int batches, int examples) {
            lastMessage = -1;
            this.batches = batches;
            eta.reset();
            view.begin("epoch " + epoch + "/" + epochs, batches);
        }

        @Override
        void batch(int done, long examples, DoubleSupplier meanLoss, double seconds, Supplier<Map<String, Double>> metrics) {
            OptionalDouble left = eta.secondsLeft(done, batches, seconds);
            // Redraw 4 times a second: each read of the loss may wait for a GPU.
            if (seconds - lastMessage >= 0.25 || lastMessage < 0) {
                lastMessage = seconds;
                view.update(done, running(examples, meanLoss.getAsDouble(), seconds, Map.of()), left);
            }
        }

        @Override
        void epochEnd(int epoch, int epochs, Map<String, Double> logs) {
            view.end();
            out.println(summary(epoch, epochs, logs));
        }
    }

    static final class Lines extends Progress {
        private final Consumer<String> out;
        private final double interval;
        private final EtaEstimate eta = new EtaEstimate();
        private double lastPrinted;
        private int batches;
        private int epoch;
        private int epochs;

        Lines(Consumer<String> out, double intervalSeconds) {
            this.out = out;
            this.interval = intervalSeconds;
        }

        @Override
        void epochBegin(int epoch, int epochs, int batches, int examples) {
            this.epoch = epoch;
            this.epochs = epochs;
            this.batches = batches;
            lastPrinted = 0;
            eta.reset();
        }

        @Override
        void batch(int done, long examples, DoubleSupplier meanLoss, double seconds, Supplier<Map<String, Double>> metrics) {
            OptionalDouble left = eta.secondsLeft(done, batches, seconds);
            if (interval <= 0 || seconds - lastPrinted < interval || done == batches) return;
            lastPrinted = seconds;
            out.accept(String.format(Locale.ROOT, "epoch %d/%d - batch %d/%d - %s - ETA %s",
                    epoch, epochs, done, batches, running(examples, meanLoss.getAsDouble(), seconds, metrics.get()),
                    EtaEstimate.format(left)));
        }

        @Override
        void epochEnd(int epoch, int epochs, Map<String, Double> logs) { out.accept(summary(epoch, epochs, logs)); }
    }

    static final class Silent extends Progress {
        @Override void epochBegin(int epoch, int epochs, int batches, int examples) {}

        @Override void batch(int done, long examples, DoubleSupplier meanLoss, double seconds, Supplier<Map<String, Double>> metrics) {}

        @Override void epochEnd(int epoch, int epochs, Map<String, Double> logs) {}
    }
}
