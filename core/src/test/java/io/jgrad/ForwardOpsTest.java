package io.jgrad;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.jgrad.TestTensors.assertTensor;
import static io.jgrad.TestTensors.assertValues;
import static io.jgrad.TestTensors.d;
import static io.jgrad.TestTensors.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forward values of the ops on small cases against hand-computed values or PyTorch 1.13 (float64) output. */
class ForwardOpsTest {
    private static final double[] X = {-1.5, -0.3, 0.2, 0.7, 2.1};

    static Stream<Arguments> activations() {
        // Expected values: PyTorch 1.13, float64, on X.
        return Stream.of(
                Arguments.of("erf", (UnaryOperator<Tensor>) Tensor::erf,
                        d(-0.9661051464753108, -0.3286267594591274, 0.22270258921047847, 0.6778011938374184, 0.997020533343667)),
                Arguments.of("gelu", (UnaryOperator<Tensor>) Tensor::gelu,
                        d(-0.10021080190328704, -0.1146265733433142, 0.11585194188782061, 0.5306254434438489, 2.0624847168180853)),
                Arguments.of("geluTanh", (UnaryOperator<Tensor>) Tensor::geluTanh,
                        d(-0.10042842301976707, -0.11462907645724074, 0.11585142978210627, 0.5305701347051167, 2.062669004961112)),
                Arguments.of("silu", (UnaryOperator<Tensor>) Tensor::silu,
                        d(-0.2736382857095345, -0.1276672449565023, 0.1099667994624956, 0.46773144051771626, 1.870896675489213)),
                Arguments.of("softplus", (UnaryOperator<Tensor>) Tensor::softplus,
                        d(0.2014132779827524, 0.5543552444685271, 0.7981388693815918, 1.103186048885458, 2.215519523179755)),
                Arguments.of("softplus(2, 1)", (UnaryOperator<Tensor>) t -> t.softplus(2, 1),
                        d(0.02429367578687103, 0.2187439752429428, 0.4565076261999763, 0.7, 2.1)),
                Arguments.of("elu(1.3)", (UnaryOperator<Tensor>) t -> t.elu(1.3),
                        d(-1.0099307918070413, -0.33693631311376676, 0.2, 0.7, 2.1)),
                Arguments.of("sigmoid", (UnaryOperator<Tensor>) Tensor::sigmoid,
                        d(0.18242552380635635, 0.425557483188341, 0.549833997312478, 0.6681877721681662, 0.8909031788043871)),
                Arguments.of("tanh", (UnaryOperator<Tensor>) Tensor::tanh,
                        d(-0.9051482536448664, -0.2913126124515909, 0.197375320224904, 0.6043677771171635, 0.9704519366134539)),
                Arguments.of("leakyRelu(0.1)", (UnaryOperator<Tensor>) t -> t.leakyRelu(0.1), d(-0.15, -0.03, 0.2, 0.7, 2.1)),
                Arguments.of("relu", (UnaryOperator<Tensor>) Tensor::relu, d(0, 0, 0.2, 0.7, 2.1)),
                Arguments.of("abs", (UnaryOperator<Tensor>) Tensor::abs, d(1.5, 0.3, 0.2, 0.7, 2.1)),
                Arguments.of("neg", (UnaryOperator<Tensor>) Tensor::neg, d(1.5, 0.3, -0.2, -0.7, -2.1)),
                Arguments.of("sign", (UnaryOperator<Tensor>) Tensor::sign, d(-1, -1, 1, 1, 1)),
                Arguments.of("square", (UnaryOperator<Tensor>) Tensor::square, d(2.25, 0.09, 0.04, 0.49, 4.41)),
                Arguments.of("clamp(-0.5, 1)", (UnaryOperator<Tensor>) t -> t.clamp(-0.5, 1), d(-0.5, -0.3, 0.2, 0.7, 1)),
                Arguments.of("pow(2)", (UnaryOperator<Tensor>) t -> t.pow(2), d(2.25, 0.09, 0.04, 0.49, 4.41)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void activationMatchesPyTorch(String name, UnaryOperator<Tensor> f, double[] expected) {
        assertValues(expected, f.apply(Tensor.of(X)), 1e-14);
        // F32 computes in double and rounds once: within float precision of the same values.
        assertValues(expected, f.apply(Tensor.of(X).to(DType.F32)), 1e-6);
    }

    @Test
    void elementaryFunctionsMatchJavaMath() {
        double[] x = {0.25, 0.5, 1, 3};
        Tensor t = Tensor.of(x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.exp(x[i]), t.exp().toDoubleArray()[i], 1e-15);
            assertEquals(Math.log(x[i]), t.log().toDoubleArray()[i], 1e-15);
            assertEquals(Math.log1p(x[i]), t.log1p().toDoubleArray()[i], 1e-15);
            assertEquals(Math.sqrt(x[i]), t.sqrt().toDoubleArray()[i], 1e-15);
            assertEquals(1 / Math.sqrt(x[i]), t.rsqrt().toDoubleArray()[i], 1e-15);
            assertEquals(1 / x[i], t.reciprocal().toDoubleArray()[i], 1e-15);
            assertEquals(Math.sin(x[i]), t.sin().toDoubleArray()[i], 1e-15);
            assertEquals(Math.cos(x[i]), t.cos().toDoubleArray()[i], 1e-15);
            assertEquals(Math.pow(x[i], 1.5), t.pow(1.5).toDoubleArray()[i], 1e-15);
        }
    }

    @Test
    void specialValues() {
        Tensor t = Tensor.of(new double[] {0, -1, Double.NaN});
        assertValues(d(Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN), t.log(), 0);
        assertValues(d(0, 0, Double.NaN), t.relu().sub(Tensor.of(new double[] {0, 0, 0})), 0);
        assertValues(d(Double.POSITIVE_INFINITY, -1, Double.NaN), t.reciprocal(), 0);
        assertValues(d(0.5, 0, Double.NaN), Tensor.of(new double[] {0, -800, Double.NaN}).sigmoid().mul(Tensor.of(new double[] {1, 1, 1})), 0);
        assertValues(d(1, 0), Tensor.of(new double[] {800, -800}).sigmoid(), 0);
        assertValues(d(800, 0), Tensor.of(new double[] {800, -800}).softplus(), 0);
    }

    @Test
    void binaryOpsBroadcastRowAgainstColumn() {
        Tensor col = Tensor.of(new double[][] {{1}, {2}, {3}});
        Tensor row = Tensor.of(new double[] {10, 20});
        assertTensor(shape(3, 2), d(11, 21, 12, 22, 13, 23), col.add(row), 0);
        assertTensor(shape(3, 2), d(-9, -19, -8, -18, -7, -17), col.sub(row), 0);
        assertTensor(shape(3, 2), d(10, 20, 20, 40, 30, 60), col.mul(row), 0);
        assertTensor(shape(3, 2), d(0.1, 0.05, 0.2, 0.1, 0.3, 0.15), col.div(row), 1e-15);
        assertTensor(shape(3, 2), d(1, 1, 1024, 1048576, 59049, 3486784401.0), col.pow(row), 0);
        assertTensor(shape(3, 2), d(1, 1, 2, 2, 3, 3), col.minimum(row), 0);
        assertTensor(shape(3, 2), d(10, 20, 10, 20, 10, 20), col.maximum(row), 0);
    }

    @Test
    void minimumAndMaximumPropagateNaN() {
        Tensor a = Tensor.of(new double[] {Double.NaN, 1});
        Tensor b = Tensor.of(new double[] {0, Double.NaN});
        assertValues(d(Double.NaN, Double.NaN), a.maximum(b), 0);
        assertValues(d(Double.NaN, Double.NaN), a.minimum(b), 0);
    }

    @Test
    void scalarOverloadsAndRsub() {
        Tensor t = Tensor.of(new float[] {1, 2, 4});
        assertValues(d(3.5, 4.5, 6.5), t.add(2.5), 0);
        assertValues(d(-1, 0, 2), t.sub(2), 0);
        assertValues(d(-3, -6, -12), t.mul(-3), 0);
        assertValues(d(0.25, 0.5, 1), t.div(4), 0);
        assertValues(d(9, 8, 6), t.rsub(10), 0);
        assertValues(d(1, 4, 16), t.pow(2), 0);
        assertEquals(DType.F32, t.add(2.5).dtype());
    }

    @Test
    void integerOpsStayInteger() {
        Tensor a = Tensor.of(new long[] {7, -3, 5});
        Tensor b = Tensor.of(new long[] {2, 4, -1});
        assertTensor(DType.I64, shape(3), new long[] {9, 1, 4}, a.add(b));
        assertTensor(DType.I64, shape(3), new long[] {5, -7, 6}, a.sub(b));
        assertTensor(DType.I64, shape(3), new long[] {14, -12, -5}, a.mul(b));
        assertTensor(DType.I64, shape(3), new long[] {49, 81, 0}, a.pow(b));
        assertTensor(DType.I64, shape(3), new long[] {-7, 3, -5}, a.neg());
        assertTensor(DType.I64, shape(3), new long[] {7, 3, 5}, a.abs());
        assertTensor(DType.I64, shape(3), new long[] {49, 9, 25}, a.square());
        assertTensor(DType.I64, shape(3), new long[] {7, 0, 5}, a.relu());
        assertTensor(DType.I64, shape(3), new long[] {4, -2, 4}, a.clamp(-2, 4));
        assertTensor(DType.I64, shape(3), new long[] {1, -1, 1}, a.sign());
        assertTensor(DType.I64, shape(3), new long[] {10, 0, 8}, a.add(3));
        assertTensor(DType.I64, shape(), new long[] {9}, a.sum());
        assertTensor(DType.I64, shape(), new long[] {-105}, a.prod());
        assertTensor(DType.I64, shape(), new long[] {7}, a.max());
        // Division of integers is true division (a floating result).
        Tensor q = a.div(b);
        assertEquals(DType.F32, q.dtype());
        assertValues(d(3.5, -0.75, -5), q, 0);
        // I64 arithmetic is exact beyond 2^53.
        Tensor big = Tensor.of(new long[] {(1L << 60) + 1});
        assertEquals((1L << 60) + 2, big.add(1).longItem());
    }

    @Test
    void i32SumPromotesToI64() {
        Tensor a = Tensor.of(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE});
        Tensor s = a.sum();
        assertEquals(DType.I64, s.dtype());
        assertEquals(2L * Integer.MAX_VALUE, s.longItem());
        assertEquals(DType.I32, a.add(Tensor.of(new int[] {1, 1})).dtype());
    }

    @ParameterizedTest(name = "{0} op {1} -> {2}")
    @CsvSource({
            "F32, F64, F64", "F64, F32, F64", "I32, F32, F32", "I64, F32, F32", "I32, I64, I64", "BOOL, I32, I32",
            "BOOL, F64, F64", "BOOL, BOOL, I64", "I64, I64, I64", "F32, F32, F32"})
    void binaryPromotion(DType a, DType b, DType expected) {
        Tensor x = Tensor.ones(DType.F32, 2).to(a), y = Tensor.ones(DType.F32, 2).to(b);
        assertEquals(expected, x.add(y).dtype());
        assertEquals(expected, x.mul(y).dtype());
        assertEquals(expected.isFloating() ? expected : DType.F32, x.div(y).dtype());
    }

    @ParameterizedTest(name = "{0} op scalar {1} -> {2}")
    @CsvSource({"F32, 2, F32", "F32, 2.5, F32", "F64, 2.5, F64", "I64, 2, I64", "I64, 2.5, F32", "I32, 3, I32",
            "I32, 0.5, F32", "BOOL, 1, I64", "BOOL, 0.5, F32"})
    void scalarPromotion(DType a, double s, DType expected) {
        assertEquals(expected, Tensor.ones(DType.F32, 2).to(a).add(s).dtype());
    }

    @Test
    void unaryOnIntegersGivesFloat() {
        Tensor a = Tensor.of(new int[] {1, 4});
        assertEquals(DType.F32, a.sqrt().dtype());
        assertValues(d(1, 2), a.sqrt(), 0);
        assertEquals(DType.F32, a.exp().dtype());
        assertEquals(DType.F32, a.mean().dtype());
        assertEquals(2.5, a.mean().item());
    }

    @Test
    void comparisonsGiveBool() {
        Tensor a = Tensor.of(new double[] {1, 2, 3});
        Tensor b = Tensor.of(new double[] {3, 2, 1});
        Tensor lt = a.lt(b);
        assertEquals(DType.BOOL, lt.dtype());
        assertArrayEquals(new boolean[] {true, false, false}, lt.toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, false}, a.le(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, true}, a.gt(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, true}, a.ge(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, false}, a.eq(b).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, true}, a.ne(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, true}, a.gt(1.5).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, false}, a.eq(2).toBooleanArray());
        // Mixed dtypes compare after promotion; NaN is unequal to everything.
        assertArrayEquals(new boolean[] {true, false, false}, Tensor.of(new long[] {1, 5, 9}).eq(Tensor.of(new double[] {1, 5.5, Double.NaN})).toBooleanArray());
        assertArrayEquals(new boolean[] {true}, Tensor.of(new double[] {Double.NaN}).ne(Double.NaN).toBooleanArray());
        // Broadcasting: [3,1] against [2] gives [3,2].
        assertArrayEquals(shape(3, 2), a.reshape(3, 1).lt(Tensor.of(new double[] {1.5, 2.5})).dims());
        // Exact I64 comparison beyond 2^53.
        assertArrayEquals(new boolean[] {false}, Tensor.of(new long[] {(1L << 60) + 1}).eq(Tensor.of(new long[] {1L << 60})).toBooleanArray());
    }

    @Test
    void whereAndMaskedFill() {
        Tensor cond = Tensor.of(new boolean[] {true, false, true});
        Tensor x = Tensor.of(new double[] {1, 2, 3}), y = Tensor.of(new double[][] {{10}, {20}});
        assertTensor(shape(2, 3), d(1, 10, 3, 1, 20, 3), Tensor.where(cond, x, y), 0);
        assertValues(d(-1, 2, -1), x.maskedFill(cond, -1), 0);
        Tensor ints = Tensor.of(new long[] {4, 5, 6});
        assertTensor(DType.I64, shape(3), new long[] {0, 5, 0}, ints.maskedFill(cond, 0));
        assertEquals(DType.F32, ints.maskedFill(cond, 0.5).dtype());
    }

    /** PyTorch 1.13: torch.masked_select broadcasts both ways and keeps every dtype, -0.0 and NaN as they are. */
    @Test
    void maskedSelectInRowMajorOrder() {
        Tensor x = Tensor.of(new double[][] {{1, -0.0, 3}, {4, Double.NaN, 6}});
        Tensor row = Tensor.of(new boolean[] {false, true, true});
        assertTensor(shape(4), d(-0.0, 3, Double.NaN, 6), x.maskedSelect(row), 0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(x.maskedSelect(row).toDoubleArray()[0]));
        Tensor column = Tensor.of(new boolean[][] {{true}, {false}, {true}});
        assertTensor(shape(6), d(1, 2, 3, 1, 2, 3), Tensor.of(new double[] {1, 2, 3}).maskedSelect(column), 0);
        assertTensor(DType.I64, shape(2), new long[] {5, 6}, Tensor.of(new long[] {4, 5, 6}).maskedSelect(row));
        Tensor flags = Tensor.of(new boolean[] {true, false, true});
        assertArrayEquals(new boolean[] {true, false}, flags.maskedSelect(Tensor.of(new boolean[] {true, true, false})).toBooleanArray());
        assertTensor(shape(0), d(), x.maskedSelect(Tensor.of(new boolean[] {false, false, false})), 0);
        assertTensor(shape(1), d(7), Tensor.scalar(DType.F64, 7).maskedSelect(Tensor.scalar(DType.BOOL, 1)), 0);
    }

    /** Long masks (the prefix sum's several levels of 64-element blocks, a ragged last block) against a host filter. */
    @ParameterizedTest
    @CsvSource({"65", "4096", "4097", "300001"})
    void maskedSelectOfLongMasks(int n) {
        boolean[] mask = new boolean[n];
        double[] values = new double[n];
        java.util.List<Double> expected = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            mask[i] = (i * 7919L) % 13 < 5 || i == n - 1;
            values[i] = i;
            if (mask[i]) expected.add((double) i);
        }
        double[] picked = Tensor.of(values, n).maskedSelect(Tensor.of(mask, n)).toDoubleArray();
        assertArrayEquals(expected.stream().mapToDouble(Double::doubleValue).toArray(), picked);
    }

    @Test
    void reductionsOverAxes() {
        Tensor a = Tensor.arange(1, 13, 1, DType.F64).reshape(3, 4);
        assertTensor(shape(), d(78), a.sum(), 0);
        assertTensor(shape(4), d(15, 18, 21, 24), a.sum(0, false), 0);
        assertTensor(shape(3, 1), d(10, 26, 42), a.sum(1, true), 0);
        assertTensor(shape(1, 1), d(78), a.sum(new int[] {0, 1}, true), 0);
        assertTensor(shape(3), d(2.5, 6.5, 10.5), a.mean(-1, false), 0);
        assertTensor(shape(4), d(9, 10, 11, 12), a.max(0, false), 0);
        assertTensor(shape(3), d(1, 5, 9), a.min(1, false), 0);
        assertTensor(shape(3), d(24, 1680, 11880), a.prod(1, false), 0);
        // torch: a.var() = 13, a.var(dim=0) = 16, a.std(dim=1, unbiased=False) = sqrt(1.25)
        assertTensor(shape(), d(13), a.var(), 1e-12);
        assertTensor(shape(4), d(16, 16, 16, 16), a.var(new int[] {0}, 1, false), 1e-12);
        assertTensor(shape(3), d(Math.sqrt(1.25), Math.sqrt(1.25), Math.sqrt(1.25)), a.std(new int[] {1}, 0, false), 1e-12);
        assertEquals(Math.sqrt(13), a.std().item(), 1e-12);
        // torch.logsumexp(a, dim=1)
        double l = 4 + Math.log(1 + Math.exp(-1) + Math.exp(-2) + Math.exp(-3));
        assertTensor(shape(3), d(l, l + 4, l + 8), a.logsumexp(1, false), 1e-12);
        assertTensor(shape(3, 1), d(l, l + 4, l + 8), a.logsumexp(1, true), 1e-12);
        // Reductions of non-contiguous views.
        assertTensor(shape(3), d(10, 26, 42), a.t().sum(0, false), 0);
        assertTensor(shape(2), d(15, 21), a.slice(1, 0, 4, 2).sum(0, false), 0);
        assertTensor(shape(), d(3 * 78), a.unsqueeze(0).expand(3, 3, 4).sum(), 0);
    }

    @Test
    void reductionsOfEmptyTensors() {
        Tensor e = Tensor.zeros(DType.F64, 0, 3);
        assertTensor(shape(3), d(0, 0, 0), e.sum(0, false), 0);
        assertTensor(shape(3), d(1, 1, 1), e.prod(0, false), 0);
        assertTensor(shape(0), d(), e.sum(1, false), 0);
        assertTrue(Double.isNaN(e.mean().item()));
        assertTensor(shape(3), d(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY), e.logsumexp(0, false), 0);
        assertTensor(shape(0), d(), e.logsumexp(1, false), 0);
        assertTensor(shape(0, 3), d(), e.softmax(0), 0);
    }

    @Test
    void argmaxAndArgminTakeTheFirstOccurrence() {
        Tensor a = Tensor.of(new double[][] {{1, 5, 5, 0}, {7, 7, 2, 2}});
        assertTensor(DType.I64, shape(2), new long[] {1, 0}, a.argmax(1, false));
        assertTensor(DType.I64, shape(2), new long[] {3, 2}, a.argmin(1, false));
        assertTensor(DType.I64, shape(4), new long[] {1, 1, 0, 1}, a.argmax(0, false));
        assertTensor(DType.I64, shape(2, 1), new long[] {1, 0}, a.argmax(-1, true));
        assertTensor(DType.I64, shape(), new long[] {4}, a.argmax());
        assertTensor(DType.I64, shape(), new long[] {3}, a.argmin());
        assertTensor(DType.I64, shape(2), new long[] {0, 1}, a.t().argmax(0, false).sub(Tensor.of(new long[] {1, -1})));
        assertTensor(DType.I64, shape(), new long[] {1}, Tensor.of(new long[] {3, 9, 9}).argmax());
        assertEquals(1, Tensor.of(new double[] {1, Double.NaN, 5}).argmax().longItem(), "NaN counts as the maximum");
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 0}});
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertTensor(shape(2, 3), d(Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, 1 / 3.0, 1 / 3.0, 1 / 3.0), a.softmax(1), 1e-15);
        assertTensor(shape(2, 3), d(1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z), -Math.log(3), -Math.log(3), -Math.log(3)),
                a.logSoftmax(-1), 1e-14);
        assertTensor(shape(2, 3), d(Math.exp(1) / (Math.exp(1) + 1), Math.exp(2) / (Math.exp(2) + 1), Math.exp(3) / (Math.exp(3) + 1),
                1 / (Math.exp(1) + 1), 1 / (Math.exp(2) + 1), 1 / (Math.exp(3) + 1)), a.softmax(0), 1e-15);
    }

    @Test
    void matmulShapesAndValues() {
        Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor b = Tensor.of(new double[][] {{1, 0}, {0, 1}, {2, -1}});
        assertTensor(shape(2, 2), d(7, -1, 16, -1), a.matmul(b), 0);
        assertTensor(shape(2), d(14, 32), a.matmul(Tensor.of(new double[] {1, 2, 3})), 0);
        assertTensor(shape(3), d(9, 12, 15), Tensor.of(new double[] {1, 2}).matmul(a), 0);
        assertTensor(shape(), d(14), Tensor.of(new double[] {1, 2, 3}).matmul(Tensor.of(new double[] {1, 2, 3})), 0);
        Tensor batch = Tensor.stack(List.of(a, a.mul(2)), 0);
        assertTensor(shape(2, 2, 2), d(7, -1, 16, -1, 14, -2, 32, -2), batch.matmul(b), 0);
        assertTensor(shape(2, 2, 2), d(7, -1, 16, -1, 14, -2, 32, -2), batch.matmul(b.expand(2, 3, 2)), 0);
        assertTensor(shape(3, 3), d(17, 22, 27, 22, 29, 36, 27, 36, 45), a.t().matmul(a), 0);
        assertTensor(DType.I64, shape(1, 1), new long[] {11}, Tensor.of(new long[][] {{1, 2}}).matmul(Tensor.of(new long[][] {{3}, {4}})));
        assertTensor(shape(2, 2), d(0, 0, 0, 0), Tensor.zeros(DType.F64, 2, 0).matmul(Tensor.zeros(DType.F64, 0, 2)), 0);
        assertEquals(DType.F64, a.matmul(b.to(DType.F32)).dtype());
    }

    @Test
    void joinsAndSplits() {
        Tensor a = Tensor.arange(0, 6, 1, DType.F64).reshape(2, 3);
        Tensor b = Tensor.arange(6, 9, 1, DType.F64).reshape(1, 3);
        assertTensor(shape(3, 3), d(0, 1, 2, 3, 4, 5, 6, 7, 8), Tensor.concat(List.of(a, b), 0), 0);
        assertTensor(shape(2, 6), d(0, 1, 2, 0, 3, 1, 3, 4, 5, 4, 2, 5), Tensor.concat(List.of(a, a.t().reshape(2, 3)), 1), 0);
        assertTensor(shape(2, 2, 3), d(0, 1, 2, 0, 2, 4, 3, 4, 5, 6, 8, 10), Tensor.stack(List.of(a, a.mul(2)), 1), 0);
        assertTensor(shape(2, 3, 2), d(0, 0, 1, 2, 2, 4, 3, 6, 4, 8, 5, 10), Tensor.stack(List.of(a, a.mul(2)), -1), 0);
        assertEquals(DType.F64, Tensor.concat(List.of(a.to(DType.F32), b), 0).dtype());
        List<Tensor> parts = a.split(2, 1);
        assertEquals(2, parts.size());
        assertTensor(shape(2, 2), d(0, 1, 3, 4), parts.get(0), 0);
        assertTensor(shape(2, 1), d(2, 5), parts.get(1), 0);
        List<Tensor> chunks = Tensor.arange(0, 5, 1, DType.F64).chunk(3, 0);
        assertEquals(3, chunks.size());
        assertTensor(shape(2), d(0, 1), chunks.get(0), 0);
        assertTensor(shape(1), d(4), chunks.get(2), 0);
        assertEquals(2, Tensor.arange(0, 4, 1, DType.F64).chunk(3, 0).size(), "chunk(3) of 4 gives 2 pieces of 2, as PyTorch");
        List<Tensor> sized = a.split(new int[] {1, 0, 2}, 1);
        assertEquals(List.of(Shape.of(2, 1), Shape.of(2, 0), Shape.of(2, 2)), sized.stream().map(Tensor::shape).toList());
    }

    @Test
    void gatherIndexSelectScatterAddOneHotPad() {
        Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertTensor(shape(2, 2), d(3, 1, 5, 5), a.gather(1, Tensor.of(new long[][] {{2, 0}, {1, 1}})), 0);
        assertTensor(shape(1, 3), d(4, 2, 6), a.gather(0, Tensor.of(new long[][] {{1, 0, 1}})), 0);
        assertTensor(shape(2, 3), d(3, 1, 3, 6, 4, 6), a.indexSelect(1, Tensor.of(new int[] {2, 0, 2})), 0);
        assertTensor(shape(1, 3), d(4, 5, 6), a.indexSelect(0, Tensor.of(new long[] {1})), 0);
        Tensor s = Tensor.zeros(DType.F64, 2, 3).scatterAdd(1, Tensor.of(new long[][] {{0, 0}, {2, 1}}), Tensor.of(new double[][] {{1, 2}, {3, 4}}));
        assertTensor(shape(2, 3), d(3, 0, 0, 0, 4, 3), s, 0);
        assertTensor(DType.I64, shape(3, 4), new long[] {0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0},
                Tensor.of(new long[] {1, 3, 0}).oneHot(4));
        assertTensor(shape(3, 5), d(9, 9, 9, 9, 9, 9, 1, 2, 3, 9, 9, 4, 5, 6, 9), a.pad(new int[] {1, 1, 1, 0}, 9), 0);
        assertTensor(shape(4, 2), d(0, 0, 1, 4, 2, 5, 3, 6), a.t().pad(new int[] {0, 0, 1, 0}, 0), 0);
    }

    @Test
    void viewsShareStorageAndValues() {
        Tensor a = Tensor.arange(0, 24, 1, DType.F64).reshape(2, 3, 4);
        Tensor p = a.permute(2, 0, 1);
        assertArrayEquals(shape(4, 2, 3), p.dims());
        assertSame(a.storage(), p.storage());
        assertFalse(p.isContiguous());
        assertEquals(13, p.toDoubleArray()[1 * 6 + 1 * 3 + 0]);
        Tensor s = a.slice(2, 1, 4, 2);
        assertTensor(shape(2, 3, 2), d(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23), s, 0);
        assertSame(a.storage(), s.storage());
        assertTensor(shape(3, 4), d(12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23), a.select(0, -1), 0);
        assertTensor(shape(2, 3), d(2, 6, 10, 14, 18, 22), a.select(2, 2), 0);
        assertTensor(shape(2, 1, 4), d(4, 5, 6, 7, 16, 17, 18, 19), a.narrow(1, 1, 1), 0);
        assertTensor(shape(0, 3, 4), d(), a.slice(0, 5, 9), 0);
        assertTensor(shape(1, 3, 4), d(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), a.slice(0, -9, 1), 0);
        Tensor v = a.view(6, 4);
        assertSame(a.storage(), v.storage());
        Tensor r = a.transpose(0, 1).reshape(6, 4);
        assertTensor(shape(6, 4), d(0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23), r, 0);
        assertArrayEquals(shape(2, 12), a.flatten(1, 2).dims());
        assertArrayEquals(shape(24), a.flatten().dims());
        assertArrayEquals(shape(2, 1, 3, 4), a.unsqueeze(1).dims());
        assertArrayEquals(shape(2, 3, 4, 1), a.unsqueeze(-1).dims());
        assertArrayEquals(shape(3), Tensor.zeros(1, 3, 1).squeeze().dims());
        assertArrayEquals(shape(1, 3), Tensor.zeros(1, 3, 1).squeeze(2).dims());
        assertArrayEquals(shape(1, 3, 1), Tensor.zeros(1, 3, 1).squeeze(1).dims());
        assertTensor(shape(2, 3), d(1, 2, 3, 1, 2, 3), Tensor.of(new double[] {1, 2, 3}).expand(2, -1), 0);
        assertTensor(shape(2, 2), d(5, 5, 6, 6), Tensor.of(new double[][] {{5}, {6}}).expand(2, 2), 0);
        Tensor c = a.transpose(0, 2).contiguous();
        assertTrue(c.isContiguous());
    }

    @Test
    void viewOfANonViewableLayoutFailsButReshapeCopies() {
        Tensor a = Tensor.arange(0, 6, 1, DType.F64).reshape(2, 3).t();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> a.view(6));
        assertTrue(e.getMessage().contains("use reshape"), e.getMessage());
        assertTensor(shape(6), d(0, 3, 1, 4, 2, 5), a.reshape(6), 0);
        // Splitting a transposed axis is a view.
        Tensor b = Tensor.arange(0, 12, 1, DType.F64).reshape(3, 4).t();
        Tensor split = b.view(2, 2, 3);
        assertSame(b.storage(), split.storage());
        assertTensor(shape(2, 2, 3), d(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11), split, 0);
    }
}
