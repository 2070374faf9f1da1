package io.jgrad.select;

import io.jgrad.Tensor;
import io.jgrad.data.Preprocessing;
import java.util.Objects;

/**
 * A data set after the analysis step: the profile, every example as a model takes it and the targets, plus the
 * preprocessing that turned raw examples into these inputs (saved with the chosen model so that prediction applies
 * the same).
 *
 * @param profile       what the analysis found
 * @param inputs        {@code [N, ...profile.inputShape()]}: F32 features or images, or I64 token ids for text
 * @param targets       {@code [N]} I64 class indices for classification, {@code [N, 1]} F32 values for regression
 * @param preprocessing raw example to model input, as fitted on the data
 */
public record PreparedData(TaskProfile profile, Tensor inputs, Tensor targets, Preprocessing preprocessing) {

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

    /** The number of examples. */
    public int size() {
        return profile.samples();
    }
}
