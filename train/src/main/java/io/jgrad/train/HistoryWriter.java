package io.jgrad.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the history to {@code history.csv} and {@code history.json} in a folder after every epoch, and, with
 * plots on, the training curves as PNGs (see {@link TrainingPlots}).
 */
public final class HistoryWriter implements Callback {
    private final Path dir;
    private final boolean plots;

    public HistoryWriter(Path dir, boolean plots) {
        this.dir = dir;
        this.plots = plots;
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        try {
            trainer.history().writeCsv(dir.resolve("history.csv"));
            trainer.history().writeJson(dir.resolve("history.json"));
            if (plots) TrainingPlots.write(trainer.history(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the history into " + dir + " failed", e);
        }
    }
}
