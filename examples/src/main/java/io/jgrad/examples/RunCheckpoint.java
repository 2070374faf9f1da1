package io.jgrad.examples;

import io.jgrad.io.Json;
import io.jgrad.io.JsonException;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.train.ModelCheckpoint;
import io.jgrad.train.Trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code jgrad train ... --resume DIR}: the checkpoint a bundled trainer writes after each epoch
 * ({@code DIR/last.safetensors}) records the model's name and the settings that shape the run, and a resume continues
 * only the same model with the same settings (more epochs allowed).
 */
final class RunCheckpoint {
    /** Checkpoint metadata: the bundled model's name, e.g. {@code fashion-mlp}. */
    static final String MODEL_KEY = "jgrad.run.model";
    /** Checkpoint metadata: the settings a resumed run must repeat, as JSON. */
    static final String SETTINGS_KEY = "jgrad.run.settings";

    private RunCheckpoint() {}

    /** The settings that must not change across a resume (not the epochs, folders or display). */
    static String settingsJson(TrainingHarness.Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_size", s.batchSize());
        m.put("lr", s.lr());
        m.put("seed", s.seed());
        m.put("precision", s.precision().name().toLowerCase(Locale.ROOT));
        m.put("limit", s.limit());
        return Json.write(m);
    }

    /**
     * Restores {@code trainer} from the checkpoint in {@code dir}; returns the epochs it holds.
     *
     * @throws IllegalArgumentException if {@code dir} has no checkpoint, it is of another model or other settings,
     *                                  or it holds {@code s.epochs()} epochs already
     */
    static int resume(Trainer trainer, Path dir, String model, TrainingHarness.Settings s) throws IOException {
        Path file = dir.resolve(ModelCheckpoint.LAST);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--resume " + dir
                    + ": no such folder (give the --out folder of an earlier"
                    + " jgrad train run)");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--resume " + dir + ": no checkpoint " + ModelCheckpoint.LAST + " there"
                    + " (jgrad train writes one into its --out folder after each epoch)");
        }
        Map<String, String> meta = SafetensorsFile.read(file).metadata();
        String saved = meta.get(MODEL_KEY);
        if (saved == null) {
            throw new IllegalArgumentException("--resume " + dir + ": " + file.getFileName() + " is not a checkpoint of"
                    + " jgrad train (no " + MODEL_KEY + " in its metadata)");
        }
        if (!saved.equals(model)) {
            throw new IllegalArgumentException("--resume " + dir + ": the checkpoint is of " + Json.printable(saved)
                    + ", not " + model + " (run jgrad train " + Json.printable(saved) + " --resume " + dir + ")");
        }
        String differences = differences(meta.getOrDefault(SETTINGS_KEY, "{}"), settingsJson(s));
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("--resume " + dir + ": the checkpoint was trained with other settings ("
                    + differences + "); resume with the same ones");
        }
        int done = trainer.resume(file);
        if (done >= s.epochs()) {
            throw new IllegalArgumentException("--resume " + dir + ": the checkpoint holds " + done + " epochs of the "
                    + s.epochs() + " asked for; ask for more with --epochs " + (done + 1) + " or higher");
        }
        return done;
    }

    /** {@code key: saved X, now Y} for each setting that differs. */
    private static String differences(String savedJson, String nowJson) {
        Map<?, ?> saved, now;
        try {
            saved = Json.parse(savedJson) instanceof Map<?, ?> m ? m : Map.of();
            now = (Map<?, ?>) Json.parse(nowJson);
        } catch (JsonException e) {
            return "unreadable " + SETTINGS_KEY + ": " + e.getMessage();
        }
        List<String> out = new ArrayList<>();
        now.forEach((k, v) -> {
            String a = String.valueOf(saved.get(k)), b = String.valueOf(v);
            if (!a.equals(b)) out.add(k + ": saved " + Json.printable(a) + ", now " + b);
        });
        return String.join(", ", out);
    }
}
