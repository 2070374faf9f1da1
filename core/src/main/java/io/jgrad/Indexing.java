package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;
import io.jgrad.backend.IndexRangeException;
import io.jgrad.backend.Storage;

import java.util.ArrayList;
import java.util.List;

/** Joining, splitting, gathering and scattering, one-hot and padding. */
final class Indexing {
    private Indexing() {}

    static Tensor concat(List<Tensor> tensors, int axis) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("concat: needs at least one tensor");
        Tensor first = tensors.get(0);
        int rank = first.rank();
        if (rank == 0) throw new IllegalArgumentException("concat: 0-d tensors cannot be concatenated; unsqueeze them or use stack");
        int a = first.shape().axis(axis);
        DType type = first.dtype();
        long total = 0;
        for (int t = 0; t < tensors.size(); t++) {
            Tensor x = tensors.get(t);
            Elementwise.checkSameDevice("concat", first, x);
            if (x.rank() != rank) {
                throw new IllegalArgumentException("concat: tensor " + t + " has shape " + x.shape() + " but tensor 0 has shape "
                        + first.shape() + " (ranks differ)");
            }
            for (int d = 0; d < rank; d++) {
                if (d != a && x.dim(d) != first.dim(d)) {
                    throw new IllegalArgumentException("concat: tensor " + t + " has shape " + x.shape() + " but tensor 0 has shape "
                            + first.shape() + " (dimension " + d + ": " + x.dim(d) + " != " + first.dim(d) + ")");
                }
            }
            type = DType.promote(type, x.dtype());
            total += x.dim(a);
        }
        long[] dims = java.util.Arrays.stream(first.dims()).asLongStream().toArray();
        dims[a] = total;
        Shape shape = Shape.of("concat", dims);
        Backend backend = first.backend();
        Storage out = backend.allocate(type, shape.numel());
        Layout outLayout = Layout.contiguous(shape);
        List<Tensor> parts = new ArrayList<>(tensors.size());
        int at = 0;
        for (Tensor t : tensors) {
            Tensor x = t.to(type);
            parts.add(x);
            if (x.numel() > 0) backend.assign(out, outLayout.narrow(a, at, x.dim(a), 1), x.storage(), x.layout());
            at += x.dim(a);
        }
        return Tensor.fresh(out, shape, backend).recordedAs(new Op.Concat(parts, a));
    }

    static Tensor stack(List<Tensor> tensors, int axis) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack: needs at least one tensor");
        Shape shape = tensors.get(0).shape();
        List<Tensor> expanded = new ArrayList<>();
        for (int t = 0; t < tensors.size(); t++) {
            Tensor x = tensors.get(t);
            if (!x.shape().equals(shape)) {
                throw new IllegalArgumentException("stack: tensor " + t + " has shape " + x.shape() + " but tensor 0 has shape " + shape);
            }
            expanded.add(x.unsqueeze(axis));
        }
        return concat(expanded, axis < 0 ? axis + shape.rank() + 1 : axis);
    }

    static List<Tensor> split(Tensor x, int size, int axis) {
        if (size <= 0) throw new IllegalArgumentException("split: size must be positive, got " + size);
        int a = x.shape().axis(axis);
        List<Tensor> parts = new ArrayList<>();
        for (int start = 0; start < x.dim(a); start += size) parts.add(x.narrow(a, start, Math.min(size, x.dim(a) - start)));
        if (parts.isEmpty()) parts.add(x);
        return parts;
    }

    static List<Tensor> split(Tensor x, int[] sizes, int axis) {
        int a = x.shape().axis(axis);
        long total = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split: negative size " + s + " in " + java.util.Arrays.toString(sizes));
            total += s;
        }
        if (total != x.dim(a)) {
            throw new IllegalArgumentException("split: sizes " + java.util.Arrays.toString(sizes) + " sum to " + total
                    + " but dimension " + axis + " has size " + x.dim(a));
        }
        List<Tensor> parts = new ArrayList<>();
        int start = 0;
        for (int s : sizes) {
            parts.add(x.narrow(a, start, s));
            start += s;
        }
        return parts;
    }

    static List<Tensor> chunk(Tensor x, int chunks, int axis) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        int size = x.dim(axis);
        return split(x, Math.max(1, (size + chunks - 1) / chunks), axis);
    }

    /**
     * An integer index tensor as I64 on its backend, for dimension {@code axis} of {@code x} (which must have one: a
     * 0-d input is rejected). The values are checked against the dimension's size by the backend kernel that reads
     * them (an {@link io.jgrad.backend.IndexRangeException}), not downloaded here.
     */
    private static Tensor checkedIndex(String op, Tensor index, Tensor x, int axis) {
        if (index.dtype() != DType.I64 && index.dtype() != DType.I32) {
            throw new IllegalArgumentException(op + ": index must be I64 or I32, got " + index.dtype());
        }
        x.dim(axis);
        return index.to(DType.I64);
    }

    static Tensor gather(Tensor x, int axis, Tensor index) {
        Elementwise.checkSameDevice("gather", x, index);
        int a = x.shape().axis(axis);
        if (index.rank() != x.rank()) {
            throw new IllegalArgumentException("gather: index of shape " + index.shape() + " must have the same rank as input " + x.shape());
        }
        for (int d = 0; d < x.rank(); d++) {
            if (d != a && index.dim(d) > x.dim(d)) {
                throw new IllegalArgumentException("gather: index shape " + index.shape() + " exceeds input shape " + x.shape() + " in dimension " + d);
            }
        }
        Tensor idx = checkedIndex("gather", index, x, a);
        Backend backend = x.backend();
        Tensor out = Tensor.fresh(backend.gather(x.storage(), x.layout(), a, idx.storage(), idx.layout()), idx.shape(), backend);
        return out.recordedAs(new Op.Gather(x, a, idx));
    }

    static Tensor indexSelect(Tensor x, int axis, Tensor index) {
        Elementwise.checkSameDevice("indexSelect", x, index);
        if (index.rank() > 1) throw new IllegalArgumentException("indexSelect: index must be 0-d or 1-D, got shape " + index.shape());
        int a = x.shape().axis(axis);
        Tensor idx = checkedIndex("indexSelect", index.reshape(-1), x, a);
        int[] dims = x.dims();
        dims[a] = idx.numel();
        Backend backend = x.backend();
        Tensor out = Tensor.fresh(backend.indexSelect(x.storage(), x.layout(), a, idx.storage(), idx.layout()), Shape.of(dims), backend);
        return out.recordedAs(new Op.IndexSelect(x, a, idx));
    }

    static Tensor scatterAdd(Tensor x, int axis, Tensor index, Tensor src) {
        Elementwise.checkSameDevice("scatterAdd", x, index, src);
        int a = x.shape().axis(axis);
        if (!index.shape().equals(src.shape())) {
            throw new IllegalArgumentException("scatterAdd: index shape " + index.shape() + " and src shape " + src.shape() + " must match");
        }
        if (index.rank() != x.rank()) {
            throw new IllegalArgumentException("scatterAdd: index of shape " + index.shape() + " must have the same rank as input " + x.shape());
        }
        for (int d = 0; d < x.rank(); d++) {
            if (d != a && index.dim(d) > x.dim(d)) {
                throw new IllegalArgumentException("scatterAdd: index shape " + index.shape() + " exceeds input shape " + x.shape() + " in dimension " + d);
            }
        }
        Tensor idx = checkedIndex("scatterAdd", index, x, a);
        DType type = DType.promote(x.dtype(), src.dtype());
        Tensor base = x.to(type), values = src.to(type);
        Backend backend = x.backend();
        Storage out = backend.copy(base.storage(), base.layout(), type);
        backend.scatterAdd(out, Layout.contiguous(x.shape()), a, idx.storage(), idx.layout(), values.storage(), values.layout());
        return Tensor.fresh(out, x.shape(), backend).recordedAs(new Op.ScatterAdd(base, a, idx, values));
    }

    static Tensor maskedSelect(Tensor x, Tensor mask) {
        String op = "maskedSelect";
        Elementwise.checkSameDevice(op, x, mask);
        if (mask.dtype() != DType.BOOL) throw new IllegalArgumentException(op + ": mask must be BOOL, got " + mask.dtype());
        Shape shape = Shape.broadcast(op, x.shape(), mask.shape());
        Tensor positions, values;
        try (var off = Grad.off()) {
            positions = truePositions(mask.expand(shape.dims()).reshape(-1));
            values = x.expand(shape.dims()).reshape(-1);
        }
        Backend backend = x.backend();
        Storage out = backend.indexSelect(values.storage(), values.layout(), 0, positions.storage(), positions.layout());
        return Tensor.fresh(out, Shape.of(positions.numel()), backend).recordedAs(new Op.MaskedSelect(x, shape, positions));
    }

    /**
     * The flat positions (I64, ascending) of the true elements of a 1-D BOOL mask, on its backend. A prefix sum gives
     * each true element its rank among them; each is scattered to the slot of its rank, and the false ones to one spare
     * slot past the end, which is cut off. Only the count is read back to the host, to size the result.
     */
    private static Tensor truePositions(Tensor flatMask) {
        Backend backend = flatMask.backend();
        int n = flatMask.numel();
        if (n == 0) return Creation.full(DType.I64, Shape.of(0), 0, backend);
        Tensor rank = inclusiveSum(flatMask.to(DType.F64));
        int count = (int) rank.narrow(0, n - 1, 1).item();
        Tensor slot = Tensor.where(flatMask, rank.sub(1), Creation.full(DType.F64, Shape.scalar(), count, backend)).to(DType.I64);
        Tensor ordinal = Creation.arange(0, n, 1, DType.I64).to(backend);
        Tensor slots = Creation.full(DType.I64, Shape.of(count + 1), 0, backend).scatterAdd(0, slot, ordinal);
        return slots.narrow(0, 0, count);
    }

    /** Block length of {@link #inclusiveSum}: a block's sums are one product with a [64, 64] triangular matrix. */
    private static final int SCAN_BLOCK = 64;

    /**
     * Inclusive prefix sums of a 1-D F64 tensor of small integers (exact: every partial sum is an integer below 2^53,
     * whatever order a matrix product adds in), with a few tensor ops per level: the tensor as rows of 64, each row's
     * running sums as one product with an upper-triangular matrix of ones, then each row shifted by the sum of the
     * rows before it, a prefix sum of the row totals (recursively: log64(n) levels).
     */
    private static Tensor inclusiveSum(Tensor v) {
        int n = v.numel();
        if (n <= 1) return v;
        int width = Math.min(n, SCAN_BLOCK), rows = (n + width - 1) / width;
        double[] upper = new double[width * width];
        for (int i = 0; i < width; i++) for (int j = i; j < width; j++) upper[i * width + j] = 1;
        Tensor blocks = v.pad(new int[] {0, rows * width - n}, 0).reshape(rows, width);
        Tensor sums = blocks.matmul(Creation.fromFlat(upper, Shape.of(width, width), v.backend()));
        if (rows > 1) {
            Tensor totals = sums.narrow(1, width - 1, 1).reshape(rows);
            Tensor before = inclusiveSum(totals).sub(totals);
            sums = sums.add(before.unsqueeze(1));
        }
        return sums.reshape(-1).narrow(0, 0, n);
    }

    static Tensor oneHot(Tensor x, int numClasses) {
        if (x.dtype().isFloating() || x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("oneHot: class indices must be an integer tensor, got " + x.dtype());
        }
        if (numClasses <= 0) throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
        // Ones scattered along a new last axis, on x's backend; the scatter's kernel checks the classes.
        int[] dims = java.util.Arrays.copyOf(x.dims(), x.rank() + 1);
        dims[x.rank()] = numClasses;
        Shape shape = Shape.of(dims);
        Backend backend = x.backend();
        Tensor index = x.to(DType.I64).unsqueeze(-1);
        Layout ones = Layout.contiguous(Shape.scalar()).broadcastTo(index.shape(), "oneHot");
        Storage out = backend.full(DType.I64, shape.numel(), 0);
        try {
            backend.scatterAdd(out, Layout.contiguous(shape), x.rank(), index.storage(), index.layout(),
                    backend.full(DType.I64, 1, 1), ones);
        } catch (IndexRangeException e) {
            throw e.as("oneHot", -1);
        }
        return Tensor.fresh(out, shape, backend);
    }

    static Tensor pad(Tensor x, int[] pads, double value) {
        if (pads.length % 2 != 0 || pads.length / 2 > x.rank()) {
            throw new IllegalArgumentException("pad: expected (before, after) pairs for at most " + x.rank()
                    + " dimensions, got " + java.util.Arrays.toString(pads));
        }
        long[] dims = java.util.Arrays.stream(x.dims()).asLongStream().toArray();
        int[] before = new int[x.rank()], after = new int[x.rank()];
        for (int p = 0; p < pads.length / 2; p++) {
            int d = x.rank() - 1 - p;
            if (pads[2 * p] < 0 || pads[2 * p + 1] < 0) {
                throw new IllegalArgumentException("pad: negative padding " + java.util.Arrays.toString(pads) + " is not supported");
            }
            before[d] = pads[2 * p];
            after[d] = pads[2 * p + 1];
            dims[d] += (long) pads[2 * p] + pads[2 * p + 1];
        }
        Shape shape = Shape.of("pad", dims);
        Backend backend = x.backend();
        Storage out = backend.full(x.dtype(), shape.numel(), value);
        Layout inner = Layout.contiguous(shape);
        for (int d = 0; d < x.rank(); d++) inner = inner.narrow(d, before[d], x.dim(d), 1);
        if (x.numel() > 0) backend.assign(out, inner, x.storage(), x.layout());
        return Tensor.fresh(out, shape, backend).recordedAs(new Op.Pad(x, before, after, value));
    }
}
