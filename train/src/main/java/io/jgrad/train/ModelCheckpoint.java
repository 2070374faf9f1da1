package io.jgrad.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes checkpoints (model + optimizer state + history, see {@link Trainer#saveCheckpoint}) into a folder:
 * {@code last.safetensors} after every epoch and {@code best.safetensors} whenever the monitored value improves.
 * Each file is written atomically, so a crash never leaves a half-written checkpoint.
 */
public final class ModelCheckpoint implements Callback {
    public static final String LAST = "last.safetensors";
    public static final String BEST = "best.safetensors";

    private final Path dir;
    private final Monitor monitor;
    private final boolean saveLast;
    private double best;

    /** @param monitor the value deciding "best", or null to write only {@code last} */
    public ModelCheckpoint(Path dir, Monitor monitor, boolean saveLast) {
        this.dir = dir;
        this.monitor = monitor;
        this.saveLast = saveLast;
        if (monitor == null && !saveLast) throw new IllegalArgumentException("checkpoint: nothing to write (no monitor and saveLast false)");
    }

    public ModelCheckpoint(Path dir, String monitor) { this(dir, Monitor.of(monitor), true); }

    @Override
    public void onTrainBegin(Trainer trainer) {
        if (monitor == null) return;
        // A resumed run keeps the best value seen before the checkpoint.
        best = monitor.worst();
        for (Map<String, Double> row : trainer.history().epochs()) {
            Double v = row.get(monitor.name());
            if (v != null && monitor.improved(v, best)) best = v;
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        try {
            if (saveLast) trainer.saveCheckpoint(dir.resolve(LAST));
            if (monitor != null) {
                double current = monitor.valueIn(logs);
                if (monitor.improved(current, best)) {
                    best = current;
                    trainer.saveCheckpoint(dir.resolve(BEST));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a checkpoint into " + dir + " failed", e);
        }
    }
}
