package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * The oracle: plain loops over strided views, every dtype, floating-point math in double. Obviously correct rather
 * than fast; every other backend is tested against it.
 */
public class ReferenceBackend implements Backend {
    /** Registers the reference backend for the cpu device at the lowest priority. */
    public static final class Provider implements BackendProvider {
        @Override public String name() { return "reference"; }

        @Override public String deviceType() { return "cpu"; }

        @Override public int priority() { return 0; }

        @Override public Availability availability() { return Availability.yes("plain Java loops, always available"); }

        @Override public Backend create(Device device) { return new ReferenceBackend(); }
    }

    @Override public String name() { return "reference"; }

    @Override public Device device() { return Device.CPU; }

    @Override
    public Storage allocate(DType dtype, int length) { return HostStorage.allocate(dtype, length); }

    @Override
    public Storage upload(HostStorage host) { return host; }

    @Override
    public HostStorage download(Storage storage) { return HostStorage.of(storage); }

    @Override
    public Storage full(DType dtype, int length, double value) {
        HostStorage out = HostStorage.allocate(dtype, length);
        for (int i = 0; i < length; i++) out.setDouble(i, value);
        return out;
    }

    @Override
    public Storage copy(Storage src, Layout srcLayout, DType dtype) {
        HostStorage out = HostStorage.allocate(dtype, srcLayout.numel());
        assign(out, Layout.contiguous(srcLayout.shape()), src, srcLayout);
        return out;
    }

    @Override
    public void assign(Storage dst, Layout dstLayout, Storage src, Layout srcLayout) {
        HostStorage d = HostStorage.of(dst), s = HostStorage.of(src);
        boolean exactLong = !d.dtype().isFloating() || !s.dtype().isFloating();
        StridedCursor c = new StridedCursor(dstLayout.shape(), dstLayout, srcLayout);
        for (int i = 0, n = dstLayout.numel(); i < n; i++, c.next()) {
            if (exactLong && !s.dtype().isFloating()) d.setLong(c.offset(0), s.getLong(c.offset(1)));
            else d.setDouble(c.offset(0), s.getDouble(c.offset(1)));
        }
    }

    @Override
    public Storage unary(UnaryOp op, Storage x, Layout xLayout, double a, double b) {
        HostStorage in = HostStorage.of(x);
        HostStorage out = HostStorage.allocate(in.dtype(), xLayout.numel());
        StridedCursor c = new StridedCursor(xLayout.shape(), xLayout);
        boolean integer = !in.dtype().isFloating();
        for (int i = 0, n = xLayout.numel(); i < n; i++, c.next()) {
            if (integer) out.setLong(i, applyLong(op, in.getLong(c.offset(0)), a, b));
            else out.setDouble(i, op.apply(in.getDouble(c.offset(0)), a, b));
        }
        return out;
    }

    /** The integer forms of the ops that keep integers integer. */
    private static long applyLong(UnaryOp op, long v, double a, double b) {
        return switch (op) {
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case SIGN -> Long.signum(v);
            case RELU -> Math.max(v, 0);
            case SQUARE -> v * v;
            case CLAMP -> {
                long r = v;
                if (!Double.isNaN(a) && r < a) r = (long) Math.ceil(a);
                if (!Double.isNaN(b) && r > b) r = (long) Math.floor(b);
                yield r;
            }
            default -> throw new IllegalArgumentException(op + " is not defined for integer tensors");
        };
    }

    @Override
    public Storage binary(BinaryOp op, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        HostStorage a = HostStorage.of(x), b = HostStorage.of(y);
        HostStorage out = HostStorage.allocate(a.dtype(), xLayout.numel());
        StridedCursor c = new StridedCursor(xLayout.shape(), xLayout, yLayout);
        boolean integer = !a.dtype().isFloating();
        for (int i = 0, n = xLayout.numel(); i < n; i++, c.next()) {
            if (integer) out.setLong(i, op.apply(a.getLong(c.offset(0)), b.getLong(c.offset(1))));
            else out.setDouble(i, op.apply(a.getDouble(c.offset(0)), b.getDouble(c.offset(1))));
        }
        return out;
    }

    @Override
    public Storage compare(CompareOp op, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        HostStorage a = HostStorage.of(x), b = HostStorage.of(y);
        HostStorage out = HostStorage.allocate(DType.BOOL, xLayout.numel());
        boolean[] o = out.bools();
        StridedCursor c = new StridedCursor(xLayout.shape(), xLayout, yLayout);
        boolean integer = !a.dtype().isFloating();
        for (int i = 0, n = xLayout.numel(); i < n; i++, c.next()) {
            o[i] = integer ? op.test(a.getLong(c.offset(0)), b.getLong(c.offset(1)))
                    : op.test(a.getDouble(c.offset(0)), b.getDouble(c.offset(1)));
        }
        return out;
    }

    @Override
    public Storage where(Storage cond, Layout condLayout, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        HostStorage m = HostStorage.of(cond), a = HostStorage.of(x), b = HostStorage.of(y);
        HostStorage out = HostStorage.allocate(a.dtype(), xLayout.numel());
        StridedCursor c = new StridedCursor(xLayout.shape(), condLayout, xLayout, yLayout);
        boolean integer = !a.dtype().isFloating();
        for (int i = 0, n = xLayout.numel(); i < n; i++, c.next()) {
            boolean pick = m.getLong(c.offset(0)) != 0;
            int at = pick ? c.offset(1) : c.offset(2);
            HostStorage from = pick ? a : b;
            if (integer) out.setLong(i, from.getLong(at));
            else out.setDouble(i, from.getDouble(at));
        }
        return out;
    }

    @Override
    public Storage reduce(ReduceOp op, Storage x, Layout xLayout, boolean[] axes) {
        HostStorage in = HostStorage.of(x);
        Shape shape = xLayout.shape();
        Shape kept = Backend.keptShape(shape, axes);
        // The output viewed at the input's shape: stride 0 along reduced axes maps every input element to its slot.
        int[] outStrides = kept.contiguousStrides();
        for (int i = 0; i < axes.length; i++) if (axes[i]) outStrides[i] = 0;
        Layout outView = new Layout(shape, outStrides, 0);
        int outLen = kept.numel();
        StridedCursor c = new StridedCursor(shape, xLayout, outView);
        HostStorage out = HostStorage.allocate(in.dtype(), outLen);
        if (in.dtype().isFloating()) {
            double[] acc = new double[outLen];
            java.util.Arrays.fill(acc, op.identity());
            for (int i = 0, n = shape.numel(); i < n; i++, c.next()) {
                acc[c.offset(1)] = op.combine(acc[c.offset(1)], in.getDouble(c.offset(0)));
            }
            for (int i = 0; i < outLen; i++) out.setDouble(i, acc[i]);
        } else {
            long[] acc = new long[outLen];
            java.util.Arrays.fill(acc, op.longIdentity());
            for (int i = 0, n = shape.numel(); i < n; i++, c.next()) {
                acc[c.offset(1)] = op.combine(acc[c.offset(1)], in.getLong(c.offset(0)));
            }
            for (int i = 0; i < outLen; i++) out.setLong(i, acc[i]);
        }
        return out;
    }

    @Override
    public Storage argReduce(boolean max, Storage x, Layout xLayout, int axis) {
        HostStorage in = HostStorage.of(x);
        Shape shape = xLayout.shape();
        int[] keptDims = shape.dims();
        int len = keptDims[axis];
        keptDims[axis] = 1;
        Shape kept = Shape.of(keptDims);
        Layout rows = new Layout(kept, keptStrides(xLayout, axis), xLayout.offset());
        int step = xLayout.strides()[axis];
        HostStorage out = HostStorage.allocate(DType.I64, kept.numel());
        StridedCursor c = new StridedCursor(kept, rows);
        boolean floating = in.dtype().isFloating();
        for (int i = 0, n = kept.numel(); i < n; i++, c.next()) {
            int base = c.offset(0);
            int best = 0;
            for (int j = 1; j < len; j++) {
                if (floating) {
                    double v = in.getDouble(base + j * step), b = in.getDouble(base + best * step);
                    if (Double.isNaN(b)) break;
                    if (Double.isNaN(v) || (max ? v > b : v < b)) best = j;
                } else {
                    long v = in.getLong(base + j * step), b = in.getLong(base + best * step);
                    if (max ? v > b : v < b) best = j;
                }
            }
            out.setLong(i, best);
        }
        return out;
    }

    private static int[] keptStrides(Layout layout, int axis) {
        int[] s = layout.strides();
        s[axis] = 0;
        return s;
    }

    @Override
    public Storage matmul(Storage a, Layout aLayout, Storage b, Layout bLayout) {
        HostStorage x = HostStorage.of(a), y = HostStorage.of(b);
        int batch = aLayout.shape().dim(0), m = aLayout.shape().dim(1), k = aLayout.shape().dim(2), n = bLayout.shape().dim(2);
        int[] as = aLayout.strides(), bs = bLayout.strides();
        HostStorage out = HostStorage.allocate(x.dtype(), batch * m * n);
        boolean floating = x.dtype().isFloating();
        for (int p = 0; p < batch; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int ai = aLayout.offset() + p * as[0] + i * as[1];
                    int bj = bLayout.offset() + p * bs[0] + j * bs[2];
                    int o = (p * m + i) * n + j;
                    if (floating) {
                        double acc = 0;
                        for (int q = 0; q < k; q++) acc += x.getDouble(ai + q * as[2]) * y.getDouble(bj + q * bs[1]);
                        out.setDouble(o, acc);
                    } else {
                        long acc = 0;
                        for (int q = 0; q < k; q++) acc += x.getLong(ai + q * as[2]) * y.getLong(bj + q * bs[1]);
                        out.setLong(o, acc);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Storage indexSelect(Storage x, Layout xLayout, int axis, Storage index, Layout indexLayout) {
        HostStorage in = HostStorage.of(x), idx = HostStorage.of(index);
        checkIndex("indexSelect", idx, indexLayout, axis, xLayout.shape().dim(axis));
        int[] dims = xLayout.shape().dims();
        dims[axis] = indexLayout.numel();
        Shape outShape = Shape.of(dims);
        HostStorage out = HostStorage.allocate(in.dtype(), outShape.numel());
        int[] counter = new int[dims.length];
        int[] strides = xLayout.strides();
        int idxStride = indexLayout.rank() == 0 ? 0 : indexLayout.strides()[0];
        for (int i = 0, n = outShape.numel(); i < n; i++) {
            int at = xLayout.offset();
            for (int d = 0; d < dims.length; d++) {
                int pos = d == axis ? (int) idx.getLong(indexLayout.offset() + counter[d] * idxStride) : counter[d];
                at += pos * strides[d];
            }
            copyElement(in, at, out, i);
            increment(counter, dims);
        }
        return out;
    }

    @Override
    public Storage gather(Storage x, Layout xLayout, int axis, Storage index, Layout indexLayout) {
        HostStorage in = HostStorage.of(x), idx = HostStorage.of(index);
        checkIndex("gather", idx, indexLayout, axis, xLayout.shape().dim(axis));
        Shape shape = indexLayout.shape();
        HostStorage out = HostStorage.allocate(in.dtype(), shape.numel());
        int[] dims = shape.dims();
        int[] counter = new int[dims.length];
        int[] strides = xLayout.strides();
        StridedCursor c = new StridedCursor(shape, indexLayout);
        for (int i = 0, n = shape.numel(); i < n; i++, c.next()) {
            int at = xLayout.offset();
            for (int d = 0; d < dims.length; d++) {
                at += (d == axis ? (int) idx.getLong(c.offset(0)) : counter[d]) * strides[d];
            }
            copyElement(in, at, out, i);
            increment(counter, dims);
        }
        return out;
    }

    @Override
    public void scatterAdd(Storage dst, Layout dstLayout, int axis, Storage index, Layout indexLayout, Storage src, Layout srcLayout) {
        HostStorage d = HostStorage.of(dst), idx = HostStorage.of(index), s = HostStorage.of(src);
        checkIndex("scatterAdd", idx, indexLayout, axis, dstLayout.shape().dim(axis));
        Shape shape = indexLayout.shape();
        int[] dims = shape.dims();
        int[] counter = new int[dims.length];
        int[] strides = dstLayout.strides();
        StridedCursor c = new StridedCursor(shape, indexLayout, srcLayout);
        boolean floating = d.dtype().isFloating();
        for (int i = 0, n = shape.numel(); i < n; i++, c.next()) {
            int at = dstLayout.offset();
            for (int k = 0; k < dims.length; k++) {
                at += (k == axis ? (int) idx.getLong(c.offset(0)) : counter[k]) * strides[k];
            }
            if (floating) d.setDouble(at, d.getDouble(at) + s.getDouble(c.offset(1)));
            else d.setLong(at, d.getLong(at) + s.getLong(c.offset(1)));
            increment(counter, dims);
        }
    }

    /** Throws for the first index value (in row-major order) outside [0, size), before anything is read or written. */
    private static void checkIndex(String op, HostStorage idx, Layout indexLayout, int axis, int size) {
        StridedCursor c = new StridedCursor(indexLayout.shape(), indexLayout);
        for (int i = 0, n = indexLayout.numel(); i < n; i++, c.next()) {
            long v = idx.getLong(c.offset(0));
            if (v < 0 || v >= size) throw new IndexRangeException(op, v, i, axis, size);
        }
    }

    private static void copyElement(HostStorage from, int at, HostStorage to, int i) {
        if (from.dtype().isFloating()) to.setDouble(i, from.getDouble(at));
        else to.setLong(i, from.getLong(at));
    }

    private static void increment(int[] counter, int[] dims) {
        for (int d = dims.length - 1; d >= 0; d--) {
            if (++counter[d] < dims[d]) return;
            counter[d] = 0;
        }
    }

    @Override
    public Storage softmax(Storage x, Layout xLayout, int axis, boolean log) {
        HostStorage in = HostStorage.of(x);
        Shape shape = xLayout.shape();
        int[] rowDims = shape.dims();
        int len = rowDims[axis];
        rowDims[axis] = 1;
        Shape rowsShape = Shape.of(rowDims);
        Layout rows = new Layout(rowsShape, keptStrides(xLayout, axis), xLayout.offset());
        int[] outStrides = shape.contiguousStrides();
        int outStep = outStrides[axis];
        outStrides[axis] = 0;
        Layout outRows = new Layout(rowsShape, outStrides, 0);
        int step = xLayout.strides()[axis];
        HostStorage out = HostStorage.allocate(in.dtype(), shape.numel());
        StridedCursor c = new StridedCursor(rowsShape, rows, outRows);
        for (int r = 0, n = rowsShape.numel(); r < n; r++, c.next()) {
            int base = c.offset(0), obase = c.offset(1);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) max = Math.max(max, in.getDouble(base + j * step));
            if (max == Double.NEGATIVE_INFINITY) max = 0;
            double sum = 0;
            for (int j = 0; j < len; j++) sum += Math.exp(in.getDouble(base + j * step) - max);
            double logSum = Math.log(sum);
            for (int j = 0; j < len; j++) {
                double shifted = in.getDouble(base + j * step) - max;
                out.setDouble(obase + j * outStep, log ? shifted - logSum : Math.exp(shifted) / sum);
            }
        }
        return out;
    }

    // ---- batch and layer normalization, convolution and pooling: plain double loops (ReferenceChannelLoops,
    // ReferenceLayerNormLoops, ReferenceConvLoops) over contiguous copies, the oracle for the Backend defaults and
    // every fast kernel -----------------------------------------------------------------------------------------------

    /** A view's elements as a contiguous double array. */
    private double[] doubles(Storage s, Layout layout) {
        return HostStorage.of(copy(s, layout, DType.F64)).doubles();
    }

    /** Values in a new storage of {@code dtype}. */
    private static Storage store(double[] values, DType dtype) {
        HostStorage out = HostStorage.allocate(dtype, values.length);
        for (int i = 0; i < values.length; i++) out.setDouble(i, values[i]);
        return out;
    }

    @Override
    public Storage channelMoments(Storage x, Layout xLayout) {
        int[] d = ReferenceChannelLoops.planes(xLayout.shape());
        return store(ReferenceChannelLoops.moments(doubles(x, xLayout), d[0], d[1], d[2]), x.dtype());
    }

    @Override
    public Storage channelGradSums(Storage g, Layout gLayout, Storage x, Layout xLayout, Storage center, Layout centerLayout) {
        int[] d = ReferenceChannelLoops.planes(gLayout.shape());
        double[] sums = ReferenceChannelLoops.gradSums(doubles(g, gLayout), doubles(x, xLayout),
                doubles(center, centerLayout), d[0], d[1], d[2]);
        return store(sums, g.dtype());
    }

    @Override
    public Storage channelAffine(Storage u, Layout uLayout, Storage scale, Layout scaleLayout,
                                 Storage v, Layout vLayout, Storage vScale, Layout vScaleLayout,
                                 Storage shift, Layout shiftLayout) {
        int[] d = ReferenceChannelLoops.planes(uLayout.shape());
        double[] y = ReferenceChannelLoops.affine(doubles(u, uLayout), doubles(scale, scaleLayout),
                v == null ? null : doubles(v, vLayout), v == null ? null : doubles(vScale, vScaleLayout),
                doubles(shift, shiftLayout), d[0], d[1], d[2]);
        return store(y, u.dtype());
    }

    @Override
    public LayerNormResult layerNorm(Storage x, Layout xLayout, Storage weight, Layout weightLayout,
                                     Storage bias, Layout biasLayout, double eps) {
        int m = xLayout.shape().dim(0), n = xLayout.shape().dim(1);
        double[] y = new double[m * n], mean = new double[m], rstd = new double[m];
        ReferenceLayerNormLoops.forward(doubles(x, xLayout), weight == null ? null : doubles(weight, weightLayout),
                bias == null ? null : doubles(bias, biasLayout), eps, m, n, y, mean, rstd);
        return new LayerNormResult(store(y, x.dtype()), store(mean, x.dtype()), store(rstd, x.dtype()));
    }

    @Override
    public LayerNormGradients layerNormBackward(Storage grad, Layout gradLayout, Storage x, Layout xLayout,
                                                Storage mean, Layout meanLayout, Storage rstd, Layout rstdLayout,
                                                Storage weight, Layout weightLayout, boolean weightGrad,
                                                boolean biasGrad) {
        int m = xLayout.shape().dim(0), n = xLayout.shape().dim(1);
        double[] dx = new double[m * n], dweight = weightGrad ? new double[n] : null;
        double[] dbias = biasGrad ? new double[n] : null;
        ReferenceLayerNormLoops.backward(doubles(grad, gradLayout), doubles(x, xLayout), doubles(mean, meanLayout),
                doubles(rstd, rstdLayout), weight == null ? null : doubles(weight, weightLayout), m, n, dx, dweight,
                dbias);
        return new LayerNormGradients(store(dx, x.dtype()), dweight == null ? null : store(dweight, x.dtype()),
                dbias == null ? null : store(dbias, x.dtype()));
    }

    @Override
    public Storage conv2d(Storage x, Layout xLayout, Storage w, Layout wLayout, Conv2dParams p) {
        double[] y = ReferenceConvLoops.conv2d(doubles(x, xLayout), xLayout.shape().dims(), doubles(w, wLayout),
                wLayout.shape().dims(), p);
        return store(y, x.dtype());
    }

    @Override
    public Storage conv2dBackwardInput(Storage gradOut, Layout gLayout, Storage w, Layout wLayout, Shape inputShape, Conv2dParams p) {
        double[] gx = ReferenceConvLoops.conv2dBackwardInput(doubles(gradOut, gLayout), gLayout.shape().dims(),
                doubles(w, wLayout), wLayout.shape().dims(), inputShape.dims(), p);
        return store(gx, gradOut.dtype());
    }

    @Override
    public Storage conv2dBackwardWeight(Storage gradOut, Layout gLayout, Storage x, Layout xLayout, Shape weightShape, Conv2dParams p) {
        double[] gw = ReferenceConvLoops.conv2dBackwardWeight(doubles(gradOut, gLayout), gLayout.shape().dims(),
                doubles(x, xLayout), xLayout.shape().dims(), weightShape.dims(), p);
        return store(gw, gradOut.dtype());
    }

    @Override
    public MaxPool2dResult maxPool2d(Storage x, Layout xLayout, Pool2dParams p) {
        long[][] indices = new long[1][];
        double[] y = ReferenceConvLoops.maxPool2d(doubles(x, xLayout), xLayout.shape().dims(), p, indices);
        return new MaxPool2dResult(store(y, x.dtype()), HostStorage.wrap(indices[0]));
    }

    @Override
    public Storage maxPool2dBackward(Storage gradOut, Layout gLayout, Storage indices, Layout indicesLayout, Shape inputShape) {
        long[] idx = HostStorage.of(copy(indices, indicesLayout, DType.I64)).longs();
        double[] gx = ReferenceConvLoops.maxPool2dBackward(doubles(gradOut, gLayout), gLayout.shape().dims(), idx,
                inputShape.dims());
        return store(gx, gradOut.dtype());
    }

    @Override
    public Storage avgPool2d(Storage x, Layout xLayout, Pool2dParams p) {
        return store(ReferenceConvLoops.avgPool2d(doubles(x, xLayout), xLayout.shape().dims(), p), x.dtype());
    }

    @Override
    public Storage avgPool2dBackward(Storage gradOut, Layout gLayout, Shape inputShape, Pool2dParams p) {
        double[] gx = ReferenceConvLoops.avgPool2dBackward(doubles(gradOut, gLayout), gLayout.shape().dims(),
                inputShape.dims(), p);
        return store(gx, gradOut.dtype());
    }

    @Override
    public Storage adaptiveAvgPool2d(Storage x, Layout xLayout, int outH, int outW) {
        double[] y = ReferenceConvLoops.adaptiveAvgPool2d(doubles(x, xLayout), xLayout.shape().dims(), outH, outW);
        return store(y, x.dtype());
    }

    @Override
    public Storage adaptiveAvgPool2dBackward(Storage gradOut, Layout gLayout, Shape inputShape) {
        double[] gx = ReferenceConvLoops.adaptiveAvgPool2dBackward(doubles(gradOut, gLayout), gLayout.shape().dims(),
                inputShape.dims());
        return store(gx, gradOut.dtype());
    }

    // ---- random numbers -----------------------------------------------------------------------------------------

    /** Element by element: each one computes its own Philox block and applies its distribution's recipe. */
    @Override
    public Storage random(RandomDistribution distribution, DType dtype, int length, long seed, long offset) {
        distribution.checkDtype(dtype);
        HostStorage out = HostStorage.allocate(dtype, length);
        int perBlock = distribution.elementsPerBlock(dtype);
        int[] w = new int[4];
        for (int i = 0; i < length; i++) {
            Philox.block(seed, offset + i / perBlock, w);
            int lane = i % perBlock;
            switch (distribution) {
                case RandomDistribution.Uniform u ->
                        out.setDouble(i, dtype == DType.F32 ? u.f32(w[lane]) : u.f64(w[2 * lane], w[2 * lane + 1]));
                case RandomDistribution.Normal n -> out.setDouble(i, n.value(w[0], w[1], w[2], w[3], lane));
                case RandomDistribution.Bernoulli b -> out.setLong(i, b.test(w[lane]) ? 1 : 0);
                case RandomDistribution.Integers r -> out.setLong(i, r.value(w[2 * lane], w[2 * lane + 1]));
            }
        }
        return out;
    }
}
