package io.jgrad;

import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static io.jgrad.TestTensors.assertValues;
import static io.jgrad.TestTensors.d;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large and infinite inputs. Defined behaviour for -inf: entries that are -inf get probability 0 (log-probability
 * -inf) and no gradient; a row that is entirely -inf has no distribution and gives NaN, as in PyTorch; logsumexp of
 * an all -inf slice is -inf.
 */
class NumericalStabilityTest {
    /** log-softmax computed in double the textbook way, with the max subtracted first. */
    private static double[] logSoftmaxReference(double[] x) {
        double max = Arrays.stream(x).max().orElseThrow();
        double sum = Arrays.stream(x).map(v -> Math.exp(v - max)).sum();
        return Arrays.stream(x).map(v -> v - max - Math.log(sum)).toArray();
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void logSoftmaxOfLargeValues(DType dtype) {
        double[] x = {1000, 1001, 1002};
        Tensor out = Tensor.of(x).to(dtype).logSoftmax(0);
        double[] ref = logSoftmaxReference(x);
        assertTrue(Arrays.stream(out.toDoubleArray()).allMatch(Double::isFinite), out.toString());
        assertValues(ref, out, dtype == DType.F64 ? 1e-14 : 1e-6);
        assertValues(Arrays.stream(ref).map(Math::exp).toArray(), Tensor.of(x).to(dtype).softmax(0), dtype == DType.F64 ? 1e-15 : 1e-7);
        assertValues(Arrays.stream(logSoftmaxReference(new double[] {-1000, -1001, -1002})).toArray(),
                Tensor.of(new double[] {-1000, -1001, -1002}).to(dtype).logSoftmax(0), dtype == DType.F64 ? 1e-14 : 1e-6);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void logsumexpNear1e4(DType dtype) {
        double[] x = {1e4, 1e4 + 1, 1e4 - 2, 1e4 + 0.5};
        double max = 1e4 + 1;
        double ref = max + Math.log(Arrays.stream(x).map(v -> Math.exp(v - max)).sum());
        Tensor out = Tensor.of(x).to(dtype).logsumexp();
        assertTrue(Double.isFinite(out.item()));
        assertEquals(ref, out.item(), dtype == DType.F64 ? 1e-11 : 2e-3);
        Tensor rows = Tensor.of(new double[][] {{1e4, 1e4}, {-1e4, -1e4}});
        assertValues(d(1e4 + Math.log(2), -1e4 + Math.log(2)), rows.to(dtype).logsumexp(1, false), dtype == DType.F64 ? 1e-11 : 2e-3);
    }

    @Test
    void gradientsOfLargeValuesAreFinite() {
        GradCheck.check(t -> t.logSoftmax(0), Tensor.of(new double[] {1000, 1001, 1002}).requiresGrad(true));
        GradCheck.check(t -> t.logsumexp(), Tensor.of(new double[] {1e4, 1e4 + 1, 1e4 - 2}).requiresGrad(true));
        Tensor x = Tensor.of(new double[] {1e4, 1e4 + 1}).requiresGrad(true);
        x.logsumexp().backward();
        double e = Math.exp(-1);
        assertArrayEquals(new double[] {e / (1 + e), 1 / (1 + e)}, x.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void minusInfinityEntriesGetZeroProbabilityAndNoGradient() {
        double ninf = Double.NEGATIVE_INFINITY;
        Tensor x = Tensor.of(new double[] {0, ninf, Math.log(3)}).requiresGrad(true);
        Tensor p = x.softmax(0);
        assertValues(d(0.25, 0, 0.75), p, 1e-15);
        assertValues(d(Math.log(0.25), ninf, Math.log(0.75)), x.logSoftmax(0), 1e-15);
        p.mul(Tensor.of(new double[] {1, 2, 3})).sum().backward();
        double[] g = x.grad().toDoubleArray();
        assertTrue(Arrays.stream(g).allMatch(Double::isFinite), Arrays.toString(g));
        assertEquals(0, g[1], 0);
        // d/dx0 of sum p_i w_i = p0 (w0 - E[w]) with E[w] = 0.25 + 2.25 = 2.5
        assertEquals(0.25 * (1 - 2.5), g[0], 1e-15);
        Tensor y = Tensor.of(new double[] {0, ninf, 1}).requiresGrad(true);
        y.logSoftmax(0).select(0, 0).backward();
        assertTrue(Arrays.stream(y.grad().toDoubleArray()).allMatch(Double::isFinite), y.grad().toString());
    }

    @Test
    void rowEntirelyMinusInfinityIsNaNAsInPyTorch() {
        double ninf = Double.NEGATIVE_INFINITY;
        Tensor x = Tensor.of(new double[][] {{ninf, ninf}, {0, 0}});
        assertValues(d(Double.NaN, Double.NaN, 0.5, 0.5), x.softmax(1), 0);
        assertValues(d(Double.NaN, Double.NaN, -Math.log(2), -Math.log(2)), x.logSoftmax(1), 1e-15);
    }

    @Test
    void logsumexpOfInfiniteSlices() {
        double inf = Double.POSITIVE_INFINITY;
        Tensor x = Tensor.of(new double[][] {{-inf, -inf}, {inf, 1}, {-inf, 0}});
        assertValues(d(-inf, inf, 0), x.logsumexp(1, false), 0);
    }

    @Test
    void sigmoidSoftplusAndExpAtExtremes() {
        Tensor big = Tensor.of(new double[] {-1000, 1000});
        assertValues(d(0, 1), big.sigmoid(), 0);
        assertValues(d(0, 1000), big.softplus(), 0);
        assertValues(d(0, 1000), big.silu(), 0);
        assertValues(d(-1, 1), big.tanh(), 0);
        assertValues(d(0, 1), Tensor.of(new float[] {-100, 100}).sigmoid(), 1e-40);
    }
}
