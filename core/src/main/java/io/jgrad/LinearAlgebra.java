package io.jgrad;

import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

import java.util.Arrays;

/** Matrix products with PyTorch's matmul rules. */
final class LinearAlgebra {
    private LinearAlgebra() {}

    static Tensor matmul(Tensor a, Tensor b) {
        Elementwise.checkSameDevice("matmul", a, b);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got shapes " + a.shape() + " and " + b.shape());
        }
        DType type = DType.promote(a.dtype(), b.dtype());
        if (type == DType.BOOL) type = DType.I64;
        a = a.to(type);
        b = b.to(type);
        // Vectors become matrices (a row on the left, a column on the right); the added axis is removed afterwards.
        boolean vecA = a.rank() == 1, vecB = b.rank() == 1;
        Tensor x = vecA ? a.unsqueeze(0) : a;
        Tensor y = vecB ? b.unsqueeze(1) : b;
        int m = x.dim(-2), k = x.dim(-1), k2 = y.dim(-2), n = y.dim(-1);
        if (k != k2) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " cannot be multiplied (" + k + " != " + k2 + ")");
        }
        Shape batchA = Shape.of(Arrays.copyOf(x.dims(), x.rank() - 2));
        Shape batchB = Shape.of(Arrays.copyOf(y.dims(), y.rank() - 2));
        Shape batch;
        try {
            batch = Shape.broadcast("matmul", batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape() + " have batch dimensions "
                    + batchA + " and " + batchB + " that cannot be broadcast", e);
        }
        Tensor out = batched(x, y, batch, m, k, n);
        if (vecA) out = out.squeeze(-2);
        if (vecB) out = out.squeeze(-1);
        return out;
    }

    /** {@code x w^T + b} over x's last dimension (see {@link F#linear}). */
    static Tensor linear(Tensor x, Tensor w, Tensor b) { return linear(x, w, b, false); }

    /** {@code relu(x w^T + b)} over x's last dimension (see {@link F#linearRelu}). */
    static Tensor linearRelu(Tensor x, Tensor w, Tensor b) { return linear(x, w, b, true); }

    private static Tensor linear(Tensor x, Tensor w, Tensor b, boolean relu) {
        Elementwise.checkSameDevice("linear", b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b});
        if (x.rank() == 0 || w.rank() != 2 || (b != null && (b.rank() != 1 || b.dim(0) != w.dim(0)))) {
            throw new IllegalArgumentException("linear: expects x [..., K], w [N, K] and b [N], got x " + x.shape()
                    + ", w " + w.shape() + (b == null ? "" : ", b " + b.shape()));
        }
        if (x.dim(-1) != w.dim(1)) {
            throw new IllegalArgumentException("linear: input of shape " + x.shape() + " has " + x.dim(-1)
                    + " features but the weight " + w.shape() + " expects " + w.dim(1));
        }
        DType type = DType.promote(x.dtype(), w.dtype());
        if (b != null) type = DType.promote(type, b.dtype());
        if (!type.isFloating()) type = DType.F32;
        if (x.rank() != 2) {
            int[] outDims = x.dims();
            outDims[outDims.length - 1] = w.dim(0);
            return linear(x.reshape(-1, w.dim(1)), w, b, relu).reshape(outDims);
        }
        Tensor xs = x.to(type), ws = w.to(type), bs = b == null ? null : b.to(type);
        Backend backend = xs.backend();
        Shape outShape = Shape.of(xs.dim(0), ws.dim(0)); // checked before the kernel sizes its output
        Storage bStorage = bs == null ? null : bs.storage();
        Layout bLayout = bs == null ? null : bs.layout();
        Storage result = relu
                ? backend.linearRelu(xs.storage(), xs.layout(), ws.storage(), ws.layout(), bStorage, bLayout)
                : backend.linear(xs.storage(), xs.layout(), ws.storage(), ws.layout(), bStorage, bLayout);
        Tensor out = Tensor.fresh(result, outShape, backend);
        // With ReLU fused, its gradient only needs where the output is positive, so the pre-activation is never kept.
        return out.recordedAs(new Op.Linear(xs, ws, bs, out, relu));
    }

    /** [batch..., M, K] x [batch..., K, N] with the batch dimensions already broadcast-compatible. */
    private static Tensor batched(Tensor x, Tensor y, Shape batch, int m, int k, int n) {
        int batchCount = batch.numel();
        Layout la = flatBatch(x, batch, m, k);
        Layout lb = flatBatch(y, batch, k, n);
        Tensor xs = x, ys = y;
        if (la == null) { xs = x.expand(concatDims(batch, m, k)).contiguousCopy(); la = flatBatch(xs, batch, m, k); }
        if (lb == null) { ys = y.expand(concatDims(batch, k, n)).contiguousCopy(); lb = flatBatch(ys, batch, k, n); }
        Backend backend = x.backend();
        Shape outShape = Shape.of(concatDims(batch, m, n)); // checked before the kernel sizes its output
        Storage result = backend.matmul(xs.storage(), la, ys.storage(), lb);
        Tensor out = Tensor.fresh(result, outShape, backend);
        assert batchCount * m * n == out.numel();
        return out.recordedAs(new Op.Matmul(x, y));
    }

    /** The operand viewed as [batchCount, rows, cols] after broadcasting its batch dims, or null if that needs a copy. */
    private static Layout flatBatch(Tensor t, Shape batch, int rows, int cols) {
        Layout full = t.layout().broadcastTo(Shape.of(concatDims(batch, rows, cols)), "matmul");
        return full.reshapeView(Shape.of(batch.numel(), rows, cols));
    }

    private static int[] concatDims(Shape batch, int rows, int cols) {
        int[] dims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        dims[batch.rank()] = rows;
        dims[batch.rank() + 1] = cols;
        return dims;
    }
}
