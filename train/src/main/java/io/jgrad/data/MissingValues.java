package io.jgrad.data;

import io.jgrad.DType;
import io.jgrad.Tensor;

/** The check that no missing value (NaN) reaches a step that would spread it, such as a scaler's statistics. */
final class MissingValues {
    private MissingValues() {}

    /**
     * Throws when the matrix {@code x} ([rows, features]) holds a NaN, naming the first one's row and column and the
     * count. Costs one comparison pass and one host read of the count (a floating-point matrix only).
     */
    static void requireNone(String who, Tensor x) {
        if (!x.dtype().isFloating() || x.numel() == 0) return;
        Tensor missing = x.ne(x).to(DType.I64);
        long count = missing.sum().longItem();
        if (count == 0) return;
        long first = missing.reshape(-1).argmax().longItem();
        int cols = x.dim(1);
        throw new IllegalArgumentException(who + ": column " + first % cols + " has a missing value (NaN) at row " + first / cols
                + (count > 1 ? " (" + count + " missing values in all)" : "") + "; fill missing values with an Imputer first");
    }
}
