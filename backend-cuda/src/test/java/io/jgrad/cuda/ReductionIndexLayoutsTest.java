package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.ReduceOp;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The views ReductionOps and IndexOps hand to the kernels of reduce.cu and index.cu, walked on the host exactly as the
 * kernels walk them (view_offset32, the kernels' position arithmetic) and checked against the reference backend on the
 * kit's layouts. What this cannot check (it needs a GPU) is the CUDA code itself.
 */
class ReductionIndexLayoutsTest {
    private static final Backend REFERENCE = Backends.named("reference", Device.CPU);
    private static final Shape[] SHAPES = {
        Shape.scalar(), Shape.of(17), Shape.of(4, 5, 6), Shape.of(3, 0, 2), Shape.of(2, 15, 17), Shape.of(1, 33, 1),
        Shape.of(40, 3),
    };

    /** view_offset32 (view32.cuh) of view {@code k}. */
    private static long offset(Views v, int k, long linear) {
        int[] shape = v.shape(), strides = v.strides()[k];
        long at = v.offsets()[k];
        for (int d = shape.length - 1; d > 0; d--) {
            at += linear % shape[d] * strides[d];
            linear /= shape[d];
        }
        if (shape.length > 0) at += linear * strides[0];
        return at;
    }

    /** The element at storage offset {@code at} as a double. */
    private static double get(View x, long at) { return x.storage().getDouble((int) at); }

    private static View input(Kind kind, Shape shape, SplittableRandom rnd) {
        return io.jgrad.testing.Views.make(kind, shape, DType.F64, rnd, r -> r.nextInt(9) - 4 + r.nextDouble());
    }

    @Test
    void reduceWalksEachOutputsSliceInTheReferencesOrder() {
        SplittableRandom rnd = new SplittableRandom(1);
        int cases = 0;
        for (Kind kind : Kind.values()) {
            for (Shape shape : SHAPES) {
                if (!kind.appliesTo(shape)) continue;
                View x = input(kind, shape, rnd);
                for (int mask = 0; mask < 1 << shape.rank(); mask++) {
                    boolean[] axes = new boolean[shape.rank()];
                    for (int i = 0; i < axes.length; i++) axes[i] = (mask >> i & 1) == 1;
                    Layout l = x.layout();
                    Views kept = Views.of(AxisRows.axes(l, axes, false, l.offset()));
                    Views reduced = Views.of(AxisRows.axes(l, axes, true, 0));
                    double[] sums = new double[(int) kept.numel()];
                    for (int o = 0; o < sums.length; o++) {
                        double acc = ReduceOp.SUM.identity();
                        for (int j = 0; j < reduced.numel(); j++) {
                            acc = ReduceOp.SUM.combine(acc, get(x, offset(kept, 0, o) + offset(reduced, 0, j)));
                        }
                        sums[o] = acc;
                    }
                    HostStorage expected = REFERENCE.download(REFERENCE.reduce(ReduceOp.SUM, x.storage(), l, axes));
                    assertArrayEquals(expected.doubles(), sums, kind + " " + shape + " axes " + Arrays.toString(axes));
                    cases++;
                }
            }
        }
        assertTrue(cases > 100, "only " + cases + " cases");
    }

    @Test
    void softmaxRowsAndTheirPlaceInTheContiguousResult() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (Kind kind : Kind.values()) {
            for (Shape shape : SHAPES) {
                if (!kind.appliesTo(shape) || shape.rank() == 0 || shape.numel() == 0) continue;
                View x = input(kind, shape, rnd);
                for (int axis = 0; axis < shape.rank(); axis++) {
                    HostStorage expected = REFERENCE.download(REFERENCE.softmax(x.storage(), x.layout(), axis, false));
                    assertArrayEquals(expected.doubles(), softmax(x, axis), kind + " " + shape + " axis " + axis);
                }
            }
        }
    }

    /** softmax_per_thread's walk, in the reference's arithmetic. */
    private static double[] softmax(View x, int axis) {
        AxisRows rows = AxisRows.along(x.layout(), axis);
        assertEquals(x.layout().numel(), rows.count() * rows.length());
        double[] out = new double[x.layout().numel()];
        for (int r = 0; r < rows.count(); r++) {
            long start = offset(rows.starts(), 0, r);
            int outStart = r / rows.inner() * rows.length() * rows.inner() + r % rows.inner();
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < rows.length(); j++) max = Math.max(max, get(x, start + (long) j * rows.step()));
            for (int j = 0; j < rows.length(); j++) sum += Math.exp(get(x, start + (long) j * rows.step()) - max);
            for (int j = 0; j < rows.length(); j++) {
                out[outStart + j * rows.inner()] = Math.exp(get(x, start + (long) j * rows.step()) - max) / sum;
            }
        }
        return out;
    }

    @Test
    void argReduceRowsAreTheKeptShapesPositions() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (Kind kind : Kind.values()) {
            for (Shape shape : SHAPES) {
                if (!kind.appliesTo(shape) || shape.rank() == 0) continue;
                View x = io.jgrad.testing.Views.make(kind, shape, DType.F64, rnd, r -> r.nextInt(5));
                for (int axis = 0; axis < shape.rank(); axis++) {
                    HostStorage expected = REFERENCE.download(REFERENCE.argReduce(true, x.storage(), x.layout(), axis));
                    assertArrayEquals(expected.longs(), argMax(x, axis), kind + " " + shape + " axis " + axis);
                }
            }
        }
    }

    /** arg_reduce_per_thread's walk (arg max, no NaN). */
    private static long[] argMax(View x, int axis) {
        AxisRows rows = AxisRows.along(x.layout(), axis);
        long[] out = new long[rows.count()];
        for (int r = 0; r < rows.count(); r++) {
            long start = offset(rows.starts(), 0, r);
            for (int j = 1; j < rows.length(); j++) {
                if (get(x, start + (long) j * rows.step()) > get(x, start + out[r] * rows.step())) out[r] = j;
            }
        }
        return out;
    }

    @Test
    void indexSelectGatherAndScatterAddAddressTheReferencesElements() {
        SplittableRandom rnd = new SplittableRandom(4);
        Shape shape = Shape.of(4, 17);
        for (Kind kind : Kind.values()) {
            if (!kind.appliesTo(shape)) continue;
            View x = input(kind, shape, rnd);
            Layout xl = x.layout();
            for (int axis = 0; axis < 2; axis++) {
                String what = kind + " axis " + axis;
                int size = shape.dim(axis);
                View idx = indices(Kind.STEP_SLICED, Shape.of(6), size, rnd);
                HostStorage selected = REFERENCE.download(
                        REFERENCE.indexSelect(x.storage(), xl, axis, idx.storage(), idx.layout()));
                assertArrayEquals(selected.doubles(), indexSelected(x, axis, idx), "indexSelect " + what);

                Shape ishape = axis == 0 ? Shape.of(3, 17) : Shape.of(4, 5);
                View gi = indices(Kind.TRANSPOSED, ishape, size, rnd);
                HostStorage gathered = REFERENCE.download(
                        REFERENCE.gather(x.storage(), xl, axis, gi.storage(), gi.layout()));
                assertArrayEquals(gathered.doubles(), gathered(x, axis, gi), "gather " + what);

                if (!kind.writable()) continue;
                View src = io.jgrad.testing.Views.make(Kind.TRANSPOSED, ishape, DType.F64, rnd, r -> r.nextInt(9));
                View scattered = x.copy();
                REFERENCE.scatterAdd(scattered.storage(), xl, axis, gi.storage(), gi.layout(), src.storage(),
                        src.layout());
                assertArrayEquals(scattered.storage().doubles(), scatterAdded(x, axis, gi, src), "scatterAdd " + what);
            }
        }
    }

    /** gather's walk. */
    private static double[] gathered(View x, int axis, View index) {
        Layout xl = x.layout();
        Views g = Views.of(index.layout(), IndexOps.overIndex(xl, axis, index.layout().shape()));
        double[] out = new double[index.layout().numel()];
        for (int i = 0; i < out.length; i++) {
            long position = index.storage().getLong((int) offset(g, 0, i));
            out[i] = get(x, offset(g, 1, i) + position * xl.strides()[axis]);
        }
        return out;
    }

    /** scatter_add's walk, on a copy of x's storage. */
    private static double[] scatterAdded(View x, int axis, View index, View src) {
        Layout xl = x.layout();
        double[] dst = x.copy().storage().doubles();
        Views s = Views.of(index.layout(), src.layout(), IndexOps.overIndex(xl, axis, index.layout().shape()));
        for (int i = 0; i < index.layout().numel(); i++) {
            long position = index.storage().getLong((int) offset(s, 0, i));
            dst[(int) (offset(s, 2, i) + position * xl.strides()[axis])] += get(src, offset(s, 1, i));
        }
        return dst;
    }

    private static View indices(Kind kind, Shape shape, int size, SplittableRandom rnd) {
        return io.jgrad.testing.Views.make(kind, shape, DType.I64, rnd, r -> r.nextInt(size));
    }

    /** index_select's walk: out as [outer, count, inner]. */
    private static double[] indexSelected(View x, int axis, View idx) {
        Layout xl = x.layout();
        int[] dims = xl.shape().dims();
        int count = idx.layout().numel();
        dims[axis] = count;
        AxisRows rows = AxisRows.along(xl, axis);
        int inner = rows.inner();
        Views index = Views.of(idx.layout());
        double[] out = new double[Shape.of(dims).numel()];
        for (int i = 0; i < out.length; i++) {
            int b = i % inner, ak = i / inner, k = ak % count, a = ak / count;
            long position = idx.storage().getLong((int) offset(index, 0, k));
            out[i] = get(x, offset(rows.starts(), 0, (long) a * inner + b) + position * rows.step());
        }
        return out;
    }

    @Test
    void theErrorsValueIsReadAtItsRowMajorPosition() {
        HostStorage index = HostStorage.wrap(new long[] {0, 7, 1, 2});
        Layout transposed = Layout.contiguous(Shape.of(2, 2)).transpose(0, 1);
        // Positions in the transposed view: 0 -> 0, 1 -> 2, 2 -> 1, 3 -> 3.
        assertEquals(1, IndexOps.offsetOf(transposed, 2));
        assertEquals(7, index.getLong((int) IndexOps.offsetOf(transposed, 2)));
        assertEquals(5, IndexOps.offsetOf(Layout.contiguous(Shape.of(10)).narrow(0, 1, 4, 2), 2));
        assertEquals(3, IndexOps.offsetOf(new Layout(Shape.scalar(), new int[0], 3), 0));
    }

    @Test
    void shortRowsGoOnePerThreadAndLongOnesOnePerBlock() {
        assertTrue(ReductionOps.onePerThread(10, 32, 1));
        assertTrue(ReductionOps.onePerThread(10, 0, 1));
        assertFalse(ReductionOps.onePerThread(10, 33, 1));
        assertFalse(ReductionOps.onePerThread(1 << 20, 1000, 1));
        assertTrue(ReductionOps.onePerThread(1 << 20, 1000, 917));
        assertEquals(64, ReductionOps.blockThreads(33));
        assertEquals(64, ReductionOps.blockThreads(64));
        assertEquals(128, ReductionOps.blockThreads(65));
        assertEquals(ReductionOps.ROW_THREADS, ReductionOps.blockThreads(1 << 30));
    }
}
