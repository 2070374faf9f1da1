package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.CompareOp;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.ReduceOp;
import io.jgrad.backend.Storage;
import io.jgrad.backend.UnaryOp;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend primitive on the backend under test against the reference backend: one test body per op, run for
 * each input layout (contiguous, transposed, sliced with a step, broadcast), on 0-d, empty and SIMD-tail sizes, in
 * every dtype the op supports, and on sizes big enough for a backend's parallel paths.
 */
public abstract class PrimitiveOpsContract extends KitSuite {
    /** 0-d, empty, one element, SIMD tails around 16 lanes, rank 2 and 3 (one of them empty). */
    private static final Shape[] SHAPES = {
        Shape.scalar(), Shape.of(0), Shape.of(1), Shape.of(15), Shape.of(17), Shape.of(4, 17), Shape.of(3, 0, 5),
        Shape.of(2, 3, 15), Shape.of(33, 1),
    };
    private static final DType[] FLOATS = {DType.F32, DType.F64};

    protected PrimitiveOpsContract(BackendTestKit kit) { super(kit); }

    static Stream<Kind> kinds() { return Arrays.stream(Kind.values()); }

    static Stream<Arguments> kindPairs() {
        return Arrays.stream(Kind.values()).flatMap(k -> Arrays.stream(Kind.values()).map(l -> Arguments.of(k, l)));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static HostStorage run(Backend b, Function<Backend, Storage> op) {
        return b.download(op.apply(b));
    }

    private static ToDoubleFunction<SplittableRandom> range(double lo, double hi) { return r -> Views.uniform(r, lo, hi); }

    /** Small integers, so that comparisons hit equality and arg max/min hit ties. */
    private static ToDoubleFunction<SplittableRandom> smallInts() { return r -> r.nextInt(7) - 3; }

    // ---- memory ---------------------------------------------------------------------------------------------------

    @Test
    void allocateFullUploadDownload() {
        for (DType t : DType.values()) {
            for (int n : new int[] {0, 1, 17, 1029}) {
                assertSameOnBoth("allocate " + t + " " + n, r -> r.allocate(t, n));
                for (double v : new double[] {0, -0.0, -2.5, 3}) {
                    // Bit for bit: -0.0 must not come out as +0.0.
                    assertSameBits("full " + t + " " + n + " " + v, REFERENCE.download(REFERENCE.full(t, n, v)),
                            backend().download(backend().full(t, n, v)));
                }
            }
        }
    }

    /** Storage for overwriting: any contents, but the dtype and length asked for, and it keeps what is written. */
    @Test
    void allocateForOverwriteHoldsWhatIsWritten() {
        for (DType t : DType.values()) {
            for (int n : new int[] {0, 1, 17, 70_000}) {
                Storage s = backend().allocateForOverwrite(t, n);
                assertEquals(t, s.dtype(), "allocateForOverwrite " + t + " " + n + ": dtype");
                assertEquals(n, s.length(), "allocateForOverwrite " + t + " " + n + ": length");
                Layout whole = Layout.contiguous(Shape.of(n));
                backend().assign(s, whole, backend().full(t, n, 1), whole);
                assertSameBits("allocateForOverwrite " + t + " " + n + " then assign", REFERENCE.download(
                        REFERENCE.full(t, n, 1)), backend().download(s));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void copyConvertingDtype(Kind kind) {
        SplittableRandom rnd = new SplittableRandom(1);
        for (DType from : DType.values()) {
            for (Shape shape : SHAPES) {
                if (!kind.appliesTo(shape)) continue;
                View x = Views.make(kind, shape, from, rnd, range(-50, 50));
                for (DType to : DType.values()) {
                    assertSameOnBoth("copy " + from + "->" + to + " " + shape, r -> r.copy(x.on(r), x.layout(), to));
                }
            }
        }
    }

    @ParameterizedTest(name = "dst {0} src {1}")
    @MethodSource("kindPairs")
    void assign(Kind dstKind, Kind srcKind) {
        assumeTrue(dstKind.writable(), "cannot write through a broadcast view");
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(2);
        for (DType t : new DType[] {DType.F32, DType.F64, DType.I64, DType.BOOL}) {
            for (Shape shape : SHAPES) {
                if (!dstKind.appliesTo(shape) || !srcKind.appliesTo(shape)) continue;
                View dst = Views.make(dstKind, shape, t, rnd, range(-9, 9));
                for (DType srcType : new DType[] {t, DType.F64}) {
                    View src = Views.make(srcKind, shape, srcType, rnd, range(-9, 9));
                    assertClose("assign " + srcType + "->" + t + " " + shape, assigned(REFERENCE, dst, src), assigned(b, dst, src));
                }
            }
        }
    }

    private static HostStorage assigned(Backend b, View dst, View src) {
        Storage d = dst.on(b);
        b.assign(d, dst.layout(), src.on(b), src.layout());
        return b.download(d);
    }

    // ---- elementwise ----------------------------------------------------------------------------------------------

    /** The parameters each unary op is tried with. */
    private static double[][] params(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> new double[][] {{0.01, 0}, {0.2, 0}};
            case ELU -> new double[][] {{1, 0}, {0.5, 0}};
            case SOFTPLUS -> new double[][] {{1, 20}, {2, 1.5}};
            case POW_SCALAR -> new double[][] {{2, 0}, {3, 0}, {0.5, 0}, {-1.5, 0}, {1, 0}};
            case CLAMP -> new double[][] {{-0.5, 0.5}, {Double.NaN, 0.2}, {-0.1, Double.NaN}};
            default -> new double[][] {{0, 0}};
        };
    }

    /** Inputs inside the op's domain (positive where it needs them). */
    private static ToDoubleFunction<SplittableRandom> domain(UnaryOp op, double a) {
        return switch (op) {
            case LOG, SQRT, RSQRT -> range(0.05, 4);
            case LOG1P -> range(-0.9, 4);
            case POW_SCALAR -> a == Math.rint(a) ? range(-3, 3) : range(0.05, 3);
            case RECIPROCAL -> r -> (r.nextBoolean() ? 1 : -1) * Views.uniform(r, 0.1, 3);
            default -> range(-6, 6);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void unary(Kind kind) {
        SplittableRandom rnd = new SplittableRandom(3);
        for (UnaryOp op : UnaryOp.values()) {
            List<DType> types = new ArrayList<>(List.of(FLOATS));
            if (op.keepsIntegers()) types.addAll(List.of(DType.I32, DType.I64));
            for (double[] p : params(op)) {
                for (DType t : types) {
                    for (Shape shape : SHAPES) {
                        if (!kind.appliesTo(shape)) continue;
                        View x = Views.make(kind, shape, t, rnd, domain(op, p[0]));
                        assertSameOnBoth(op + Arrays.toString(p) + " " + t + " " + shape,
                                r -> r.unary(op, x.on(r), x.layout(), p[0], p[1]));
                    }
                }
            }
        }
    }

    @Test
    void unarySpecialValues() {
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1, -1, 1e-30, 40, -40,
            0.5, -0.5, 3, -3, 100, -100, 7};
        for (DType t : FLOATS) {
            HostStorage h = HostStorage.allocate(t, specials.length);
            for (int i = 0; i < specials.length; i++) h.setDouble(i, specials[i]);
            View x = new View(h, Layout.contiguous(Shape.of(specials.length)));
            for (UnaryOp op : UnaryOp.values()) {
                for (double[] p : params(op)) {
                    assertSameOnBoth(op + Arrays.toString(p) + " " + t + " on special values",
                            r -> r.unary(op, x.on(r), x.layout(), p[0], p[1]));
                }
            }
        }
    }

    private static ToDoubleFunction<SplittableRandom> binaryDomain(BinaryOp op, boolean left) {
        if (op == BinaryOp.POW) return left ? range(0.1, 3) : range(-2, 2);
        if (op == BinaryOp.DIV && !left) return r -> (r.nextBoolean() ? 1 : -1) * Views.uniform(r, 0.5, 4);
        return range(-5, 5);
    }

    @ParameterizedTest(name = "x {0} y {1}")
    @MethodSource("kindPairs")
    void binary(Kind xKind, Kind yKind) {
        SplittableRandom rnd = new SplittableRandom(4);
        for (BinaryOp op : BinaryOp.values()) {
            for (DType t : DType.values()) {
                if (t == DType.BOOL || (op == BinaryOp.DIV && !t.isFloating())) continue;
                for (Shape shape : SHAPES) {
                    if (!xKind.appliesTo(shape) || !yKind.appliesTo(shape)) continue;
                    View x = Views.make(xKind, shape, t, rnd, t.isFloating() ? binaryDomain(op, true) : smallInts());
                    View y = Views.make(yKind, shape, t, rnd, t.isFloating() ? binaryDomain(op, false) : r -> r.nextInt(4));
                    assertSameOnBoth(op + " " + t + " " + shape,
                            r -> r.binary(op, x.on(r), x.layout(), y.on(r), y.layout()));
                }
            }
        }
    }

    @Test
    void binaryPropagatesNaNAndInfinity() {
        double[] v = {Double.NaN, 1, Double.POSITIVE_INFINITY, -2, Double.NEGATIVE_INFINITY, 0, -0.0};
        int n = v.length * v.length;
        for (DType t : FLOATS) {
            HostStorage xs = HostStorage.allocate(t, n), ys = HostStorage.allocate(t, n);
            for (int i = 0; i < n; i++) {
                xs.setDouble(i, v[i / v.length]);
                ys.setDouble(i, v[i % v.length]);
            }
            View x = new View(xs, Layout.contiguous(Shape.of(n))), y = new View(ys, Layout.contiguous(Shape.of(n)));
            for (BinaryOp op : BinaryOp.values()) {
                assertSameOnBoth(op + " " + t + " on special values",
                        r -> r.binary(op, x.on(r), x.layout(), y.on(r), y.layout()));
            }
            for (CompareOp op : CompareOp.values()) {
                assertSameOnBoth(op + " " + t + " on special values",
                        r -> r.compare(op, x.on(r), x.layout(), y.on(r), y.layout()));
            }
        }
    }

    @ParameterizedTest(name = "dst {0} y {1}")
    @MethodSource("kindPairs")
    void binaryInPlace(Kind dstKind, Kind yKind) {
        assumeTrue(dstKind.writable(), "cannot write through a broadcast view");
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(5);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM}) {
            for (DType t : new DType[] {DType.F32, DType.F64, DType.I64}) {
                if (op == BinaryOp.DIV && !t.isFloating()) continue;
                for (Shape shape : SHAPES) {
                    if (!dstKind.appliesTo(shape) || !yKind.appliesTo(shape)) continue;
                    View dst = Views.make(dstKind, shape, t, rnd, binaryDomain(op, true));
                    View y = Views.make(yKind, shape, t, rnd, binaryDomain(op, false));
                    assertClose(op + "= " + t + " " + shape, inPlace(REFERENCE, op, dst, y), inPlace(b, op, dst, y));
                }
            }
        }
    }

    private static HostStorage inPlace(Backend b, BinaryOp op, View dst, View y) {
        Storage d = dst.on(b);
        b.binaryInPlace(op, d, dst.layout(), y.on(b), y.layout());
        return b.download(d);
    }

    @ParameterizedTest(name = "x {0} y {1}")
    @MethodSource("kindPairs")
    void compare(Kind xKind, Kind yKind) {
        SplittableRandom rnd = new SplittableRandom(6);
        for (CompareOp op : CompareOp.values()) {
            for (DType t : new DType[] {DType.F32, DType.F64, DType.I32, DType.I64}) {
                for (Shape shape : SHAPES) {
                    if (!xKind.appliesTo(shape) || !yKind.appliesTo(shape)) continue;
                    View x = Views.make(xKind, shape, t, rnd, smallInts()), y = Views.make(yKind, shape, t, rnd, smallInts());
                    assertSameOnBoth(op + " " + t + " " + shape,
                            r -> r.compare(op, x.on(r), x.layout(), y.on(r), y.layout()));
                }
            }
        }
    }

    @ParameterizedTest(name = "cond {0} x {1}")
    @MethodSource("kindPairs")
    void where(Kind condKind, Kind xKind) {
        SplittableRandom rnd = new SplittableRandom(7);
        for (DType t : new DType[] {DType.F32, DType.F64, DType.I64}) {
            for (Shape shape : SHAPES) {
                if (!condKind.appliesTo(shape) || !xKind.appliesTo(shape)) continue;
                View cond = Views.make(condKind, shape, DType.BOOL, rnd, r -> r.nextInt(2));
                View x = Views.make(xKind, shape, t, rnd, range(-5, 5));
                View y = Views.make(Kind.CONTIGUOUS, shape, t, rnd, range(-5, 5));
                View yb = Views.make(Kind.BROADCAST_SCALAR.appliesTo(shape) ? Kind.BROADCAST_SCALAR : Kind.CONTIGUOUS, shape, t, rnd, range(-5, 5));
                for (View other : new View[] {y, yb}) {
                    assertSameOnBoth("where " + t + " " + shape,
                            r -> r.where(cond.on(r), cond.layout(), x.on(r), x.layout(), other.on(r), other.layout()));
                }
            }
        }
    }

    // ---- reductions -----------------------------------------------------------------------------------------------

    private static final Shape[] REDUCE_SHAPES = {
        Shape.scalar(), Shape.of(17), Shape.of(4, 5, 6), Shape.of(3, 0, 2), Shape.of(2, 15, 17), Shape.of(1, 33, 1), Shape.of(40, 3),
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void reduce(Kind kind) {
        SplittableRandom rnd = new SplittableRandom(8);
        for (ReduceOp op : ReduceOp.values()) {
            for (DType t : new DType[] {DType.F32, DType.F64, DType.I64}) {
                for (Shape shape : REDUCE_SHAPES) {
                    if (!kind.appliesTo(shape)) continue;
                    View x = Views.make(kind, shape, t, rnd, op == ReduceOp.PROD ? range(0.8, 1.25) : t.isFloating() ? range(-5, 5) : smallInts());
                    for (int mask = 0; mask < 1 << shape.rank(); mask++) {
                        boolean[] axes = new boolean[shape.rank()];
                        boolean emptyReduction = false;
                        for (int i = 0; i < axes.length; i++) {
                            axes[i] = (mask >> i & 1) == 1;
                            if (axes[i] && shape.dim(i) == 0) emptyReduction = true;
                        }
                        if (shape.numel() == 0 && !op.allowsEmpty() && (emptyReduction || mask == 0)) continue;
                        assertSameOnBoth(op + " " + t + " " + shape + " axes " + Arrays.toString(axes),
                                r -> r.reduce(op, x.on(r), x.layout(), axes));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void argReduce(Kind kind) {
        SplittableRandom rnd = new SplittableRandom(9);
        for (boolean max : new boolean[] {true, false}) {
            for (DType t : new DType[] {DType.F32, DType.F64, DType.I64}) {
                for (Shape shape : REDUCE_SHAPES) {
                    // 0-d and empty inputs are handled by the tensor ops before a backend is called.
                    if (!kind.appliesTo(shape) || shape.numel() == 0 || shape.rank() == 0) continue;
                    // Ties (small integers) check that the first extreme wins; a few NaNs that the first NaN does.
                    View x = Views.make(kind, shape, t, rnd, r -> t.isFloating() && r.nextInt(40) == 0 ? Double.NaN : r.nextInt(7) - 3);
                    for (int axis = 0; axis < Math.max(1, shape.rank()); axis++) {
                        int a = axis;
                        assertSameOnBoth((max ? "argmax " : "argmin ") + t + " " + shape + " axis " + axis,
                                r -> r.argReduce(max, x.on(r), x.layout(), a));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void softmax(Kind kind) {
        SplittableRandom rnd = new SplittableRandom(10);
        for (boolean log : new boolean[] {false, true}) {
            for (DType t : FLOATS) {
                for (Shape shape : REDUCE_SHAPES) {
                    // 0-d and empty inputs are handled by the tensor ops before a backend is called.
                    if (!kind.appliesTo(shape) || shape.numel() == 0 || shape.rank() == 0) continue;
                    View x = Views.make(kind, shape, t, rnd, r -> r.nextInt(50) == 0 ? Double.NEGATIVE_INFINITY : Views.uniform(r, -20, 20));
                    for (int axis = 0; axis < Math.max(1, shape.rank()); axis++) {
                        int a = axis;
                        assertSameOnBoth((log ? "logSoftmax " : "softmax ") + t + " " + shape + " axis " + axis,
                                r -> r.softmax(x.on(r), x.layout(), a, log));
                    }
                }
            }
        }
    }

    /**
     * F32 log-softmax of rows of large logits keeps float precision: {@code (x - max) - log(sum)} loses nothing to the
     * magnitude of x, where one rounded shift {@code max + log(sum)} was off by 1.3e-5 at 1e3 and 1.4e-3 at 1e5. Rows
     * [b, b+1, b+2] (a SIMD tail only) and 37 entries (full vectors and a tail), against the same formula in F64.
     */
    @Test
    void logSoftmaxOfLargeF32LogitsKeepsFloatPrecision() {
        for (double b : new double[] {1e3, 1e4, 1e5, -1e5}) {
            for (int n : new int[] {3, 37}) {
                float[] row = new float[n];
                for (int j = 0; j < n; j++) row[j] = (float) (b + j % 3);
                double max = b + Math.min(2, n - 1), sum = 0;
                for (float v : row) sum += Math.exp(v - max);
                HostStorage out = backend().download(backend().softmax(backend().upload(HostStorage.wrap(row)),
                        Layout.contiguous(Shape.of(n)), 0, true));
                for (int j = 0; j < n; j++) {
                    double exact = (row[j] - max) - Math.log(sum);
                    // Two float ulps of the result (2.4e-7 each near -2.4): the reference rounds once, a backend may
                    // add one rounding of log(sum) and of exp's sum.
                    double error = Math.abs(out.getDouble(j) - exact);
                    if (error > 2 * Math.ulp((float) exact)) {
                        throw new AssertionError("logSoftmax F32 of [" + b + ", " + b + " + 1, " + b + " + 2, ...] (" + n
                                + " entries): entry " + j + " is " + out.getDouble(j) + ", exactly " + exact + " (error "
                                + error + ")");
                    }
                }
            }
        }
    }

    // ---- linear algebra and indexing ------------------------------------------------------------------------------

    static Stream<Arguments> matmulCases() {
        Kind[] kinds = {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED, Kind.BROADCAST_ROWS};
        return Arrays.stream(kinds).flatMap(k -> Arrays.stream(kinds).map(l -> Arguments.of(k, l)));
    }

    @ParameterizedTest(name = "a {0} b {1}")
    @MethodSource("matmulCases")
    void matmul(Kind aKind, Kind bKind) {
        SplittableRandom rnd = new SplittableRandom(11);
        int[][] bmkn = {{1, 1, 1, 1}, {1, 15, 17, 16}, {2, 17, 15, 33}, {3, 4, 0, 5}, {2, 0, 3, 4}, {1, 1, 40, 1}, {1, 33, 1, 17}, {4, 9, 31, 7}};
        for (DType t : new DType[] {DType.F32, DType.F64, DType.I64}) {
            for (int[] s : bmkn) {
                View x = Views.make(aKind, Shape.of(s[0], s[1], s[2]), t, rnd, range(-2, 2));
                View y = Views.make(bKind, Shape.of(s[0], s[2], s[3]), t, rnd, range(-2, 2));
                assertSameOnBoth("matmul " + t + " " + Arrays.toString(s),
                        r -> r.matmul(x.on(r), x.layout(), y.on(r), y.layout()));
            }
            // One operand shared across the batch (batch stride 0), as for x @ W with a 3-D x.
            View x = Views.make(aKind, Shape.of(3, 5, 7), t, rnd, range(-2, 2));
            View w = Views.make(bKind, Shape.of(1, 7, 6), t, rnd, range(-2, 2));
            Layout shared = w.layout().broadcastTo(Shape.of(3, 7, 6), "test");
            assertSameOnBoth("matmul " + t + " batch-broadcast B", r -> r.matmul(x.on(r), x.layout(), w.on(r), shared));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void indexSelectGatherScatterAdd(Kind kind) {
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(12);
        Shape shape = Shape.of(4, 17);
        assumeTrue(kind.appliesTo(shape), kind + " is contiguous for " + shape);
        for (DType t : new DType[] {DType.F32, DType.F64, DType.I64}) {
            View x = Views.make(kind, shape, t, rnd, range(-5, 5));
            for (int axis = 0; axis < 2; axis++) {
                int a = axis, size = shape.dim(axis);
                View idx = Views.make(Kind.CONTIGUOUS, Shape.of(6), DType.I64, rnd, r -> r.nextInt(size));
                assertSameOnBoth("indexSelect " + t + " axis " + axis,
                        r -> r.indexSelect(x.on(r), x.layout(), a, idx.on(r), idx.layout()));
                Shape ishape = axis == 0 ? Shape.of(3, 17) : Shape.of(4, 5);
                View gi = Views.make(Kind.CONTIGUOUS, ishape, DType.I64, rnd, r -> r.nextInt(size));
                assertSameOnBoth("gather " + t + " axis " + axis,
                        r -> r.gather(x.on(r), x.layout(), a, gi.on(r), gi.layout()));
                if (kind.writable()) {
                    View src = Views.make(Kind.CONTIGUOUS, ishape, t, rnd, range(-5, 5));
                    assertClose("scatterAdd " + t + " axis " + axis, scattered(REFERENCE, x, a, gi, src), scattered(b, x, a, gi, src));
                }
            }
        }
    }

    /**
     * Lookups of whole rows and their gradient's scatter, as an embedding does them: a 3-D table (its rows 37 long: whole
     * vectors and a tail, and the tensors starting past their storage's first element) indexed on each axis by a
     * strided or 0-D index of I32 or I64 with repeated values, and scatterAdd with such an index expanded over the
     * other axes (stride 0), as indexSelect's gradient builds it. The same bits as the reference.
     */
    @Test
    void rowLookupsAndTheirScatterMatchTheReference() {
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(31);
        Shape shape = Shape.of(3, 5, 37);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            View x = offset(Views.make(Kind.CONTIGUOUS, Shape.of(shape.numel() + 5), t, rnd, range(-5, 5)), shape, 5);
            for (int axis = 0; axis < 3; axis++) {
                int a = axis, size = shape.dim(axis);
                for (DType it : new DType[] {DType.I32, DType.I64}) {
                    String what = t + ", " + it + " index, axis " + axis;
                    View values = Views.make(Kind.CONTIGUOUS, Shape.of(14), it, rnd, r -> r.nextInt(size));
                    View everyOther = new View(values.storage(), new Layout(Shape.of(7), new int[] {2}, 1));
                    assertSameOnBoth("indexSelect " + what,
                            r -> r.indexSelect(x.on(r), x.layout(), a, everyOther.on(r), everyOther.layout()));
                    View single = new View(values.storage(), new Layout(Shape.scalar(), new int[0], 3));
                    assertSameOnBoth("indexSelect, 0-D index, " + what,
                            r -> r.indexSelect(x.on(r), x.layout(), a, single.on(r), single.layout()));
                    int[] dims = shape.dims();
                    dims[axis] = 7;
                    int[] strides = new int[3];
                    strides[axis] = 2;
                    View expanded = new View(values.storage(), new Layout(Shape.of(dims), strides, 1));
                    View src = offset(Views.make(Kind.CONTIGUOUS, Shape.of(7 * shape.numel() / size + 2), t, rnd,
                            range(-5, 5)), Shape.of(dims), 2);
                    View dst = offset(Views.make(Kind.CONTIGUOUS, Shape.of(shape.numel() + 3), t, rnd, range(-5, 5)),
                            shape, 3);
                    assertSameBits("scatterAdd " + what, scattered(REFERENCE, dst, a, expanded, src),
                            scattered(b, dst, a, expanded, src));
                }
            }
        }
    }

    /** The elements of {@code flat} from {@code offset} on, seen contiguously as {@code shape}. */
    private static View offset(View flat, Shape shape, int offset) {
        return new View(flat.storage(), new Layout(shape, shape.contiguousStrides(), offset));
    }

    private static HostStorage scattered(Backend b, View dst, int axis, View index, View src) {
        Storage d = dst.on(b);
        b.scatterAdd(d, dst.layout(), axis, index.on(b), index.layout(), src.on(b), src.layout());
        return b.download(d);
    }

    // ---- sizes big enough for the parallel paths ------------------------------------------------------------------

    @Test
    void largeTensorsTakeTheParallelPaths() {
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(13);
        Shape big = Shape.of(1029, 917);
        View x = Views.make(Kind.CONTIGUOUS, big, DType.F32, rnd, range(-3, 3));
        View xt = Views.make(Kind.TRANSPOSED, big, DType.F32, rnd, range(-3, 3));
        View bias = Views.make(Kind.BROADCAST_ROWS, big, DType.F32, rnd, range(-3, 3));
        View col = Views.make(Kind.BROADCAST_COLUMN, big, DType.F32, rnd, range(-3, 3));
        List<Function<Backend, Storage>> ops = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (View y : new View[] {x, xt, bias, col}) {
            names.add("add " + y.layout());
            ops.add(r -> r.binary(BinaryOp.ADD, x.on(r), x.layout(), y.on(r), y.layout()));
        }
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.RELU, UnaryOp.TANH, UnaryOp.GELU}) {
            names.add(op + " transposed");
            ops.add(r -> r.unary(op, xt.on(r), xt.layout(), 0, 0));
        }
        for (boolean[] axes : new boolean[][] {{true, false}, {false, true}, {true, true}}) {
            for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX}) {
                names.add(op + " " + Arrays.toString(axes));
                ops.add(r -> r.reduce(op, x.on(r), x.layout(), axes));
            }
        }
        names.add("copy transposed");
        ops.add(r -> r.copy(xt.on(r), xt.layout(), DType.F32));
        names.add("softmax");
        ops.add(r -> r.softmax(x.on(r), x.layout(), 1, false));
        names.add("argmax");
        ops.add(r -> r.argReduce(true, x.on(r), x.layout(), 1));
        names.add("compare");
        ops.add(r -> r.compare(CompareOp.GT, x.on(r), x.layout(), bias.on(r), bias.layout()));
        View a = Views.make(Kind.CONTIGUOUS, Shape.of(1, 1029, 64), DType.F32, rnd, range(-1, 1));
        View w = Views.make(Kind.TRANSPOSED, Shape.of(1, 64, 917), DType.F32, rnd, range(-1, 1));
        names.add("matmul");
        ops.add(r -> r.matmul(a.on(r), a.layout(), w.on(r), w.layout()));
        for (int i = 0; i < ops.size(); i++) {
            assertClose(names.get(i) + " on " + big, run(REFERENCE, ops.get(i)), run(b, ops.get(i)));
        }
    }
}
