package io.jgrad;

import io.jgrad.backend.BinaryOp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Broadcasting binary ops against an explicit loop over the result's indices. */
class BroadcastProperties {
    /** Two operand shapes broadcastable to {@code result}. */
    record Case(int[] result, int[] a, int[] b, long seed) {
        @Override public String toString() { return Arrays.toString(a) + " op " + Arrays.toString(b) + " seed " + seed; }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<int[]> result = Arbitraries.integers().between(0, 4).list().ofMinSize(0).ofMaxSize(4)
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
        return Combinators.combine(result, Arbitraries.longs()).as((r, seed) -> {
            Random rnd = new Random(seed);
            return new Case(r, operand(r, rnd), operand(r, rnd), seed);
        });
    }

    /** A shape that broadcasts to r: some leading dims dropped, others kept or set to 1. */
    private static int[] operand(int[] r, Random rnd) {
        int drop = rnd.nextInt(r.length + 1);
        int[] s = Arrays.copyOfRange(r, drop, r.length);
        for (int i = 0; i < s.length; i++) if (rnd.nextInt(3) == 0) s[i] = 1;
        return s;
    }

    private static Shape expectedShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            out[i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    /** Row-major index into an operand of shape s for a result index, size-1 and missing dims pinned to 0. */
    private static int operandIndex(int[] resultIdx, int[] s) {
        int lead = resultIdx.length - s.length, at = 0;
        for (int i = 0; i < s.length; i++) at = at * s[i] + (s[i] == 1 ? 0 : resultIdx[lead + i]);
        return at;
    }

    private static double[] values(int[] shape, Random rnd) {
        double[] v = new double[Shape.of(shape).numel()];
        for (int i = 0; i < v.length; i++) v[i] = Math.round(rnd.nextGaussian() * 8) / 4.0 + 0.125;
        return v;
    }

    @Property(tries = 300)
    void binaryOpsMatchTheLoopReference(@ForAll("cases") Case c) {
        Random rnd = new Random(c.seed());
        double[] av = values(c.a(), rnd), bv = values(c.b(), rnd);
        Tensor a = Tensor.of(av, c.a()), b = Tensor.of(bv, c.b());
        Shape shape = expectedShape(c.a(), c.b());
        for (BinaryOp op : List.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM, BinaryOp.MINIMUM)) {
            Tensor out = switch (op) {
                case ADD -> a.add(b);
                case SUB -> a.sub(b);
                case MUL -> a.mul(b);
                case DIV -> a.div(b);
                case MAXIMUM -> a.maximum(b);
                case MINIMUM -> a.minimum(b);
                default -> throw new AssertionError();
            };
            assertEquals(shape, out.shape(), op + " shape for " + c);
            double[] expected = new double[shape.numel()];
            int[] idx = new int[shape.rank()];
            int[] dims = shape.dims();
            for (int i = 0; i < expected.length; i++) {
                expected[i] = op.apply(av[operandIndex(idx, c.a())], bv[operandIndex(idx, c.b())]);
                for (int d = dims.length - 1; d >= 0 && ++idx[d] == dims[d]; d--) idx[d] = 0;
            }
            assertArrayEquals(expected, out.toDoubleArray(), 0, op + " values for " + c);
            // The same through explicit expand: broadcasting is expand + elementwise.
            Tensor viaExpand = switch (op) {
                case ADD -> a.expand(dims).add(b.expand(dims));
                case MUL -> a.expand(dims).mul(b.expand(dims));
                default -> out;
            };
            assertArrayEquals(expected, viaExpand.toDoubleArray(), 0);
        }
        // Broadcasting is symmetric in shape.
        assertEquals(shape, b.add(a).shape());
    }

    @Property(tries = 200)
    void broadcastGradientsSumBackToTheOperandShape(@ForAll("cases") Case c) {
        Random rnd = new Random(c.seed());
        Tensor a = Tensor.of(values(c.a(), rnd), c.a()).requiresGrad(true);
        Tensor b = Tensor.of(values(c.b(), rnd), c.b()).requiresGrad(true);
        Tensor out = a.add(b).mul(2);
        if (out.numel() == 0) return;
        out.sum().backward();
        // Each operand element is used (result numel / operand numel) times, each with gradient 2.
        double perA = 2.0 * out.numel() / Math.max(1, a.numel()), perB = 2.0 * out.numel() / Math.max(1, b.numel());
        assertEquals(a.shape(), a.grad().shape());
        for (double g : a.grad().toDoubleArray()) assertEquals(perA, g, 1e-12, c.toString());
        for (double g : b.grad().toDoubleArray()) assertEquals(perB, g, 1e-12, c.toString());
    }
}
