package io.jgrad.nn;

import io.jgrad.Tensor;

/** The checks and the addition shared by the positional encodings: x [length, batch, d] or [batch, length, d]. */
final class PositionalEncodings {
    private PositionalEncodings() {}

    /** x plus the first {@code length} rows of {@code table} [maxLen, d], broadcast over the batch. */
    static Tensor add(String layer, Tensor x, Tensor table, boolean batchFirst) {
        int maxLen = table.dim(0), d = table.dim(1);
        if (x.rank() != 3 || x.dim(2) != d) {
            throw new IllegalArgumentException(layer + ": expected an input of shape " + (batchFirst ? "[batch, length, " : "[length, batch, ")
                    + d + "], got " + x.shape());
        }
        int length = x.dim(batchFirst ? 1 : 0);
        if (length > maxLen) {
            throw new IllegalArgumentException(layer + ": sequence length " + length + " exceeds maxLen " + maxLen
                    + " (input shape " + x.shape() + ")");
        }
        Tensor rows = table.narrow(0, 0, length);
        return x.add(batchFirst ? rows.unsqueeze(0) : rows.unsqueeze(1));
    }
}
