package io.jgrad;

/** How a functional loss ({@link F#mseLoss}) combines its per-element values, as PyTorch's {@code reduction}. */
public enum LossReduction {
    /** The per-element losses, shaped like the input. */
    NONE,
    /** Their average: the sum divided by the number of elements. */
    MEAN,
    /** Their sum. */
    SUM
}
