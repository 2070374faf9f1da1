package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;

/**
 * Adds the fixed sinusoidal position codes of "Attention Is All You Need" to x [length, batch, dModel] (or
 * [batch, length, dModel] with {@code batchFirst}): position p, feature 2i gets {@code sin(p / 10000^(2i / dModel))},
 * feature 2i + 1 the cosine. No parameters and nothing in the state dict; the table is computed in double once per
 * backend and dtype.
 */
public final class SinusoidalPositionalEncoding extends Module {
    private final int dModel, maxLen;
    private final boolean batchFirst;
    private Tensor table; // [maxLen, dModel] on the last input's backend and dtype

    /** Inputs [length, batch, dModel] of at most {@code maxLen} positions. */
    public SinusoidalPositionalEncoding(int dModel, int maxLen) { this(dModel, maxLen, false); }

    public SinusoidalPositionalEncoding(int dModel, int maxLen, boolean batchFirst) {
        if (dModel <= 0 || maxLen <= 0) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: dModel and maxLen must be positive, got "
                    + dModel + " and " + maxLen);
        }
        this.dModel = dModel;
        this.maxLen = maxLen;
        this.batchFirst = batchFirst;
    }

    public int dModel() { return dModel; }

    public int maxLen() { return maxLen; }

    public boolean batchFirst() { return batchFirst; }

    @Override
    public Tensor forward(Tensor x) {
        DType type = x.dtype().isFloating() ? x.dtype() : DType.F32;
        if (table == null || table.dtype() != type || table.backend() != x.backend()) {
            table = Scope.escape(table(type, x.backend())); // a cache: it outlives the step that made it
        }
        return PositionalEncodings.add("SinusoidalPositionalEncoding", x, table, batchFirst);
    }

    private Tensor table(DType type, Backend backend) {
        double[] pe = new double[maxLen * dModel];
        for (int p = 0; p < maxLen; p++) {
            for (int i = 0; i < dModel; i += 2) {
                double angle = p / Math.pow(10000, (double) i / dModel);
                pe[p * dModel + i] = Math.sin(angle);
                if (i + 1 < dModel) pe[p * dModel + i + 1] = Math.cos(angle);
            }
        }
        return Tensor.of(pe, maxLen, dModel).to(type).to(backend);
    }

    @Override
    public String toString() { return "SinusoidalPositionalEncoding(dModel=" + dModel + ", maxLen=" + maxLen + ")"; }
}
