package io.jgrad.select.candidates;

import io.jgrad.select.TaskProfile;

import java.util.List;

/** What the built-in families share: the training hyperparameters and the size of the output layer. */
final class FamilyParts {
    private FamilyParts() {}

    /** Adds the training settings every family tunes: Adam's learning rate and the batch size. */
    static HyperparameterSpace.Builder training(HyperparameterSpace.Builder b, double defaultLr) {
        return b.realRange("lr", defaultLr, 1e-4, 1e-1, true).choice("batch_size", 32, 16, 32, 64, 128);
    }

    /** One logit per class for classification (two for binary), one value for regression. */
    static int outputs(TaskProfile profile) { return profile.task().isClassification() ? profile.classes() : 1; }

    /** The number of values in one example of {@code shape}. */
    static int features(List<Integer> shape) {
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    /** Checks an image shape {@code [C, H, W]} of at least {@code minSide} pixels a side. */
    static void requireImage(String family, List<Integer> shape, int minSide) {
        if (shape.size() != 3 || shape.get(1) < minSide || shape.get(2) < minSide) {
            throw new IllegalArgumentException(family + ": needs images [C, H, W] of at least " + minSide + "x"
                    + minSide + " pixels, got input shape " + shape);
        }
    }
}
