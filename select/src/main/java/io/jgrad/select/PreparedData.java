package io.jgrad.select;

import io.jgrad.Tensor;
import io.jgrad.data.Preprocessing;
import io.jgrad.select.analyse.InputEncoding;
import java.util.Objects;

/**
 * A data set after the analysis step: the profile, every example as a model takes it and the targets, plus the
 * preprocessing that turned raw examples into these inputs (saved with the chosen model so that prediction applies
 * the same).
 *
 * <p>For tables and text the raw examples are not numbers yet: {@code encoding} turns raw rows or texts into the
 * numbers {@code preprocessing} then takes; a model is saved with both (the encoding under
 * {@link InputEncoding#METADATA_KEY}). Images have no encoding: their raw form, pixels in [0, 1], is what
 * {@code preprocessing} takes.
 *
 * @param profile       what the analysis found
 * @param inputs        {@code [N, ...profile.inputShape()]}: F32 features or images, or I64 token ids for text
 * @param targets       {@code [N]} I64 class indices for classification, {@code [N, 1]} F32 values for regression
 * @param preprocessing encoded (or, for images, raw) example to model input, as fitted on the data
 * @param encoding      raw table row or text to numbers, as fitted on the data; null for images
 */
public record PreparedData(TaskProfile profile, Tensor inputs, Tensor targets, Preprocessing preprocessing,
                           InputEncoding encoding) {

    /** Checks inputs and targets have one row per example. */
    public PreparedData {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(preprocessing, "preprocessing");
        long n = inputs.shape().dim(0);
        if (targets.shape().dim(0) != n || n != profile.samples()) {
            throw new IllegalArgumentException("PreparedData: " + profile.samples() + " samples in the profile, "
                    + n + " input rows, " + targets.shape().dim(0) + " targets");
        }
    }

    /** Data whose raw examples need no encoding (images). */
    public PreparedData(TaskProfile profile, Tensor inputs, Tensor targets, Preprocessing preprocessing) {
        this(profile, inputs, targets, preprocessing, null);
    }

    /** The number of examples. */
    public int size() {
        return profile.samples();
    }
}
