package io.jgrad.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the history to {@code history.csv} and {@code history.json} in a folder after every epoch, and, with
 * plots on, the training curves as PNGs (see {@link TrainingPlots}) when the optional JFreeChart library
 * ({@code org.jfree:jfreechart}) is present; without it the plots are skipped with one message on stderr.
 */
public final class HistoryWriter implements Callback {
    private final Path dir;
    private final boolean plots;
    private boolean toldNoPlots;
    private boolean plotsFailed;

    public HistoryWriter(Path dir, boolean plots) {
        this.dir = dir;
        this.plots = plots;
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        try {
            trainer.history().writeCsv(dir.resolve("history.csv"));
            trainer.history().writeJson(dir.resolve("history.json"));
            if (plots && plottingAvailable()) {
                writePlots(trainer.history());
            } else if (plots) {
                tellOnce("add org.jfree:jfreechart to draw them");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the history into " + dir + " failed", e);
        }
    }

    /**
     * Draws the curves. A failure to draw (a machine without fonts, a broken AWT) is reported once and training goes on:
     * the curves are a convenience, the history files hold the same figures.
     */
    private void writePlots(History history) throws IOException {
        if (plotsFailed) return;
        try {
            TrainingPlots.write(history, dir);
        } catch (RuntimeException | Error e) { // AWT reports a missing font or display as an Error (AWTError)
            if (e instanceof OutOfMemoryError || e instanceof StackOverflowError) throw e; // not a drawing problem
            plotsFailed = true;
            tellOnce("drawing failed: " + e);
        }
    }

    private void tellOnce(String why) {
        if (toldNoPlots) return;
        toldNoPlots = true;
        System.err.println("jgrad: training plots skipped: " + why);
    }

    /**
     * Whether JFreeChart can be loaded. Checked here, not in {@link TrainingPlots}: verifying that class loads the
     * chart classes it uses.
     */
    static boolean plottingAvailable() {
        try {
            Class.forName("org.jfree.chart.JFreeChart", false, HistoryWriter.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
