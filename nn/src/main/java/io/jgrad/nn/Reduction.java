package io.jgrad.nn;

import io.jgrad.Tensor;

/** How a loss combines its per-element values. */
public enum Reduction {
    /** Per-element losses, shaped like the input (without the class axis for classification losses). */
    NONE,
    /** The average; classification losses with class weights divide by the total weight, as PyTorch. */
    MEAN,
    SUM,
    /** The sum divided by the batch size (the first dimension); KL divergence's mathematically correct mean. */
    BATCH_MEAN;

    /** Reduces per-element losses; {@code batch} is the batch size used by BATCH_MEAN. */
    Tensor apply(Tensor perElement, int batch) {
        return switch (this) {
            case NONE -> perElement;
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case BATCH_MEAN -> perElement.sum().div(batch);
        };
    }

    Tensor apply(Tensor perElement) { return apply(perElement, batchSize(perElement)); }

    /** The batch size BATCH_MEAN divides by when a loss's per-element values are shaped like {@code t}. */
    static int batchSize(Tensor t) { return t.rank() == 0 ? 1 : t.dim(0); }
}
