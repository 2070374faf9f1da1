package io.jgrad;

import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;
import io.jgrad.backend.ReduceOp;
import io.jgrad.backend.Storage;

import java.util.Arrays;

/** Reductions over axes (with keepDim), arg-reductions and softmax. */
final class Reductions {
    private Reductions() {}

    static int[] allAxes(Tensor t) {
        int[] axes = new int[t.rank()];
        for (int i = 0; i < axes.length; i++) axes[i] = i;
        return axes;
    }

    /** Flags for the reduced axes; negative axes count from the end, repeats are an error. */
    static boolean[] axisFlags(String op, Shape shape, int[] axes) {
        boolean[] flags = new boolean[shape.rank()];
        for (int axis : axes) {
            if (shape.rank() == 0 && (axis == 0 || axis == -1)) continue;
            int a = Shape.normalizeAxis(axis, shape.rank());
            if (flags[a]) throw new IllegalArgumentException(op + ": axis " + axis + " appears twice in " + Arrays.toString(axes));
            flags[a] = true;
        }
        return flags;
    }

    static Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDim) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        boolean[] flags = axisFlags(name, x.shape(), axes);
        if (x.dtype() == DType.BOOL || (x.dtype() == DType.I32 && (op == ReduceOp.SUM || op == ReduceOp.PROD))) {
            x = x.to(DType.I64);
        }
        if (!op.allowsEmpty()) {
            for (int i = 0; i < flags.length; i++) {
                if (flags[i] && x.dim(i) == 0) {
                    throw new IllegalArgumentException(name + ": cannot reduce over dimension " + i + " of size 0 (shape " + x.shape() + ")");
                }
            }
            if (x.numel() == 0 && x.rank() == 0) throw new IllegalArgumentException(name + ": empty tensor");
        }
        Backend backend = x.backend();
        Storage result = backend.reduce(op, x.storage(), x.layout(), flags);
        Tensor kept = Tensor.fresh(result, Backend.keptShape(x.shape(), flags), backend);
        kept.recordedAs(new Op.Reduce(op, x, kept, flaggedAxes(flags)));
        return keepDim ? kept : dropAxes(kept, flags);
    }

    private static int[] flaggedAxes(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) if (f) n++;
        int[] axes = new int[n];
        for (int i = 0, j = 0; i < flags.length; i++) if (flags[i]) axes[j++] = i;
        return axes;
    }

    /** Removes the flagged size-1 axes (a view). */
    static Tensor dropAxes(Tensor kept, boolean[] flags) {
        int n = 0;
        for (boolean f : flags) if (!f) n++;
        int[] dims = new int[n];
        for (int i = 0, j = 0; i < flags.length; i++) if (!flags[i]) dims[j++] = kept.dim(i);
        return kept.reshape(dims);
    }

    static int reducedCount(Shape shape, boolean[] flags) {
        long n = 1;
        for (int i = 0; i < flags.length; i++) if (flags[i]) n *= shape.dim(i);
        return (int) n;
    }

    static Tensor mean(Tensor x, int[] axes, boolean keepDim) {
        Tensor f = x.to(x.dtype().toFloating());
        int count = reducedCount(f.shape(), axisFlags("mean", f.shape(), axes));
        return f.sum(axes, keepDim).div(count);
    }

    static Tensor var(Tensor x, int[] axes, int correction, boolean keepDim) {
        Tensor f = x.to(x.dtype().toFloating());
        int count = reducedCount(f.shape(), axisFlags("var", f.shape(), axes));
        Tensor centered = f.sub(f.mean(axes, true));
        return centered.square().sum(axes, keepDim).div(Math.max(count - correction, 0));
    }

    static Tensor logsumexp(Tensor x, int[] axes, boolean keepDim) {
        Tensor f = x.to(x.dtype().toFloating());
        // Over an empty slice the sum of exponentials is 0 and the result -inf, as in PyTorch (max would raise).
        if (reducedCount(f.shape(), axisFlags("logsumexp", f.shape(), axes)) == 0) return f.exp().sum(axes, keepDim).log();
        Tensor max = f.detach().max(axes, true);
        // An all -inf (or +inf) slice would give inf - inf = NaN; shifting by 0 there gives the right -inf/+inf.
        Tensor shift = Tensor.where(max.abs().eq(Double.POSITIVE_INFINITY), Tensor.zerosLike(max), max);
        Tensor out = f.sub(shift).exp().sum(axes, true).log().add(shift);
        return keepDim ? out : dropAxes(out, axisFlags("logsumexp", f.shape(), axes));
    }

    static Tensor arg(boolean max, Tensor x, int axis, boolean keepDim) {
        String name = max ? "argmax" : "argmin";
        if (x.rank() == 0) return Creation.full(DType.I64, Shape.scalar(), 0, x.backend());
        int a = x.shape().axis(axis);
        if (x.dim(a) == 0) throw new IllegalArgumentException(name + ": dimension " + axis + " has size 0 (shape " + x.shape() + ")");
        Backend backend = x.backend();
        Tensor kept = Tensor.fresh(backend.argReduce(max, x.storage(), x.layout(), a),
                Backend.keptShape(x.shape(), axisFlags(name, x.shape(), new int[] {a})), backend);
        return keepDim ? kept : kept.squeeze(a);
    }

    static Tensor softmax(Tensor x, int axis, boolean log) {
        Tensor f = x.to(x.dtype().toFloating());
        if (f.rank() == 0) f = f.reshape(1);
        int a = f.shape().axis(axis);
        Tensor out = Tensor.fresh(f.backend().softmax(f.storage(), f.layout(), a, log), f.shape(), f.backend());
        out.recordedAs(new Op.Softmax(f, out, a, log));
        return x.rank() == 0 ? out.reshape() : out;
    }
}
