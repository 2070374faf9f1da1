package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.backend.IndexRangeException;
import io.jgrad.nn.init.Init;

/**
 * A lookup table, PyTorch's {@code nn.Embedding}: integer indices of any shape in, their rows of {@code weight}
 * [num, dim] out ([..., dim]). The weight starts N(0, 1), as PyTorch's. The lookup is an {@code indexSelect}, whose
 * gradient adds each output row's gradient into its table row (a scatter-add; no dense one-hot product).
 *
 * <p>A {@link #paddingIndex} row starts at zero and gets no gradient (its lookups still return it). With a
 * {@link #maxNorm}, each looked-up row whose p-norm exceeds it is first scaled in place down to that norm (PyTorch's
 * {@code max_norm}: {@code row *= maxNorm / (norm + 1e-7)}), outside the graph.
 */
public final class Embedding extends Module {
    private final int num;
    private final int dim;
    private final int paddingIndex; // -1: none
    private double maxNorm = Double.NaN;
    private double normType = 2;

    /** A table of {@code num} rows of size {@code dim}, without padding index. */
    public Embedding(int num, int dim) { this(num, dim, null, null); }

    /**
     * A table with an optional padding index (negative counts from the end, as PyTorch's) and generator for the
     * initial values (null: the global one).
     */
    @SuppressWarnings("try") // the scope turns recording off; it is not read
    public Embedding(int num, int dim, Integer paddingIndex, Generator generator) {
        if (num <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding: the table size and dimension must be positive, got " + num + " x " + dim);
        }
        this.num = num;
        this.dim = dim;
        if (paddingIndex != null && (paddingIndex >= num || paddingIndex < -num)) {
            throw new IllegalArgumentException("Embedding: padding index " + paddingIndex + " is outside the table of " + num + " rows");
        }
        this.paddingIndex = paddingIndex == null ? -1 : paddingIndex < 0 ? paddingIndex + num : paddingIndex;
        Tensor w = Init.normal(0, 1).create(Shape.of(num, dim), DType.F32, generator == null ? Generator.global() : generator);
        if (this.paddingIndex >= 0) {
            try (var off = Grad.off()) {
                w.narrow(0, this.paddingIndex, 1).fill(0);
            }
        }
        registerParameter("weight", w);
    }

    /** Renormalizes looked-up rows whose {@code normType}-norm exceeds {@code maxNorm} (off by default). Returns this. */
    public Embedding maxNorm(double maxNorm, double normType) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("Embedding: max norm must be positive, got " + maxNorm);
        this.maxNorm = maxNorm;
        this.normType = normType;
        return this;
    }

    public int numEmbeddings() { return num; }

    public int embeddingDim() { return dim; }

    /** The padding row, or -1 for none. */
    public int paddingIndex() { return paddingIndex; }

    /** The max norm, or NaN when off. */
    public double maxNorm() { return maxNorm; }

    public double normType() { return normType; }

    /** The table [num, dim]. */
    public Tensor weight() { return parameter("weight"); }

    @Override
    public Tensor forward(Tensor indices) {
        if (indices.dtype().isFloating() || indices.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Embedding: indices must be an integer tensor, got " + indices.dtype() + " " + indices.shape());
        }
        Tensor flat = indices.to(DType.I64).reshape(-1);
        if (!Double.isNaN(maxNorm)) renormalize(flat);
        Tensor rows;
        try {
            rows = weight().indexSelect(0, flat);
        } catch (IndexRangeException e) {
            throw new IllegalArgumentException("Embedding: index " + e.value() + " (at position " + e.position()
                    + " of indices " + indices.shape() + ") is outside the table of " + num + " rows", e);
        }
        if (paddingIndex >= 0 && rows.requiresGrad()) {
            // The padding row's lookups read the same values but pass no gradient back to the table.
            Tensor isPadding = flat.eq(paddingIndex).reshape(-1, 1);
            rows = Tensor.where(isPadding, rows.detach(), rows);
        }
        int[] outDims = new int[indices.rank() + 1];
        System.arraycopy(indices.dims(), 0, outDims, 0, indices.rank());
        outDims[indices.rank()] = dim;
        return rows.reshape(outDims);
    }

    /** Scales each looked-up row whose norm exceeds maxNorm down to it, in place and unrecorded. */
    @SuppressWarnings("try") // the scope turns recording off; it is not read
    private void renormalize(Tensor flat) {
        try (var off = Grad.off()) {
            Tensor w = weight();
            long[] ids = flat.toLongArray();
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (long id : ids) {
                if (id < 0 || id >= num || !seen.add(id)) continue;
                Tensor row = w.narrow(0, (int) id, 1);
                double norm = row.abs().pow(normType).sum().item();
                norm = Math.pow(norm, 1 / normType);
                if (norm > maxNorm) row.mulInPlace(maxNorm / (norm + 1e-7));
            }
        }
    }

    @Override
    public String toString() {
        return "Embedding(" + num + ", " + dim + (paddingIndex >= 0 ? ", padding_idx=" + paddingIndex : "")
                + (Double.isNaN(maxNorm) ? "" : ", max_norm=" + maxNorm) + ")";
    }
}
