package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.IndexRangeException;
import io.jgrad.backend.ReduceOp;
import io.jgrad.backend.Storage;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the kit's sizes leave out of reduce.cu and index.cu: rows long enough for the one-block-per-row kernels in every
 * dtype with NaN, -inf and ties, rows many enough for the one-thread-per-row path on strided input, an index range
 * check whose first bad position sits many blocks in, and scatters with many collisions. Each against the reference.
 */
@GpuTest
class ReductionIndexGpuTest {
    private static final Backend REFERENCE = Backends.named("reference", Device.CPU);

    private static Backend cuda() { return Backends.named("cuda", Device.cuda(0)); }

    /** Integers in [-spread, spread] (ties, exact sums), a few NaN where floating. */
    private static HostStorage random(DType dtype, int n, SplittableRandom rnd, int spread, double nanChance) {
        HostStorage h = HostStorage.allocate(dtype, n);
        for (int i = 0; i < n; i++) {
            boolean nan = dtype.isFloating() && rnd.nextDouble() < nanChance;
            h.setDouble(i, nan ? Double.NaN : rnd.nextInt(2 * spread + 1) - spread);
        }
        return h;
    }

    /** A copy: the reference's upload returns its argument, which an in-place op would then change. */
    private static HostStorage copy(HostStorage h) {
        HostStorage c = HostStorage.allocate(h.dtype(), h.length());
        System.arraycopy(h.array(), 0, c.array(), 0, h.length());
        return c;
    }

    /** Floats within 1e-10 (integer-valued inputs keep sums exact in any order). */
    private static void assertSameOnBoth(String what, Function<Backend, Storage> op) {
        assertSameOnBoth(what, 1e-10, op);
    }

    /** Integers exactly; floats within {@code tolerance} (relative and absolute), NaN for NaN, the same infinities. */
    private static void assertSameOnBoth(String what, double tolerance, Function<Backend, Storage> op) {
        HostStorage expected = REFERENCE.download(op.apply(REFERENCE));
        HostStorage actual = cuda().download(op.apply(cuda()));
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertEquals(expected.length(), actual.length(), what);
        for (int i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            boolean ok = !expected.dtype().isFloating() ? expected.getLong(i) == actual.getLong(i)
                    : Double.isNaN(e) ? Double.isNaN(a)
                    : Double.isInfinite(e) ? e == a : Math.abs(e - a) <= tolerance * (1 + Math.abs(e));
            if (!ok) fail(what + ": element " + i + " expected " + e + " but was " + a);
        }
    }

    @Test
    void longRowsInEveryDtype() {
        SplittableRandom rnd = new SplittableRandom(1);
        Shape shape = Shape.of(6, 3001);
        for (DType t : DType.values()) {
            HostStorage x = random(t, shape.numel(), rnd, 3, 0.0005);
            // Products of -1, 0 and 1 neither overflow nor round, so any order gives the reference's (integers wrap).
            HostStorage ones = random(t, shape.numel(), rnd, 1, 0.0005);
            Layout transposed = Layout.contiguous(Shape.of(3001, 6)).transpose(0, 1);
            for (Layout l : new Layout[] {Layout.contiguous(shape), transposed}) {
                for (ReduceOp op : ReduceOp.values()) {
                    for (boolean[] axes : new boolean[][] {{false, true}, {true, true}, {true, false}}) {
                        HostStorage in = op == ReduceOp.PROD && t.isFloating() ? ones : x;
                        assertSameOnBoth(op + " " + t + " " + l, r -> r.reduce(op, r.upload(in), l, axes));
                    }
                }
                for (int axis = 0; axis < 2; axis++) {
                    int a = axis;
                    for (boolean max : new boolean[] {true, false}) {
                        assertSameOnBoth("arg " + max + " " + t + " " + l + " axis " + a,
                                r -> r.argReduce(max, r.upload(x), l, a));
                    }
                }
            }
        }
    }

    @Test
    void argReducePicksTheFirstNaNOrTheFirstExtremeInALongRow() {
        int n = 5000;
        HostStorage x = HostStorage.allocate(DType.F64, 4 * n);
        for (int i = 0; i < x.length(); i++) x.setDouble(i, 1);
        x.setDouble(4000, 2);  // row 0: the maximum late; ties of 1 for the minimum
        x.setDouble(n + 4999, Double.NaN);  // row 1: one NaN, last
        x.setDouble(2 * n + 300, Double.NaN);  // row 2: NaNs at 300 and 7
        x.setDouble(2 * n + 7, Double.NaN);
        x.setDouble(3 * n + 10, -0.0);  // row 3: zeros of both signs tie for the minimum
        x.setDouble(3 * n + 9, 0.0);
        Layout l = Layout.contiguous(Shape.of(4, n));
        for (boolean max : new boolean[] {true, false}) {
            assertSameOnBoth("arg " + max, r -> r.argReduce(max, r.upload(x), l, 1));
        }
    }

    @Test
    void softmaxOverLongRowsWithInfinitiesAndNaN() {
        SplittableRandom rnd = new SplittableRandom(2);
        int n = 1000;
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            HostStorage x = HostStorage.allocate(t, 5 * n);
            for (int i = 0; i < x.length(); i++) x.setDouble(i, rnd.nextDouble() * 40 - 20);
            for (int j = 0; j < n; j++) x.setDouble(n + j, Double.NEGATIVE_INFINITY);  // row 1: all -inf
            x.setDouble(2 * n + 17, Double.NaN);  // row 2: one NaN
            x.setDouble(3 * n + 5, Double.POSITIVE_INFINITY);  // row 3: +inf
            x.setDouble(4 * n + 900, Double.NEGATIVE_INFINITY);  // row 4: one -inf
            Layout transposed = Layout.contiguous(Shape.of(n, 5)).transpose(0, 1);
            for (Layout l : new Layout[] {Layout.contiguous(Shape.of(5, n)), transposed}) {
                for (boolean log : new boolean[] {false, true}) {
                    assertSameOnBoth("softmax " + log + " " + t + " " + l, t == DType.F32 ? 1e-5 : 1e-12,
                            r -> r.softmax(r.upload(x), l, 1, log));
                }
            }
        }
    }

    @Test
    void manyShortStridedRowsGoOnePerThread() {
        SplittableRandom rnd = new SplittableRandom(3);
        Shape shape = Shape.of(40, 70_000);
        HostStorage x = random(DType.F32, shape.numel(), rnd, 3, 0);
        Layout l = Layout.contiguous(shape);
        assertSameOnBoth("sum over axis 0", r -> r.reduce(ReduceOp.SUM, r.upload(x), l, new boolean[] {true, false}));
        assertSameOnBoth("argmin over axis 0", r -> r.argReduce(false, r.upload(x), l, 0));
        assertSameOnBoth("logSoftmax over axis 0", r -> r.softmax(r.upload(x), l, 0, true));
    }

    @Test
    void theFirstBadIndexIsReportedFromFarIntoALargeIndex() {
        Backend b = cuda();
        int n = 1 << 20;
        long[] values = new long[n];
        for (int i = 0; i < n; i++) values[i] = i % 10;
        values[1_000_000] = 1000;
        values[700_000] = 99;
        values[300_001] = -5;
        Storage x = b.allocate(DType.F32, 30);
        Storage index = b.upload(HostStorage.wrap(values));
        Layout l = Layout.contiguous(Shape.of(n));
        IndexRangeException e = assertThrows(IndexRangeException.class,
                () -> b.indexSelect(x, Layout.contiguous(Shape.of(10, 3)), 0, index, l));
        assertEquals("indexSelect: index -5 (at flat position 300001) is out of range for dimension 0 of size 10",
                e.getMessage());
        // The same values as a [2^10, 2^10] index viewed transposed: position p of the view is storage element
        // (p % 1024) * 1024 + p / 1024, and element e is at position (e % 1024) * 1024 + e / 1024.
        Layout t = Layout.contiguous(Shape.of(1024, 1024)).transpose(0, 1);
        e = assertThrows(IndexRangeException.class,
                () -> b.gather(b.allocate(DType.F32, 1024 * 10), Layout.contiguous(Shape.of(1024, 10)), 1, index, t));
        long first = Long.MAX_VALUE;
        for (int bad : new int[] {1_000_000, 700_000, 300_001}) {
            first = Math.min(first, (long) (bad % 1024) * 1024 + bad / 1024);
        }
        assertEquals(first, e.position());
        assertEquals(values[(int) IndexOps.offsetOf(t, first)], e.value());
    }

    @Test
    void scatterAddWithManyCollisionsInEveryDtype() {
        SplittableRandom rnd = new SplittableRandom(4);
        Shape index = Shape.of(50_000, 5);
        long[] positions = new long[index.numel()];
        for (int i = 0; i < positions.length; i++) positions[i] = rnd.nextInt(8);
        HostStorage idx = HostStorage.wrap(positions);
        for (DType t : DType.values()) {
            // Integer values: floating sums are exact in any order, so F32 and F64 must match exactly too.
            HostStorage src = random(t, index.numel(), rnd, 3, 0);
            HostStorage dst = random(t, 8 * 7, rnd, 3, 0);
            Layout dstView = Layout.contiguous(Shape.of(8, 7)).narrow(1, 1, 5, 1);
            Layout srcView = Layout.contiguous(Shape.of(5, 50_000)).transpose(0, 1);
            assertSameOnBoth("scatterAdd " + t, r -> {
                Storage d = r.upload(copy(dst));
                r.scatterAdd(d, dstView, 0, r.upload(idx), Layout.contiguous(index), r.upload(src), srcView);
                return d;
            });
        }
    }
}
