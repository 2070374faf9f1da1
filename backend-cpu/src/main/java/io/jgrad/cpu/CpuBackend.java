package io.jgrad.cpu;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.AdamStep;
import io.jgrad.backend.AttentionGradients;
import io.jgrad.backend.AttentionParams;
import io.jgrad.backend.AttentionResult;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.CompareOp;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.LayerNormGradients;
import io.jgrad.backend.LayerNormResult;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Pool2dParams;
import io.jgrad.backend.RandomDistribution;
import io.jgrad.backend.RecurrenceGradients;
import io.jgrad.backend.RecurrenceResult;
import io.jgrad.backend.RecurrentCell;
import io.jgrad.backend.ReduceOp;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.UnaryOp;
import io.jgrad.cpu.gemm.Dgemm;
import io.jgrad.cpu.gemm.Sgemm;
import io.jgrad.cpu.conv.CpuConvOps;
import io.jgrad.cpu.threads.Parallel;

import java.util.Arrays;

/**
 * The Vector API backend. It stores tensors as the reference backend does (heap arrays) and overrides the ops that
 * matter for speed with SIMD kernels for F32 and F64, split over the shared thread team ({@link Parallel}) when
 * large. Anything it does not accelerate (integer and bool tensors, gather/scatter, PROD) falls through to the
 * reference loops, so every op is always correct.
 *
 * <p>Elementwise ops walk their operands as rows ({@link RowPlan}): contiguous and broadcast operands need no copy;
 * an operand whose innermost stride is neither 0 nor 1 (a transposed view) is first copied contiguous, tile by tile.
 */
public class CpuBackend extends ReferenceBackend {
    @Override public String name() { return "cpu-simd"; }

    private static boolean vectorType(DType t) { return t == DType.F32 || t == DType.F64; }

    /** Memory of gradients the autograd engine is done with, for results whose kernels write every element. */
    private final RecycledArrays recycled = new RecycledArrays(Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 8));

    /** Closes a large F32 storage and keeps its array for a later result of the same length. */
    @Override
    public void recycle(Storage s) {
        if (s instanceof HostStorage h && !h.isClosed() && h.dtype() == DType.F32 && h.length() >= RecycledArrays.MIN_LENGTH) {
            float[] a = h.floats();
            h.close();
            recycled.give(a);
        }
    }

    /** Bytes of recycled memory kept for reuse now (for tests). */
    long recycledBytes() { return recycled.bytes(); }

    /**
     * Storage for a result whose kernel writes every element: a recycled array of that length when there is one (its
     * contents arbitrary), else a new one.
     */
    private HostStorage result(DType t, int length) {
        if (t != DType.F32) return HostStorage.allocate(t, length);
        float[] kept = recycled.take(length);
        return HostStorage.wrap(kept != null ? kept : ownArray(length));
    }

    /** An F32 array for a result: any recycled one of that length if its kernel writes every element, else zeros. */
    private float[] resultArray(int length, boolean writesEveryElement) {
        return writesEveryElement ? result(DType.F32, length).floats() : ownArray(length);
    }

    /** A new zeroed F32 array for a result, recorded as the backend's own so that its memory may be reused later. */
    private float[] ownArray(int length) {
        float[] a = new float[length];
        recycled.adopt(a);
        return a;
    }

    private static HostStorage host(Storage s) { return HostStorage.of(s); }

    // ---- memory -------------------------------------------------------------------------------------------------

    @Override
    public Storage allocateForOverwrite(DType dtype, int length) { return result(dtype, length); }

    @Override
    public Storage full(DType dtype, int length, double value) {
        // A new array is already +0.0 everywhere (not -0.0): filling it with zeros would be a second pass.
        boolean zeros = Double.doubleToRawLongBits(value) == 0;
        float[] kept = dtype == DType.F32 ? recycled.take(length) : null;
        if (kept != null) { // a recycled array, filled by every thread
            float v = (float) value;
            Parallel.forRange(length, 1, (from, to) -> Arrays.fill(kept, from, to, v));
            return HostStorage.wrap(kept);
        }
        switch (dtype) {
            case F32 -> {
                float[] a = ownArray(length);
                if (!zeros) Arrays.fill(a, (float) value);
                return HostStorage.wrap(a);
            }
            case F64 -> { double[] a = new double[length]; if (!zeros) Arrays.fill(a, value); return HostStorage.wrap(a); }
            default -> { return super.full(dtype, length, value); }
        }
    }

    @Override
    public Storage copy(Storage src, Layout srcLayout, DType dtype) {
        HostStorage s = host(src);
        Shape shape = srcLayout.shape();
        if (s.dtype() == dtype) {
            HostStorage out = result(dtype, shape.numel());
            CopyKernels.copy(out.array(), Layout.contiguous(shape), s.array(), srcLayout);
            return out;
        }
        if (vectorType(s.dtype()) && vectorType(dtype)) {
            HostStorage c = contiguous(s, srcLayout);
            int off = contiguousOffset(srcLayout);
            int n = shape.numel();
            HostStorage out = HostStorage.allocate(dtype, n);
            Parallel.forRange(n, 1, (from, to) -> {
                if (dtype == DType.F64) CopyKernels.convertF32ToF64(c.floats(), off + from, out.doubles(), from, to - from);
                else CopyKernels.convertF64ToF32(c.doubles(), off + from, out.floats(), from, to - from);
            });
            return out;
        }
        if (s.dtype() == DType.BOOL && dtype == DType.F32 && srcLayout.isContiguous()) {
            // Masks from comparisons (the ReLU gradient multiplies by x > 0) become floats on every backward pass.
            boolean[] mask = (boolean[]) s.array();
            int off = srcLayout.offset(), n = shape.numel();
            HostStorage out = HostStorage.allocate(dtype, n);
            float[] o = out.floats();
            Parallel.forRange(n, 1, (from, to) -> {
                for (int i = from; i < to; i++) o[i] = mask[off + i] ? 1f : 0f;
            });
            return out;
        }
        return super.copy(src, srcLayout, dtype);
    }

    /** The storage itself when the view is contiguous (read from its offset), else a contiguous copy. */
    private HostStorage contiguous(HostStorage s, Layout layout) {
        return layout.isContiguous() ? s : (HostStorage) copy(s, layout, s.dtype());
    }

    /** Where {@link #contiguous}'s array holds the view's first element: the view's offset, or 0 in a copy. */
    private static int contiguousOffset(Layout layout) { return layout.isContiguous() ? layout.offset() : 0; }

    @Override
    public void assign(Storage dst, Layout dstLayout, Storage src, Layout srcLayout) {
        HostStorage d = host(dst), s = host(src);
        // Overlapping views of one array keep the reference's element-by-element order.
        if (d.dtype() != s.dtype() || d.array() == s.array()) {
            super.assign(dst, dstLayout, src, srcLayout);
            return;
        }
        CopyKernels.copy(d.array(), dstLayout, s.array(), srcLayout);
    }

    // ---- elementwise --------------------------------------------------------------------------------------------

    /** An input as the elementwise kernels will read it. */
    private record Operand(HostStorage storage, Layout layout) {}

    /** The view as is when its inner stride suits the kernels (0 or 1), else a contiguous copy. */
    private Operand kernelReady(HostStorage s, Layout layout, RowPlan plan, int view) {
        int st = plan.innerStride(view);
        if (plan.inner <= 1 || st == 0 || st == 1) return new Operand(s, layout);
        return new Operand((HostStorage) copy(s, layout, s.dtype()), Layout.contiguous(layout.shape()));
    }

    /** 0 for a broadcast run, 1 otherwise (a run of length 1 may report any stride). */
    private static int unitStride(RowPlan plan, int view) { return plan.innerStride(view) == 0 ? 0 : 1; }

    @Override
    public Storage unary(UnaryOp op, Storage x, Layout xLayout, double a, double b) {
        HostStorage in = host(x);
        if (!vectorType(in.dtype()) || xLayout.numel() == 0) return super.unary(op, x, xLayout, a, b);
        Shape shape = xLayout.shape();
        Layout outLayout = Layout.contiguous(shape);
        RowPlan plan = RowPlan.of(shape, outLayout, xLayout);
        if (plan.inner > 1 && plan.innerStride(1) != 1) {
            in = (HostStorage) copy(in, xLayout, in.dtype());
            plan = RowPlan.of(shape, outLayout, outLayout);
        }
        HostStorage out = result(in.dtype(), shape.numel());
        HostStorage src = in;
        if (in.dtype() == DType.F32) {
            float fa = (float) a, fb = (float) b;
            plan.forEachSegment((o, n) -> UnaryKernels.f32(op, fa, fb, src.floats(), o[1], out.floats(), o[0], n));
        } else {
            plan.forEachSegment((o, n) -> UnaryKernels.f64(op, a, b, src.doubles(), o[1], out.doubles(), o[0], n));
        }
        return out;
    }

    @Override
    public Storage binary(BinaryOp op, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        HostStorage hx = host(x), hy = host(y);
        if (!vectorType(hx.dtype()) || hx.dtype() != hy.dtype() || xLayout.numel() == 0) {
            return super.binary(op, x, xLayout, y, yLayout);
        }
        Shape shape = xLayout.shape();
        Layout outLayout = Layout.contiguous(shape);
        RowPlan plan = RowPlan.of(shape, outLayout, xLayout, yLayout);
        Operand px = kernelReady(hx, xLayout, plan, 1), py = kernelReady(hy, yLayout, plan, 2);
        if (px.layout() != xLayout || py.layout() != yLayout) plan = RowPlan.of(shape, outLayout, px.layout(), py.layout());
        HostStorage out = result(hx.dtype(), shape.numel());
        int xs = unitStride(plan, 1), ys = unitStride(plan, 2);
        if (hx.dtype() == DType.F32) {
            float[] xa = px.storage().floats(), ya = py.storage().floats(), oa = out.floats();
            plan.forEachSegment((o, n) -> BinaryKernels.f32(op, xa, o[1], xs, ya, o[2], ys, oa, o[0], n));
        } else {
            double[] xa = px.storage().doubles(), ya = py.storage().doubles(), oa = out.doubles();
            plan.forEachSegment((o, n) -> BinaryKernels.f64(op, xa, o[1], xs, ya, o[2], ys, oa, o[0], n));
        }
        return out;
    }

    @Override
    public void binaryInPlace(BinaryOp op, Storage dst, Layout dstLayout, Storage y, Layout yLayout) {
        HostStorage hd = host(dst), hy = host(y);
        Shape shape = dstLayout.shape();
        RowPlan plan = RowPlan.of(shape, dstLayout, dstLayout, yLayout);
        // y aliasing dst, or dst itself strided along its inner run: compute out of place and assign back.
        if (!vectorType(hd.dtype()) || hd.dtype() != hy.dtype() || hd.array() == hy.array()
                || (plan.inner > 1 && plan.innerStride(0) != 1)) {
            super.binaryInPlace(op, dst, dstLayout, y, yLayout);
            return;
        }
        Operand py = kernelReady(hy, yLayout, plan, 2);
        if (py.layout() != yLayout) plan = RowPlan.of(shape, dstLayout, dstLayout, py.layout());
        int ys = unitStride(plan, 2);
        if (hd.dtype() == DType.F32) {
            float[] da = hd.floats(), ya = py.storage().floats();
            plan.forEachSegment((o, n) -> BinaryKernels.f32(op, da, o[1], 1, ya, o[2], ys, da, o[0], n));
        } else {
            double[] da = hd.doubles(), ya = py.storage().doubles();
            plan.forEachSegment((o, n) -> BinaryKernels.f64(op, da, o[1], 1, ya, o[2], ys, da, o[0], n));
        }
    }

    @Override
    public Storage compare(CompareOp op, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        HostStorage hx = host(x), hy = host(y);
        if (!vectorType(hx.dtype()) || hx.dtype() != hy.dtype() || xLayout.numel() == 0) {
            return super.compare(op, x, xLayout, y, yLayout);
        }
        Shape shape = xLayout.shape();
        Layout outLayout = Layout.contiguous(shape);
        RowPlan plan = RowPlan.of(shape, outLayout, xLayout, yLayout);
        Operand px = kernelReady(hx, xLayout, plan, 1), py = kernelReady(hy, yLayout, plan, 2);
        if (px.layout() != xLayout || py.layout() != yLayout) plan = RowPlan.of(shape, outLayout, px.layout(), py.layout());
        HostStorage out = HostStorage.allocate(DType.BOOL, shape.numel());
        int xs = unitStride(plan, 1), ys = unitStride(plan, 2);
        boolean[] oa = out.bools();
        if (hx.dtype() == DType.F32) {
            float[] xa = px.storage().floats(), ya = py.storage().floats();
            plan.forEachSegment((o, n) -> BinaryKernels.compareF32(op, xa, o[1], xs, ya, o[2], ys, oa, o[0], n));
        } else {
            double[] xa = px.storage().doubles(), ya = py.storage().doubles();
            plan.forEachSegment((o, n) -> BinaryKernels.compareF64(op, xa, o[1], xs, ya, o[2], ys, oa, o[0], n));
        }
        return out;
    }

    @Override
    public Storage where(Storage cond, Layout condLayout, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        HostStorage hc = host(cond), hx = host(x), hy = host(y);
        if (hc.dtype() != DType.BOOL || !vectorType(hx.dtype()) || hx.dtype() != hy.dtype() || xLayout.numel() == 0) {
            return super.where(cond, condLayout, x, xLayout, y, yLayout);
        }
        Shape shape = xLayout.shape();
        Layout outLayout = Layout.contiguous(shape);
        RowPlan plan = RowPlan.of(shape, outLayout, condLayout, xLayout, yLayout);
        Operand pc = kernelReady(hc, condLayout, plan, 1), px = kernelReady(hx, xLayout, plan, 2), py = kernelReady(hy, yLayout, plan, 3);
        if (pc.layout() != condLayout || px.layout() != xLayout || py.layout() != yLayout) {
            plan = RowPlan.of(shape, outLayout, pc.layout(), px.layout(), py.layout());
        }
        HostStorage out = HostStorage.allocate(hx.dtype(), shape.numel());
        int cs = unitStride(plan, 1), xs = unitStride(plan, 2), ys = unitStride(plan, 3);
        boolean[] ca = pc.storage().bools();
        if (hx.dtype() == DType.F32) {
            float[] xa = px.storage().floats(), ya = py.storage().floats(), oa = out.floats();
            plan.forEachSegment((o, n) -> BinaryKernels.whereF32(ca, o[1], cs, xa, o[2], xs, ya, o[3], ys, oa, o[0], n));
        } else {
            double[] xa = px.storage().doubles(), ya = py.storage().doubles(), oa = out.doubles();
            plan.forEachSegment((o, n) -> BinaryKernels.whereF64(ca, o[1], cs, xa, o[2], xs, ya, o[3], ys, oa, o[0], n));
        }
        return out;
    }

    // ---- reductions ---------------------------------------------------------------------------------------------

    @Override
    public Storage reduce(ReduceOp op, Storage x, Layout xLayout, boolean[] axes) {
        HostStorage in = host(x);
        if (!vectorType(in.dtype()) || !ReduceKernels.supports(op) || xLayout.numel() == 0) {
            return super.reduce(op, x, xLayout, axes);
        }
        return Reduction.run(op, contiguous(in, xLayout), contiguousOffset(xLayout), xLayout.shape(), axes);
    }

    /** The permutation that moves {@code axis} to the end, keeping the other axes in order. */
    private static int[] axisLast(int rank, int axis) {
        int[] order = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) if (i != axis) order[j++] = i;
        order[rank - 1] = axis;
        return order;
    }

    @Override
    public Storage argReduce(boolean max, Storage x, Layout xLayout, int axis) {
        HostStorage in = host(x);
        int rank = xLayout.rank();
        if (!vectorType(in.dtype()) || rank == 0 || xLayout.numel() == 0) return super.argReduce(max, x, xLayout, axis);
        // With the axis moved last the rows come out in the kept shape's order, as the result wants them.
        Layout rowsLayout = axis == rank - 1 ? xLayout : xLayout.permute(axisLast(rank, axis));
        HostStorage c = contiguous(in, rowsLayout);
        int offset = contiguousOffset(rowsLayout);
        int len = xLayout.shape().dim(axis), rows = xLayout.numel() / len;
        long[] out = new long[rows];
        Parallel.forRange(rows, len, (from, to) -> {
            for (int r = from; r < to; r++) {
                int at = offset + r * len;
                out[r] = c.dtype() == DType.F32 ? RowKernels.argF32(max, c.floats(), at, len) : RowKernels.argF64(max, c.doubles(), at, len);
            }
        });
        return HostStorage.wrap(out);
    }

    @Override
    public Storage softmax(Storage x, Layout xLayout, int axis, boolean log) {
        HostStorage in = host(x);
        int rank = xLayout.rank();
        if (!vectorType(in.dtype()) || rank == 0 || xLayout.numel() == 0) return super.softmax(x, xLayout, axis, log);
        if (axis != rank - 1) {
            // Softmax the axis-last copy, then permute the result back.
            int[] order = axisLast(rank, axis), inverse = new int[rank];
            for (int i = 0; i < rank; i++) inverse[order[i]] = i;
            Layout moved = xLayout.permute(order);
            Storage result = softmax(copy(in, moved, in.dtype()), Layout.contiguous(moved.shape()), rank - 1, log);
            return copy(result, Layout.contiguous(moved.shape()).permute(inverse), in.dtype());
        }
        HostStorage c = contiguous(in, xLayout);
        int offset = contiguousOffset(xLayout);
        int len = xLayout.shape().dim(axis), rows = xLayout.numel() / len;
        HostStorage out = HostStorage.allocate(in.dtype(), xLayout.numel());
        Parallel.forRange(rows, 4L * len, (from, to) -> {
            for (int r = from; r < to; r++) {
                if (c.dtype() == DType.F32) RowKernels.softmaxF32(c.floats(), offset + r * len, out.floats(), r * len, len, log);
                else RowKernels.softmaxF64(c.doubles(), offset + r * len, out.doubles(), r * len, len, log);
            }
        });
        return out;
    }

    // ---- linear algebra -----------------------------------------------------------------------------------------

    @Override
    public Storage matmul(Storage a, Layout aLayout, Storage b, Layout bLayout) {
        HostStorage ha = host(a), hb = host(b);
        if (!vectorType(ha.dtype()) || ha.dtype() != hb.dtype()) return super.matmul(a, aLayout, b, bLayout);
        int batch = aLayout.shape().dim(0), m = aLayout.shape().dim(1), k = aLayout.shape().dim(2), n = bLayout.shape().dim(2);
        // With k = 0 the product is zeros: a new (zeroed) array; otherwise the GEMM writes every element.
        HostStorage out = k == 0 ? HostStorage.allocate(ha.dtype(), batch * m * n) : result(ha.dtype(), batch * m * n);
        if (out.length() == 0 || k == 0) return out;
        Matmul.Operand ao = Matmul.Operand.of(aLayout), bo = Matmul.Operand.of(bLayout);
        if (!ao.usable()) {
            ha = (HostStorage) copy(ha, aLayout, ha.dtype());
            aLayout = Layout.contiguous(aLayout.shape());
            ao = Matmul.Operand.of(aLayout);
        }
        if (!bo.usable()) {
            hb = (HostStorage) copy(hb, bLayout, hb.dtype());
            bLayout = Layout.contiguous(bLayout.shape());
            bo = Matmul.Operand.of(bLayout);
        }
        if (ha.dtype() == DType.F32) Matmul.f32(ha.floats(), aLayout, ao, hb.floats(), bLayout, bo, out.floats());
        else Matmul.f64(ha.doubles(), aLayout, ao, hb.doubles(), bLayout, bo, out.doubles());
        return out;
    }

    /** ReLU over a run of a fresh F32 GEMM output, by the worker that computed it. */
    private static final Sgemm.Epilogue RELU_EPILOGUE = (c, offset, length) ->
            UnaryKernels.f32(UnaryOp.RELU, 0f, 0f, c, offset, c, offset, length);

    @Override
    public Storage linear(Storage x, Layout xLayout, Storage w, Layout wLayout, Storage b, Layout bLayout) {
        return linear(x, xLayout, w, wLayout, b, bLayout, false);
    }

    /** {@link #linear} with ReLU applied to each block of the output as the GEMM finishes it (no second pass). */
    @Override
    public Storage linearRelu(Storage x, Layout xLayout, Storage w, Layout wLayout, Storage b, Layout bLayout) {
        return linear(x, xLayout, w, wLayout, b, bLayout, true);
    }

    /**
     * x [M, K] times w [N, K] transposed, plus the bias, then ReLU if asked: in F32 the GEMM's workers write the bias
     * rows and apply ReLU on their own blocks; in F64 the bias is copied into every row and the GEMM adds onto it.
     */
    private Storage linear(Storage x, Layout xLayout, Storage w, Layout wLayout, Storage b, Layout bLayout, boolean relu) {
        HostStorage hx = host(x), hw = host(w);
        DType t = hx.dtype();
        if (!vectorType(t) || hw.dtype() != t || (b != null && host(b).dtype() != t)) {
            return relu ? super.linearRelu(x, xLayout, w, wLayout, b, bLayout) : super.linear(x, xLayout, w, wLayout, b, bLayout);
        }
        Layout a3 = Backend.batchOfOne(xLayout), b3 = Backend.batchOfOne(wLayout.transpose(0, 1));
        Matmul.Operand ao = Matmul.Operand.of(a3), bo = Matmul.Operand.of(b3);
        if (!ao.usable() || !bo.usable()) {
            return relu ? super.linearRelu(x, xLayout, w, wLayout, b, bLayout) : super.linear(x, xLayout, w, wLayout, b, bLayout);
        }
        int m = xLayout.shape().dim(0), k = xLayout.shape().dim(1), n = wLayout.shape().dim(0);
        HostStorage out = result(t, m * n);
        if (out.length() == 0) return out;
        if (t == DType.F32) {
            HostStorage hb = b == null ? null : contiguous(host(b), bLayout);
            Sgemm.linear(ao.transposed(), bo.transposed(), m, n, k, hx.floats(), a3.offset(), ao.ld(), hw.floats(),
                    b3.offset(), bo.ld(), hb == null ? null : hb.floats(), b == null ? 0 : contiguousOffset(bLayout),
                    relu ? RELU_EPILOGUE : null, out.floats(), 0, n);
            return out;
        }
        if (b != null) {
            // Read the bias in place when it is contiguous (a parameter always is), else from a contiguous copy.
            HostStorage hb = contiguous(host(b), bLayout);
            int bOff = contiguousOffset(bLayout);
            for (int r = 0; r < m; r++) System.arraycopy(hb.array(), bOff, out.array(), r * n, n);
        }
        if (k > 0) {
            Dgemm.gemm(ao.transposed(), bo.transposed(), m, n, k, 1.0, hx.doubles(), a3.offset(), ao.ld(),
                    hw.doubles(), b3.offset(), bo.ld(), b == null ? 0.0 : 1.0, out.doubles(), 0, n);
        }
        if (relu) {
            Parallel.forRange(out.length(), 1, (from, to) ->
                    UnaryKernels.f64(UnaryOp.RELU, 0, 0, out.doubles(), from, out.doubles(), from, to - from));
        }
        return out;
    }


    // ---- recurrence -----------------------------------------------------------------------------------------------

    /** F32 through {@link RecurrenceKernels} (one GEMM per step, one fused pass over the gates); F64 composed. */
    @Override
    public RecurrenceResult recurrence(RecurrentCell cell, boolean reverse, Storage xProj, Layout xProjLayout,
                                       Storage w, Layout wLayout, Storage bias, Layout biasLayout,
                                       Storage h0, Layout h0Layout, Storage c0, Layout c0Layout,
                                       Storage lengths, Layout lengthsLayout) {
        if (host(xProj).dtype() != DType.F32) {
            return super.recurrence(cell, reverse, xProj, xProjLayout, w, wLayout, bias, biasLayout, h0, h0Layout,
                    c0, c0Layout, lengths, lengthsLayout);
        }
        Shape shape = xProjLayout.shape();
        var d = new RecurrenceKernels.Dims(cell, shape.dim(0), shape.dim(1), wLayout.shape().dim(1));
        // Without lengths the kernel writes every row of both at every step, so recycled arrays serve (52 MB a step of
        // lstm-train the JVM no longer zeroes); with lengths the padded steps' rows must stay zero.
        float[] out = resultArray(d.steps() * d.batch() * d.outWidth(), lengths == null);
        float[] saved = resultArray(d.steps() * d.batch() * d.savedWidth(), lengths == null);
        RecurrenceKernels.forward(d, reverse, dense(xProj, xProjLayout), dense(w, wLayout),
                bias == null ? null : dense(bias, biasLayout), fresh(h0, h0Layout), c0 == null ? null : fresh(c0, c0Layout),
                lengths == null ? null : host(copy(lengths, lengthsLayout, DType.I64)).longs(), out, saved);
        return new RecurrenceResult(HostStorage.wrap(out), HostStorage.wrap(saved));
    }

    @Override
    public RecurrenceGradients recurrenceBackward(RecurrentCell cell, boolean reverse, Storage gradOut, Layout gradOutLayout,
                                                  Storage saved, Layout savedLayout, Storage w, Layout wLayout,
                                                  Storage lengths, Layout lengthsLayout) {
        if (host(saved).dtype() != DType.F32 || host(gradOut).dtype() != DType.F32) {
            return super.recurrenceBackward(cell, reverse, gradOut, gradOutLayout, saved, savedLayout, w, wLayout,
                    lengths, lengthsLayout);
        }
        Shape shape = savedLayout.shape();
        var d = new RecurrenceKernels.Dims(cell, shape.dim(0), shape.dim(1), wLayout.shape().dim(1));
        int gates = d.steps() * d.batch() * d.width(), state = d.batch() * d.hidden();
        // The gate gradients are written in full without lengths (else the padded steps' rows stay zero); dh and dc
        // start at zero.
        float[] dx = resultArray(gates, lengths == null);
        float[] dhh = cell == RecurrentCell.GRU ? resultArray(gates, lengths == null) : dx;
        float[] dh = ownArray(state), dc = cell.hasCellState() ? ownArray(state) : null;
        RecurrenceKernels.backward(d, reverse, dense(gradOut, gradOutLayout), dense(saved, savedLayout), dense(w, wLayout),
                lengths == null ? null : host(copy(lengths, lengthsLayout, DType.I64)).longs(), dx, dhh, dh, dc);
        HostStorage dxs = HostStorage.wrap(dx);
        return new RecurrenceGradients(dxs, dhh == dx ? dxs : HostStorage.wrap(dhh), HostStorage.wrap(dh),
                dc == null ? null : HostStorage.wrap(dc));
    }

    /** The F32 elements of a view as a dense array starting at 0: the storage itself when it already is one. */
    private float[] dense(Storage s, Layout layout) {
        HostStorage h = host(s);
        if (layout.isContiguous() && layout.offset() == 0 && h.length() == layout.numel()) return h.floats();
        return host(copy(s, layout, DType.F32)).floats();
    }

    /** A fresh dense F32 copy of a view (the kernels update it in place). */
    private float[] fresh(Storage s, Layout layout) { return host(copy(s, layout, DType.F32)).floats(); }

    // ---- attention (F32 blocked kernels in AttentionKernels; F64 runs the SPI's composed default) ---------------

    @Override
    public AttentionResult attention(Storage q, Layout qLayout, Storage k, Layout kLayout, Storage v, Layout vLayout,
                                     Storage mask, Layout maskLayout, AttentionParams p) {
        if (host(q).dtype() != DType.F32) return super.attention(q, qLayout, k, kLayout, v, vLayout, mask, maskLayout, p);
        Shape qs = qLayout.shape();
        int planes = qs.dim(0) * qs.dim(1), tq = qs.dim(2), tk = kLayout.shape().dim(2), d = qs.dim(3);
        int dv = vLayout.shape().dim(3);
        HostStorage out = result(DType.F32, planes * tq * dv), lse = HostStorage.allocate(DType.F32, planes * tq);
        // The output takes q's order: token-major q (the heads of a projection) gives an output whose heads merge back
        // into [B, Tq, H * Dv] without a copy.
        boolean tokenMajor = AttentionResult.isTokenMajor(qLayout);
        Layout outLayout = AttentionResult.layoutOf(Shape.of(qs.dim(0), qs.dim(1), tq, dv), tokenMajor);
        AttentionKernels.forward(rowOperand(q, qLayout), rowOperand(k, kLayout), rowOperand(v, vLayout),
                AttentionKernels.Mask.of(mask == null ? null : host(mask).floats(), maskLayout), p, planes, tq, tk, d, dv,
                AttentionKernels.Operand.of(out.floats(), outLayout), lse.floats());
        return new AttentionResult(out, lse, tokenMajor);
    }

    @Override
    public AttentionGradients attentionBackward(Storage grad, Layout gradLayout, Storage q, Layout qLayout,
                                                Storage k, Layout kLayout, Storage v, Layout vLayout,
                                                Storage mask, Layout maskLayout, Storage out, Layout outLayout,
                                                Storage logsumexp, Layout lseLayout, AttentionParams p) {
        if (host(q).dtype() != DType.F32) {
            return super.attentionBackward(grad, gradLayout, q, qLayout, k, kLayout, v, vLayout, mask, maskLayout,
                    out, outLayout, logsumexp, lseLayout, p);
        }
        Shape qs = qLayout.shape();
        int planes = qs.dim(0) * qs.dim(1), tq = qs.dim(2), tk = kLayout.shape().dim(2), d = qs.dim(3);
        int dv = vLayout.shape().dim(3);
        HostStorage dq = result(DType.F32, planes * tq * d), dk = result(DType.F32, planes * tk * d);
        HostStorage dvOut = result(DType.F32, planes * tk * dv);
        // The gradients take the operands' order when all three are token-major (the heads of projections), so that
        // they merge back into [B, T, H * D] without copies.
        boolean tokenMajor = AttentionResult.isTokenMajor(qLayout) && AttentionResult.isTokenMajor(kLayout)
                && AttentionResult.isTokenMajor(vLayout);
        attentionBackward(grad, gradLayout, q, qLayout, k, kLayout, v, vLayout, mask, maskLayout, out, outLayout,
                logsumexp, lseLayout, p, gradientOperand(dq, qLayout, tokenMajor),
                gradientOperand(dk, kLayout, tokenMajor), gradientOperand(dvOut, vLayout, tokenMajor));
        return new AttentionGradients(dq, dk, dvOut, tokenMajor);
    }

    @Override
    public void attentionBackwardInto(Storage grad, Layout gradLayout, Storage q, Layout qLayout, Storage k,
                                      Layout kLayout, Storage v, Layout vLayout, Storage mask, Layout maskLayout,
                                      Storage out, Layout outLayout, Storage logsumexp, Layout lseLayout,
                                      AttentionParams p, Storage into, Layout dqLayout, Layout dkLayout,
                                      Layout dvLayout) {
        if (host(q).dtype() != DType.F32 || host(into).dtype() != DType.F32 || !hasRows(dqLayout)
                || !hasRows(dkLayout) || !hasRows(dvLayout)) {
            super.attentionBackwardInto(grad, gradLayout, q, qLayout, k, kLayout, v, vLayout, mask, maskLayout, out,
                    outLayout, logsumexp, lseLayout, p, into, dqLayout, dkLayout, dvLayout);
            return;
        }
        float[] to = host(into).floats();
        attentionBackward(grad, gradLayout, q, qLayout, k, kLayout, v, vLayout, mask, maskLayout, out, outLayout,
                logsumexp, lseLayout, p, AttentionKernels.Operand.of(to, dqLayout),
                AttentionKernels.Operand.of(to, dkLayout), AttentionKernels.Operand.of(to, dvLayout));
    }

    /** The F32 backward kernel, writing every element of the gradient views dq, dk and dv. */
    private void attentionBackward(Storage grad, Layout gradLayout, Storage q, Layout qLayout, Storage k,
                                   Layout kLayout, Storage v, Layout vLayout, Storage mask, Layout maskLayout,
                                   Storage out, Layout outLayout, Storage logsumexp, Layout lseLayout,
                                   AttentionParams p, AttentionKernels.Operand dq, AttentionKernels.Operand dk,
                                   AttentionKernels.Operand dv) {
        Shape qs = qLayout.shape();
        int planes = qs.dim(0) * qs.dim(1), tq = qs.dim(2), tk = kLayout.shape().dim(2), d = qs.dim(3);
        float[] lse = dense(logsumexp, lseLayout);
        AttentionKernels.backward(rowOperand(grad, gradLayout), rowOperand(q, qLayout), rowOperand(k, kLayout),
                rowOperand(v, vLayout), AttentionKernels.Mask.of(mask == null ? null : host(mask).floats(), maskLayout),
                rowOperand(out, outLayout), lse, p, planes, tq, tk, d, vLayout.shape().dim(3), dq, dk, dv);
    }

    /** Whether a [B, H, T, D] view has stride 1 along D (or one feature), as the kernels' operands need. */
    private static boolean hasRows(Layout layout) {
        return layout.shape().dim(3) <= 1 || layout.stride(3) == 1;
    }

    /** Fresh storage for the gradient of an operand shaped like {@code like}, laid out as {@link AttentionGradients} says. */
    private static AttentionKernels.Operand gradientOperand(HostStorage storage, Layout like, boolean tokenMajor) {
        return AttentionKernels.Operand.of(storage.floats(), AttentionResult.layoutOf(like.shape(), tokenMajor));
    }

    /** A [B, H, T, D] F32 view read in place when its last axis has stride 1 (or size 1), else a contiguous copy. */
    private AttentionKernels.Operand rowOperand(Storage x, Layout layout) {
        if (hasRows(layout)) return AttentionKernels.Operand.of(host(x).floats(), layout);
        Layout dense = Layout.contiguous(layout.shape());
        return AttentionKernels.Operand.of(host(copy(x, layout, DType.F32)).floats(), dense);
    }

    // ---- layer normalization (LayerNormKernels on F32 and F64 rows; other dtypes on the reference loops) -------

    @Override
    public LayerNormResult layerNorm(Storage x, Layout xl, Storage w, Layout wl, Storage b, Layout bl, double eps) {
        DType t = host(x).dtype();
        if (!vectorType(t) || !allOf(t, w, b)) return super.layerNorm(x, xl, w, wl, b, bl, eps);
        int m = xl.shape().dim(0), n = xl.shape().dim(1);
        HostStorage xc = contiguous(host(x), xl), wc = optional(w, wl), bc = optional(b, bl);
        HostStorage y = result(t, m * n);
        HostStorage mean = HostStorage.allocate(t, m), rstd = HostStorage.allocate(t, m);
        int xo = contiguousOffset(xl), wo = w == null ? 0 : contiguousOffset(wl);
        int bo = b == null ? 0 : contiguousOffset(bl);
        if (t == DType.F32) {
            LayerNormKernels.forwardF32(xc.floats(), xo, wc == null ? null : wc.floats(), wo,
                    bc == null ? null : bc.floats(), bo, eps, m, n, y.floats(), mean.floats(), rstd.floats());
        } else {
            LayerNormKernels.forwardF64(xc.doubles(), xo, wc == null ? null : wc.doubles(), wo,
                    bc == null ? null : bc.doubles(), bo, eps, m, n, y.doubles(), mean.doubles(), rstd.doubles());
        }
        return new LayerNormResult(y, mean, rstd);
    }

    @Override
    public LayerNormGradients layerNormBackward(Storage g, Layout gl, Storage x, Layout xl, Storage mean, Layout ml,
                                                Storage rstd, Layout rl, Storage w, Layout wl, boolean weightGrad,
                                                boolean biasGrad) {
        DType t = host(x).dtype();
        if (!vectorType(t) || !allOf(t, g, mean, rstd, w)) {
            return super.layerNormBackward(g, gl, x, xl, mean, ml, rstd, rl, w, wl, weightGrad, biasGrad);
        }
        int m = xl.shape().dim(0), n = xl.shape().dim(1);
        HostStorage gc = contiguous(host(g), gl), xc = contiguous(host(x), xl), wc = optional(w, wl);
        HostStorage mc = contiguous(host(mean), ml), rc = contiguous(host(rstd), rl);
        int go = contiguousOffset(gl), xo = contiguousOffset(xl), mo = contiguousOffset(ml), ro = contiguousOffset(rl);
        int wo = w == null ? 0 : contiguousOffset(wl);
        HostStorage dx = result(t, m * n);
        HostStorage dw = weightGrad ? HostStorage.allocate(t, n) : null;
        HostStorage db = biasGrad ? HostStorage.allocate(t, n) : null;
        if (t == DType.F32) {
            LayerNormKernels.backwardF32(gc.floats(), go, xc.floats(), xo, mc.floats(), mo, rc.floats(), ro,
                    wc == null ? null : wc.floats(), wo, m, n, dx.floats(), dw == null ? null : dw.floats(),
                    db == null ? null : db.floats());
        } else {
            LayerNormKernels.backwardF64(gc.doubles(), go, xc.doubles(), xo, mc.doubles(), mo, rc.doubles(), ro,
                    wc == null ? null : wc.doubles(), wo, m, n, dx.doubles(), dw == null ? null : dw.doubles(),
                    db == null ? null : db.doubles());
        }
        return new LayerNormGradients(dx, dw, db);
    }

    /** True when every given (non-null) storage has dtype {@code t}. */
    private static boolean allOf(DType t, Storage... storages) {
        for (Storage s : storages) if (s != null && host(s).dtype() != t) return false;
        return true;
    }

    /** {@link #contiguous} of an optional operand: null when absent. */
    private HostStorage optional(Storage s, Layout layout) { return s == null ? null : contiguous(host(s), layout); }

    // ---- optimizer updates --------------------------------------------------------------------------------------

    @Override
    public void adamUpdate(AdamStep s, Storage p, Layout pLayout, Storage g, Layout gLayout,
                           Storage m, Layout mLayout, Storage v, Layout vLayout) {
        HostStorage hp = host(p), hg = host(g), hm = host(m), hv = host(v);
        boolean contiguous = pLayout.isContiguous() && gLayout.isContiguous() && mLayout.isContiguous() && vLayout.isContiguous();
        if (!vectorType(hp.dtype()) || !contiguous) {
            super.adamUpdate(s, p, pLayout, g, gLayout, m, mLayout, v, vLayout);
            return;
        }
        int po = pLayout.offset(), go = gLayout.offset(), mo = mLayout.offset(), vo = vLayout.offset();
        Parallel.forRange(pLayout.numel(), 8, (from, to) -> {
            if (hp.dtype() == DType.F32) {
                OptimizerKernels.adamF32(s, hp.floats(), po + from, hg.floats(), go + from, hm.floats(), mo + from, hv.floats(), vo + from, to - from);
            } else {
                OptimizerKernels.adamF64(s, hp.doubles(), po + from, hg.doubles(), go + from, hm.doubles(), mo + from, hv.doubles(), vo + from, to - from);
            }
        });
    }

    // ---- index ops (IndexKernels on whole contiguous rows of F32 and F64; other cases on the reference loops) ------

    @Override
    public Storage indexSelect(Storage x, Layout xLayout, int axis, Storage index, Layout indexLayout) {
        HostStorage hx = host(x), hi = host(index);
        if (!vectorType(hx.dtype()) || !xLayout.isContiguous() || indexLayout.rank() > 1 || !hi.dtype().isInteger()) {
            return super.indexSelect(x, xLayout, axis, index, indexLayout);
        }
        IndexKernels.Rows from = IndexKernels.Rows.of(xLayout, axis);
        int n = indexLayout.numel();
        int[] rows = IndexKernels.values("indexSelect", hi, indexLayout.offset(),
                indexLayout.rank() == 0 ? 0 : indexLayout.stride(0), n, 1, axis, from.size());
        int[] dims = xLayout.shape().dims();
        dims[axis] = n;
        HostStorage out = result(hx.dtype(), Shape.of(dims).numel());
        IndexKernels.select(hx.array(), from, rows, out.array());
        return out;
    }

    @Override
    public void scatterAdd(Storage dst, Layout dstLayout, int axis, Storage index, Layout indexLayout, Storage src,
                           Layout srcLayout) {
        HostStorage hd = host(dst), hi = host(index), hs = host(src);
        if (!rowScatter(hd, dstLayout, axis, hi, indexLayout, hs, srcLayout)) {
            super.scatterAdd(dst, dstLayout, axis, index, indexLayout, src, srcLayout);
            return;
        }
        if (indexLayout.numel() == 0) return;
        IndexKernels.Rows to = IndexKernels.Rows.of(dstLayout, axis);
        int[] rows = IndexKernels.values("scatterAdd", hi, indexLayout.offset(), indexLayout.stride(axis),
                indexLayout.shape().dim(axis), to.inner(), axis, to.size());
        if (hd.dtype() == DType.F32) {
            IndexKernels.scatterAddF32(hd.floats(), to, rows, hs.floats(), srcLayout.offset());
        } else {
            IndexKernels.scatterAddF64(hd.doubles(), to, rows, hs.doubles(), srcLayout.offset());
        }
    }

    /**
     * Whether a scatterAdd moves whole rows: contiguous dst and src of one vector dtype in different arrays, and an
     * index the size of dst on every axis but {@code axis}, constant along each of them (indexSelect's gradient: the
     * selected positions expanded over the other axes).
     */
    private static boolean rowScatter(HostStorage dst, Layout dstLayout, int axis, HostStorage index,
                                      Layout indexLayout, HostStorage src, Layout srcLayout) {
        if (!vectorType(dst.dtype()) || src.dtype() != dst.dtype() || dst.array() == src.array() || !index.dtype().isInteger()
                || !dstLayout.isContiguous() || !srcLayout.isContiguous() || indexLayout.rank() == 0
                || !indexLayout.shape().equals(srcLayout.shape()) || indexLayout.rank() != dstLayout.rank()) {
            return false;
        }
        for (int k = 0; k < indexLayout.rank(); k++) {
            if (k == axis) continue;
            int size = indexLayout.shape().dim(k);
            if (size != dstLayout.shape().dim(k) || (size > 1 && indexLayout.stride(k) != 0)) return false;
        }
        return true;
    }

    // ---- activation gradients -----------------------------------------------------------------------------------

    @Override
    public void reluBackwardInPlace(Storage grad, Layout gLayout, Storage x, Layout xLayout) {
        HostStorage hg = host(grad), hx = host(x);
        if (!denseFloats(hg, gLayout, hx, xLayout)) {
            super.reluBackwardInPlace(grad, gLayout, x, xLayout);
            return;
        }
        // Each element is read before it is written, so the kernel runs in place.
        reluBackward(hg, gLayout.offset(), hx, xLayout.offset(), hg, gLayout.offset(), xLayout.numel());
    }

    @Override
    public Storage reluBackward(Storage grad, Layout gLayout, Storage x, Layout xLayout) {
        HostStorage hg = host(grad), hx = host(x);
        if (!denseFloats(hg, gLayout, hx, xLayout)) return super.reluBackward(grad, gLayout, x, xLayout);
        HostStorage out = result(hg.dtype(), xLayout.numel());
        reluBackward(hg, gLayout.offset(), hx, xLayout.offset(), out, 0, xLayout.numel());
        return out;
    }

    /** Whether the fused activation gradients' kernels apply: two contiguous views of one vector dtype. */
    private static boolean denseFloats(HostStorage g, Layout gLayout, HostStorage x, Layout xLayout) {
        return vectorType(g.dtype()) && x.dtype() == g.dtype() && gLayout.isContiguous() && xLayout.isContiguous();
    }

    /** {@code out[oo + i] = x[xo + i] <= 0 ? 0 : g[go + i]} for i < n, over the threads. */
    private static void reluBackward(HostStorage g, int go, HostStorage x, int xo, HostStorage out, int oo, int n) {
        Parallel.forRange(n, 1, (from, to) -> {
            if (g.dtype() == DType.F32) {
                ActivationKernels.reluBackwardF32(g.floats(), go + from, x.floats(), xo + from, out.floats(), oo + from, to - from);
            } else {
                ActivationKernels.reluBackwardF64(g.doubles(), go + from, x.doubles(), xo + from, out.doubles(), oo + from, to - from);
            }
        });
    }

    @Override
    public Storage geluBackward(Storage grad, Layout gLayout, Storage x, Layout xLayout, boolean tanh) {
        HostStorage hg = host(grad), hx = host(x);
        if (!denseFloats(hg, gLayout, hx, xLayout)) return super.geluBackward(grad, gLayout, x, xLayout, tanh);
        int n = xLayout.numel(), go = gLayout.offset(), xo = xLayout.offset();
        HostStorage out = result(hg.dtype(), n);
        Parallel.forRange(n, 16, (from, to) -> {
            if (hg.dtype() == DType.F32) {
                ActivationKernels.geluBackwardF32(hg.floats(), go + from, hx.floats(), xo + from, out.floats(), from,
                        to - from, tanh);
            } else {
                ActivationKernels.geluBackwardF64(hg.doubles(), go + from, hx.doubles(), xo + from, out.doubles(), from,
                        to - from, tanh);
            }
        });
        return out;
    }

    // ---- mean squared error (kernels in SquaredErrorKernels) ------------------------------------------------------

    /** Whether the squared error's kernels take x and y: contiguous views of one vector dtype. */
    private static boolean squaredErrorKernelsTake(HostStorage x, Layout xLayout, HostStorage y, Layout yLayout) {
        return vectorType(x.dtype()) && y.dtype() == x.dtype() && xLayout.isContiguous() && yLayout.isContiguous();
    }

    @Override
    public Storage squaredError(Storage x, Layout xLayout, Storage y, Layout yLayout) {
        HostStorage hx = host(x), hy = host(y);
        if (!squaredErrorKernelsTake(hx, xLayout, hy, yLayout)) return super.squaredError(x, xLayout, y, yLayout);
        int n = xLayout.numel(), xo = xLayout.offset(), yo = yLayout.offset();
        HostStorage out = result(hx.dtype(), n);
        Parallel.forRange(n, 2, (from, to) -> {
            int len = to - from, xs = xo + from, ys = yo + from;
            if (hx.dtype() == DType.F32) {
                SquaredErrorKernels.squaresF32(hx.floats(), xs, hy.floats(), ys, out.floats(), from, len);
            } else {
                SquaredErrorKernels.squaresF64(hx.doubles(), xs, hy.doubles(), ys, out.doubles(), from, len);
            }
        });
        return out;
    }

    /** Sums fixed blocks (on any threads) and adds the blocks' sums in order: the same bits for any thread count. */
    @Override
    public Storage squaredErrorSum(Storage x, Layout xLayout, Storage y, Layout yLayout) {
        HostStorage hx = host(x), hy = host(y);
        if (!squaredErrorKernelsTake(hx, xLayout, hy, yLayout)) return super.squaredErrorSum(x, xLayout, y, yLayout);
        boolean f32 = hx.dtype() == DType.F32;
        int n = xLayout.numel(), xo = xLayout.offset(), yo = yLayout.offset();
        int block = f32 ? SquaredErrorKernels.F32_BLOCK : SquaredErrorKernels.F64_BLOCK;
        int blocks = (n + block - 1) / block;
        double[] sums = new double[blocks];
        Parallel.forRange(blocks, 2L * block, (from, to) -> {
            for (int k = from; k < to; k++) {
                int start = k * block, len = Math.min(block, n - start);
                sums[k] = f32 ? SquaredErrorKernels.blockSumF32(hx.floats(), xo + start, hy.floats(), yo + start, len)
                        : SquaredErrorKernels.blockSumF64(hx.doubles(), xo + start, hy.doubles(), yo + start, len);
            }
        });
        double total = 0;
        for (double s : sums) total += s;
        return f32 ? HostStorage.wrap(new float[] {(float) total}) : HostStorage.wrap(new double[] {total});
    }

    /** Fused where x and y are contiguous and grad is contiguous too or one value broadcast (a reduced loss's). */
    @Override
    public Storage squaredErrorBackward(Storage grad, Layout gLayout, Storage x, Layout xLayout, Storage y,
                                        Layout yLayout) {
        HostStorage hg = host(grad), hx = host(x), hy = host(y);
        boolean oneValue = isOneValue(gLayout);
        if (!squaredErrorKernelsTake(hx, xLayout, hy, yLayout) || hg.dtype() != hx.dtype()
                || !(oneValue || gLayout.isContiguous())) {
            return super.squaredErrorBackward(grad, gLayout, x, xLayout, y, yLayout);
        }
        int n = xLayout.numel(), go = gLayout.offset(), xo = xLayout.offset(), yo = yLayout.offset();
        HostStorage out = result(hx.dtype(), n);
        Parallel.forRange(n, 3, (from, to) -> {
            int len = to - from, xs = xo + from, ys = yo + from;
            if (hx.dtype() == DType.F32) {
                float[] g = hg.floats(), xa = hx.floats(), ya = hy.floats(), o = out.floats();
                if (oneValue) SquaredErrorKernels.gradientF32(g[go], xa, xs, ya, ys, o, from, len);
                else SquaredErrorKernels.gradientF32(g, go + from, xa, xs, ya, ys, o, from, len);
            } else {
                double[] g = hg.doubles(), xa = hx.doubles(), ya = hy.doubles(), o = out.doubles();
                if (oneValue) SquaredErrorKernels.gradientF64(g[go], xa, xs, ya, ys, o, from, len);
                else SquaredErrorKernels.gradientF64(g, go + from, xa, xs, ya, ys, o, from, len);
            }
        });
        return out;
    }

    /** True when every element of the view is the one at its offset (every stride 0, or a size-1 axis). */
    private static boolean isOneValue(Layout layout) {
        for (int axis = 0; axis < layout.rank(); axis++) {
            if (layout.shape().dim(axis) != 1 && layout.stride(axis) != 0) return false;
        }
        return true;
    }

    // ---- convolution and pooling (F32 kernels in io.jgrad.cpu.conv; other dtypes use the reference loops) ------

    @Override
    public Storage conv2d(Storage x, Layout xl, Storage w, Layout wl, Conv2dParams p) {
        return CpuConvOps.accepts(x) ? CpuConvOps.conv2d(this, x, xl, w, wl, p) : super.conv2d(x, xl, w, wl, p);
    }

    @Override
    public Storage conv2dBackwardInput(Storage g, Layout gl, Storage w, Layout wl, Shape in, Conv2dParams p) {
        return CpuConvOps.accepts(g) ? CpuConvOps.conv2dBackwardInput(this, g, gl, w, wl, in, p) : super.conv2dBackwardInput(g, gl, w, wl, in, p);
    }

    @Override
    public Storage conv2dBackwardWeight(Storage g, Layout gl, Storage x, Layout xl, Shape ws, Conv2dParams p) {
        return CpuConvOps.accepts(g) ? CpuConvOps.conv2dBackwardWeight(this, g, gl, x, xl, ws, p) : super.conv2dBackwardWeight(g, gl, x, xl, ws, p);
    }

    @Override
    public MaxPool2dResult maxPool2d(Storage x, Layout xl, Pool2dParams p) {
        return CpuConvOps.accepts(x) ? CpuConvOps.maxPool2d(this, x, xl, p) : super.maxPool2d(x, xl, p);
    }

    @Override
    public Storage maxPool2dBackward(Storage g, Layout gl, Storage idx, Layout il, Shape in) {
        return CpuConvOps.accepts(g) ? CpuConvOps.maxPool2dBackward(this, g, gl, idx, il, in) : super.maxPool2dBackward(g, gl, idx, il, in);
    }

    @Override
    public Storage avgPool2d(Storage x, Layout xl, Pool2dParams p) {
        return CpuConvOps.accepts(x) ? CpuConvOps.avgPool2d(this, x, xl, p) : super.avgPool2d(x, xl, p);
    }

    @Override
    public Storage avgPool2dBackward(Storage g, Layout gl, Shape in, Pool2dParams p) {
        return CpuConvOps.accepts(g) ? CpuConvOps.avgPool2dBackward(this, g, gl, in, p) : super.avgPool2dBackward(g, gl, in, p);
    }

    @Override
    public Storage adaptiveAvgPool2d(Storage x, Layout xl, int outH, int outW) {
        return CpuConvOps.accepts(x) ? CpuConvOps.adaptiveAvgPool2d(this, x, xl, outH, outW) : super.adaptiveAvgPool2d(x, xl, outH, outW);
    }

    @Override
    public Storage adaptiveAvgPool2dBackward(Storage g, Layout gl, Shape in) {
        return CpuConvOps.accepts(g) ? CpuConvOps.adaptiveAvgPool2dBackward(this, g, gl, in) : super.adaptiveAvgPool2dBackward(g, gl, in);
    }

    // ---- batch norm's channel ops: F32 contiguous arrays on ChannelKernels, the rest on the reference loops -------

    /** An [N, C, ...] shape as the N * C planes of {@code rest} values each that ChannelKernels walk. */
    private record ChannelPlanes(int n, int c, int rest) {
        static ChannelPlanes of(Layout layout) {
            Shape shape = layout.shape();
            int rest = 1;
            for (int i = 2; i < shape.rank(); i++) rest *= shape.dim(i);
            return new ChannelPlanes(shape.dim(0), shape.dim(1), rest);
        }
    }

    /**
     * True when ChannelKernels take the op: the first layout has a channel axis (rank 2 or more) and every storage is
     * F32 with a contiguous layout (a null storage, an absent optional operand, is skipped).
     */
    private static boolean channelKernelsTake(Object... storagesAndLayouts) {
        if (((Layout) storagesAndLayouts[1]).rank() < 2) return false;
        for (int i = 0; i < storagesAndLayouts.length; i += 2) {
            if (storagesAndLayouts[i] == null) continue;
            if (host((Storage) storagesAndLayouts[i]).dtype() != DType.F32 || !((Layout) storagesAndLayouts[i + 1]).isContiguous()) return false;
        }
        return true;
    }

    /** The F32 array behind an operand, null for an absent one. */
    private static float[] floats(Storage s) { return s == null ? null : host(s).floats(); }

    /** Where an operand starts in its array, 0 for an absent one. */
    private static int offset(Storage s, Layout l) { return s == null ? 0 : l.offset(); }

    @Override
    public Storage channelMoments(Storage x, Layout xl) {
        if (!channelKernelsTake(x, xl)) return super.channelMoments(x, xl);
        ChannelPlanes d = ChannelPlanes.of(xl);
        HostStorage out = HostStorage.allocate(DType.F32, 2 * d.c());
        ChannelKernels.moments(floats(x), xl.offset(), d.n(), d.c(), d.rest(), out.floats());
        return out;
    }

    @Override
    public Storage channelGradSums(Storage g, Layout gl, Storage x, Layout xl, Storage center, Layout cl) {
        if (!channelKernelsTake(g, gl, x, xl, center, cl)) return super.channelGradSums(g, gl, x, xl, center, cl);
        ChannelPlanes d = ChannelPlanes.of(gl);
        HostStorage out = HostStorage.allocate(DType.F32, 2 * d.c());
        ChannelKernels.gradSums(floats(g), gl.offset(), floats(x), xl.offset(), floats(center), cl.offset(),
                d.n(), d.c(), d.rest(), out.floats());
        return out;
    }

    @Override
    public Storage channelAffine(Storage u, Layout ul, Storage scale, Layout sl, Storage v, Layout vl,
                                 Storage vScale, Layout vsl, Storage shift, Layout tl) {
        if (!channelKernelsTake(u, ul, scale, sl, v, vl, vScale, vsl, shift, tl)) {
            return super.channelAffine(u, ul, scale, sl, v, vl, vScale, vsl, shift, tl);
        }
        ChannelPlanes d = ChannelPlanes.of(ul);
        HostStorage out = HostStorage.allocate(DType.F32, ul.numel());
        ChannelKernels.affine(floats(u), ul.offset(), floats(scale), sl.offset(), floats(v), offset(v, vl),
                floats(vScale), offset(vScale, vsl), floats(shift), tl.offset(), d.n(), d.c(), d.rest(), out.floats());
        return out;
    }

    // ---- random numbers -----------------------------------------------------------------------------------------

    @Override
    public Storage random(RandomDistribution distribution, DType dtype, int length, long seed, long offset) {
        distribution.checkDtype(dtype);
        return RandomKernels.draw(distribution, dtype, length, seed, offset);
    }
}
