package io.jgrad.select;

import io.jgrad.Tensor;
import io.jgrad.data.Preprocessing;
import io.jgrad.nn.Module;
import io.jgrad.select.analyse.InputEncoding;
import io.jgrad.select.analyse.TargetScaling;
import io.jgrad.select.candidates.FeatureEncoding;
import io.jgrad.select.compare.FittedModel;
import io.jgrad.select.report.ReportFiles;
import io.jgrad.train.ModelCard;
import io.jgrad.train.ModelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A selection's outcome: the report and the chosen model, trained on train+validation, with what prediction needs.
 *
 * @param report          the report
 * @param fitted          the chosen model, trained on train+validation, with its trainer and learning curves
 * @param featureEncoding the chosen family's feature encoding (applied after the preprocessing)
 * @param preprocessing   the analysis step's preprocessing
 * @param inputEncoding   the analysis step's encoding of raw table rows or texts (applied before the preprocessing),
 *                        or null for images
 */
public record Selection(SelectionReport report, FittedModel fitted, FeatureEncoding featureEncoding,
                        Preprocessing preprocessing, InputEncoding inputEncoding) {
    /** The file name of the saved model in {@link #save}'s folder. */
    public static final String MODEL_FILE = "model.safetensors";
    /** The metadata key of the selected family in the saved model. */
    public static final String FAMILY_KEY = "select.family";
    /** The model-file metadata keys of the ranking metric, its test figure and the task. */
    public static final String METRIC_KEY = "select.metric", TEST_SCORE_KEY = "select.test_score",
            TASK_KEY = "select.task";

    /** The chosen model. */
    public Module model() { return fitted.model(); }

    /**
     * The model's outputs (logits, or values in the target's units) for prepared inputs {@code [n, ...]} (encoded here
     * first).
     */
    public Tensor predict(Tensor preparedInputs) { return fitted.predict(featureEncoding.apply(preparedInputs)); }

    /**
     * Writes {@value #MODEL_FILE} (weights, architecture, preprocessing, class names, the chosen hyperparameters with
     * the feature encoding, the seed; see {@link ModelCard}; the input encoding under
     * {@link InputEncoding#METADATA_KEY}; for regression the target's standardisation, which maps the model's outputs
     * back to the target's units, under {@link TargetScaling#METADATA_KEY}) and {@code report.md}, {@code report.html},
     * {@code report.json} into {@code dir} (created if needed).
     */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> hyperparameters = new LinkedHashMap<>(report.chosenConfig().asStrings());
        hyperparameters.put("epochs", Integer.toString(report.finalHistory().size()));
        hyperparameters.putAll(featureEncoding.describe());
        ModelCard card = new ModelCard(preprocessing, report.profile().classNames(), hyperparameters, report.seed());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FAMILY_KEY, report.chosenFamily());
        metadata.put(METRIC_KEY, report.metric().key());
        metadata.put(TEST_SCORE_KEY, Double.toString(report.testScore()));
        metadata.put(TASK_KEY, report.profile().task().name());
        if (inputEncoding != null) metadata.putAll(inputEncoding.metadata());
        if (fitted.targetScaling() != null) metadata.putAll(fitted.targetScaling().metadata());
        ModelFiles.save(model(), dir.resolve(MODEL_FILE), card, metadata);
        ReportFiles.writeAll(report, dir);
    }
}
