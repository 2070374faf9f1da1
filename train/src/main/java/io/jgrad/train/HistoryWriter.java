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
                TrainingPlots.write(trainer.history(), dir);
            } else if (plots && !toldNoPlots) {
                toldNoPlots = true;
                System.err.println("jgrad: training plots skipped: add org.jfree:jfreechart to draw them");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the history into " + dir + " failed", e);
        }
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
