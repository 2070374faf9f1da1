package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;

/**
 * Adds a learned code per position to x [length, batch, dModel] (or [batch, length, dModel] with {@code batchFirst}):
 * the first {@code length} rows of {@code weight} [maxLen, dModel], initialized N(0, 1) as PyTorch's
 * {@code nn.Embedding} (what a learned position table is in PyTorch code).
 */
public final class LearnedPositionalEncoding extends Module {
    private final boolean batchFirst;

    /** Inputs [length, batch, dModel] of at most {@code maxLen} positions. */
    public LearnedPositionalEncoding(int maxLen, int dModel) { this(maxLen, dModel, false); }

    public LearnedPositionalEncoding(int maxLen, int dModel, boolean batchFirst) {
        if (dModel <= 0 || maxLen <= 0) {
            throw new IllegalArgumentException("LearnedPositionalEncoding: maxLen and dModel must be positive, got "
                    + maxLen + " and " + dModel);
        }
        this.batchFirst = batchFirst;
        registerParameter("weight", Tensor.randn(Generator.global(), DType.F32, maxLen, dModel));
    }

    public int maxLen() { return parameter("weight").dim(0); }

    public int dModel() { return parameter("weight").dim(1); }

    public boolean batchFirst() { return batchFirst; }

    @Override
    public Tensor forward(Tensor x) {
        return PositionalEncodings.add("LearnedPositionalEncoding", x, parameter("weight"), batchFirst);
    }

    @Override
    public String toString() { return "LearnedPositionalEncoding(maxLen=" + maxLen() + ", dModel=" + dModel() + ")"; }
}
