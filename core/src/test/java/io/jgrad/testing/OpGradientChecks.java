package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.jgrad.testing.GradCheck.awayFromZero;
import static io.jgrad.testing.GradCheck.leaf;

/**
 * Finite-difference checks (F64, on the backend under test) of binary ops with broadcasting, where, reductions,
 * softmax, matmul, views, joins and indexing, on contiguous, non-contiguous and empty inputs.
 */
public abstract class OpGradientChecks extends KitSuite {
    private static final List<Arguments> CASES = new ArrayList<>();
    /** The seed of the next sample; each case starts from its own, so its inputs do not depend on the test order. */
    private static long seed;

    protected OpGradientChecks(BackendTestKit kit) { super(kit); }

    private static void add(String name, Function<Tensor[], Tensor> f, Supplier<Tensor[]> inputs) {
        long firstSeed = 1 + 16L * CASES.size();
        Supplier<Tensor[]> seeded = () -> {
            seed = firstSeed;
            return inputs.get();
        };
        CASES.add(Arguments.of(name, f, seeded));
    }

    private static Tensor any(int... shape) { return leaf(seed++, -2, 2, shape); }

    private static Tensor pos(int... shape) { return leaf(seed++, 0.4, 2.2, shape); }

    private static Tensor nonZero(int... shape) { return awayFromZero(seed++, shape); }

    private static Tensor[] ts(Tensor... t) { return t; }

    private static Tensor constant(Tensor t) { return t.detach(); }

    static {
        // ---- binary ops with broadcasting ----
        int[][][] shapes = {
                {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{3, 1}, {1, 4}}, {{2, 3, 4}, {3, 1}}, {{}, {3, 4}}, {{3, 4}, {}},
                {{2, 1, 4}, {3, 1}}, {{0, 3}, {3}}, {{2, 0}, {2, 1}}};
        for (int[][] s : shapes) {
            String sh = java.util.Arrays.toString(s[0]) + "x" + java.util.Arrays.toString(s[1]);
            add("add " + sh, in -> in[0].add(in[1]), () -> ts(any(s[0]), any(s[1])));
            add("sub " + sh, in -> in[0].sub(in[1]), () -> ts(any(s[0]), any(s[1])));
            add("mul " + sh, in -> in[0].mul(in[1]), () -> ts(any(s[0]), any(s[1])));
            add("div " + sh, in -> in[0].div(in[1]), () -> ts(any(s[0]), nonZero(s[1])));
            add("pow " + sh, in -> in[0].pow(in[1]), () -> ts(pos(s[0]), any(s[1])));
            add("minimum " + sh, in -> in[0].minimum(in[1]), () -> ts(any(s[0]), any(s[1])));
            add("maximum " + sh, in -> in[0].maximum(in[1]), () -> ts(any(s[0]), any(s[1])));
        }
        add("add transposed + step-sliced", in -> in[0].t().add(in[1].slice(1, 0, 8, 2)), () -> ts(any(4, 3), any(3, 8)));
        add("mul expanded", in -> in[0].expand(3, 4).mul(in[1].t()), () -> ts(any(1, 4), any(4, 3)));
        add("div only denominator requires grad", in -> in[0].div(in[1]), () -> ts(constant(any(3)), nonZero(3)));
        add("x used twice: x * x + x", in -> in[0].mul(in[0]).add(in[0]), () -> ts(any(3, 2)));
        add("mixed F64 leaf and F32 constant", in -> in[0].mul(Tensor.of(new float[] {1.5f, -2f, 0.25f})), () -> ts(any(2, 3)));
        add("add(scalar)", in -> in[0].add(2.5), () -> ts(any(3, 2)));
        add("sub(scalar)", in -> in[0].sub(-1.25), () -> ts(any(3, 2)));
        add("mul(scalar)", in -> in[0].mul(-3), () -> ts(any(3, 2)));
        add("div(scalar)", in -> in[0].div(0.75), () -> ts(any(3, 2)));
        add("rsub(scalar)", in -> in[0].rsub(4), () -> ts(any(3, 2)));
        add("pow(tensor) with tensor exponent only", in -> Tensor.full(DType.F64, 1.7, 3).pow(in[0]), () -> ts(any(3)));

        // ---- where / maskedFill ----
        add("where broadcast", in -> Tensor.where(Tensor.of(new boolean[] {true, false, true, false}), in[0], in[1]),
                () -> ts(any(3, 4), any(3, 1)));
        add("where condition [3,1]", in -> Tensor.where(Tensor.of(new boolean[][] {{true}, {false}, {true}}), in[0], in[1]),
                () -> ts(any(4), any(3, 4)));
        add("maskedFill", in -> in[0].maskedFill(Tensor.of(new boolean[][] {{true, false}, {false, true}}), 0.5),
                () -> ts(any(3, 2, 2)));

        // ---- reductions ----
        int[][] axesList = {null, {0}, {1}, {-1}, {0, 2}, {2, 0, 1}};
        for (int[] axes : axesList) {
            for (boolean keep : new boolean[] {false, true}) {
                String tag = (axes == null ? "all" : java.util.Arrays.toString(axes)) + (keep ? " keepDim" : "");
                add("sum " + tag, in -> axes == null ? in[0].sum() : in[0].sum(axes, keep), () -> ts(any(2, 3, 4)));
                add("mean " + tag, in -> axes == null ? in[0].mean() : in[0].mean(axes, keep), () -> ts(any(2, 3, 4)));
                add("max " + tag, in -> axes == null ? in[0].max() : in[0].max(axes, keep), () -> ts(any(2, 3, 4)));
                add("min " + tag, in -> axes == null ? in[0].min() : in[0].min(axes, keep), () -> ts(any(2, 3, 4)));
                add("prod " + tag, in -> axes == null ? in[0].prod() : in[0].prod(axes, keep), () -> ts(nonZero(2, 3, 2)));
                add("var " + tag, in -> axes == null ? in[0].var() : in[0].var(axes, 1, keep), () -> ts(any(2, 3, 4)));
                add("var correction 0 " + tag, in -> in[0].var(axes == null ? new int[] {0, 1, 2} : axes, 0, keep), () -> ts(any(2, 3, 4)));
                add("std " + tag, in -> axes == null ? in[0].std() : in[0].std(axes, 1, keep), () -> ts(any(2, 3, 4)));
                add("logsumexp " + tag, in -> axes == null ? in[0].logsumexp() : in[0].logsumexp(axes, keep), () -> ts(any(2, 3, 4)));
            }
        }
        add("sum(axis) of transposed", in -> in[0].t().sum(1, false), () -> ts(any(4, 3)));
        add("max(axis) of step-sliced", in -> in[0].slice(0, 0, 5, 2).max(0, false), () -> ts(any(5, 3)));
        add("sum of empty", in -> in[0].sum(), () -> ts(any(0, 3)));
        add("sum over empty axis", in -> in[0].sum(0, false), () -> ts(any(0, 3)));
        add("mean over axis of empty rows", in -> in[0].mean(1, false), () -> ts(any(0, 3)));
        add("prod with one zero per slice", in -> in[0].prod(1, false),
                () -> ts(Tensor.of(new double[][] {{0.5, 0, 2}, {1.5, -1, 0.5}}).requiresGrad(true)));
        add("prod with two zeros in a slice", in -> in[0].prod(1, false),
                () -> ts(Tensor.of(new double[][] {{0, 0, 2}, {0, -1, 3}}).requiresGrad(true)));
        add("prod all with a zero", in -> in[0].prod(),
                () -> ts(Tensor.of(new double[] {1.5, 0, -2, 0.5}).requiresGrad(true)));
        add("logsumexp of large values", in -> in[0].add(1e4).logsumexp(0, false), () -> ts(any(5)));

        // ---- softmax ----
        for (int axis : new int[] {0, 1, -1}) {
            add("softmax axis " + axis, in -> in[0].softmax(axis), () -> ts(any(3, 4)));
            add("logSoftmax axis " + axis, in -> in[0].logSoftmax(axis), () -> ts(any(3, 4)));
        }
        add("softmax of transposed 3-D", in -> in[0].transpose(0, 2).softmax(1), () -> ts(any(2, 3, 4)));
        add("logSoftmax of 1-D", in -> in[0].logSoftmax(0), () -> ts(any(5)));
        add("softmax of 0-d", in -> in[0].softmax(0), () -> ts(any()));

        // ---- matmul ----
        int[][][] mm = {
                {{3}, {3}}, {{2, 3}, {3}}, {{3}, {3, 4}}, {{2, 3}, {3, 4}}, {{2, 2, 3}, {2, 3, 4}}, {{2, 2, 3}, {3, 4}},
                {{3}, {2, 3, 4}}, {{2, 1, 2, 3}, {3, 3, 2}}, {{2, 3, 0}, {0, 2}}};
        for (int[][] s : mm) {
            add("matmul " + java.util.Arrays.toString(s[0]) + "x" + java.util.Arrays.toString(s[1]),
                    in -> in[0].matmul(in[1]), () -> ts(any(s[0]), any(s[1])));
        }
        add("matmul of transposed operands", in -> in[0].t().matmul(in[1].t()), () -> ts(any(3, 2), any(4, 3)));
        add("matmul of expanded operand", in -> in[0].expand(2, 2, 3).matmul(in[1]), () -> ts(any(2, 3), any(2, 3, 2)));

        // ---- views ----
        add("reshape", in -> in[0].reshape(4, -1).mul(in[0].reshape(4, 3)), () -> ts(any(2, 6)));
        add("reshape of transposed (copy)", in -> in[0].t().reshape(-1), () -> ts(any(3, 4)));
        add("view", in -> in[0].view(3, 2, 2), () -> ts(any(2, 6)));
        add("flatten", in -> in[0].flatten(), () -> ts(any(2, 3, 2)));
        add("flatten(1, 2)", in -> in[0].flatten(1, 2), () -> ts(any(2, 3, 2)));
        add("squeeze", in -> in[0].squeeze(), () -> ts(any(1, 3, 1)));
        add("squeeze(axis)", in -> in[0].squeeze(-1), () -> ts(any(1, 3, 1)));
        add("unsqueeze", in -> in[0].unsqueeze(1).mul(in[0].unsqueeze(2)), () -> ts(any(2, 3)));
        add("transpose", in -> in[0].transpose(0, 2), () -> ts(any(2, 3, 4)));
        add("permute", in -> in[0].permute(2, 0, 1).mul(Tensor.arange(0, 3, 1, DType.F64)), () -> ts(any(2, 3, 4)));
        add("slice with step", in -> in[0].slice(1, 1, 7, 2), () -> ts(any(2, 7)));
        add("slice with negative bounds", in -> in[0].slice(0, -3, -1), () -> ts(any(5, 2)));
        add("slice of slice", in -> in[0].slice(0, 1, 6, 2).slice(0, 1, 3, 1), () -> ts(any(6, 2)));
        add("narrow", in -> in[0].narrow(1, 1, 2), () -> ts(any(3, 4)));
        add("select", in -> in[0].select(1, -1), () -> ts(any(3, 4)));
        add("expand", in -> in[0].expand(2, 3, 4), () -> ts(any(3, 1)));
        add("expand then sum", in -> in[0].expand(4, 3).sum(0, false), () -> ts(any(3)));
        add("contiguous", in -> in[0].t().contiguous(), () -> ts(any(3, 4)));
        add("t", in -> in[0].t(), () -> ts(any(3, 4)));
        add("expandAs", in -> in[0].expandAs(Tensor.zeros(DType.F64, 3, 4)), () -> ts(any(4)));

        // ---- joins, splits, indexing ----
        add("concat axis 0", in -> Tensor.concat(List.of(in[0], in[1]), 0), () -> ts(any(2, 3), any(1, 3)));
        add("concat axis -1 of views", in -> Tensor.concat(List.of(in[0].t(), in[1]), -1), () -> ts(any(2, 3), any(3, 4)));
        add("concat with empty part", in -> Tensor.concat(List.of(in[0], in[1]), 0), () -> ts(any(0, 3), any(2, 3)));
        add("stack axis 0", in -> Tensor.stack(List.of(in[0], in[1]), 0), () -> ts(any(2, 3), any(2, 3)));
        add("stack axis -1", in -> Tensor.stack(List.of(in[0], in[1], in[0]), -1), () -> ts(any(2, 3), any(2, 3)));
        add("split(2)", in -> weightedParts(in[0].split(2, 1)), () -> ts(any(3, 5)));
        add("split(sizes)", in -> weightedParts(in[0].split(new int[] {1, 3, 1}, 1)), () -> ts(any(3, 5)));
        add("chunk(3)", in -> weightedParts(in[0].chunk(3, 0)), () -> ts(any(5, 2)));
        add("gather axis 1", in -> in[0].gather(1, Tensor.of(new long[][] {{0, 2, 2}, {1, 1, 0}})), () -> ts(any(2, 3)));
        add("gather axis 0", in -> in[0].gather(0, Tensor.of(new long[][] {{1, 0, 1}})), () -> ts(any(2, 3)));
        add("indexSelect axis 0 with repeats", in -> in[0].indexSelect(0, Tensor.of(new long[] {2, 0, 2})), () -> ts(any(3, 2)));
        add("indexSelect axis 1 of transposed", in -> in[0].t().indexSelect(1, Tensor.of(new int[] {1})), () -> ts(any(3, 2)));
        add("scatterAdd", in -> in[0].scatterAdd(1, Tensor.of(new long[][] {{0, 0, 2}, {1, 2, 2}}), in[1]),
                () -> ts(any(2, 3), any(2, 3)));
        add("scatterAdd smaller src", in -> in[0].scatterAdd(0, Tensor.of(new long[][] {{2, 0}}), in[1]),
                () -> ts(any(3, 2), any(1, 2)));
        add("maskedSelect same shape", in -> in[0].maskedSelect(Tensor.of(new boolean[][] {{true, false, true}, {false, false, true}})),
                () -> ts(any(2, 3)));
        add("maskedSelect mask broadcast over rows", in -> in[0].maskedSelect(Tensor.of(new boolean[] {false, true, true})),
                () -> ts(any(4, 3)));
        add("maskedSelect input broadcast by the mask", in -> in[0].maskedSelect(Tensor.of(new boolean[][] {{true, false}, {true, true}})),
                () -> ts(any(2)));
        add("maskedSelect of transposed", in -> in[0].t().maskedSelect(Tensor.of(new boolean[][] {{true, false}, {false, true}, {true, true}})),
                () -> ts(any(2, 3)));
        add("maskedSelect nothing selected", in -> in[0].maskedSelect(Tensor.of(new boolean[] {false, false, false})), () -> ts(any(2, 3)));
        add("maskedSelect of empty", in -> in[0].maskedSelect(Tensor.of(new boolean[] {true, false})), () -> ts(any(0, 2)));
        add("pad last dim", in -> in[0].pad(new int[] {1, 2}, 0.5), () -> ts(any(2, 3)));
        add("pad two dims", in -> in[0].pad(new int[] {0, 1, 2, 0}, 0), () -> ts(any(2, 3)));
        add("pad of transposed", in -> in[0].t().pad(new int[] {1, 1, 1, 1}, -1), () -> ts(any(2, 3)));
        add("composite: softmax(x @ w + b) * y", in -> in[0].matmul(in[1]).add(in[2]).softmax(-1).mul(in[0].sum(1, true)),
                () -> ts(any(2, 3), any(3, 4), any(4)));
    }

    /** A scalar that depends on every part with a different weight, so mixing parts up is detected. */
    private static Tensor weightedParts(List<Tensor> parts) {
        Tensor total = null;
        for (int i = 0; i < parts.size(); i++) {
            Tensor term = parts.get(i).square().sum().mul(i + 1);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    static Stream<Arguments> cases() { return CASES.stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(String name, Function<Tensor[], Tensor> f, Supplier<Tensor[]> inputs) {
        Tensor[] in = inputs.get();
        assertOnBackend("the inputs", in);
        GradCheck.checkAll(f, in);
    }
}
