package io.jgrad.select.compare;

/**
 * One train/validation split of the development rows (the test rows are never in a fold).
 *
 * @param repeat     the repetition, from 0
 * @param index      the fold within the repetition, from 0
 * @param train      rows to train on (indices into the prepared data)
 * @param validation rows to validate on
 */
public record Fold(int repeat, int index, int[] train, int[] validation) {
    /** Needs rows on both sides. */
    public Fold {
        if (train.length == 0 || validation.length == 0) {
            throw new IllegalArgumentException("fold " + index + " of repeat " + repeat + ": " + train.length
                    + " training and " + validation.length + " validation rows; both need some (more data or fewer"
                    + " folds)");
        }
    }

    /** A label like {@code r1 f3} for reports (1-based). */
    public String label() { return "r" + (repeat + 1) + " f" + (index + 1); }
}
