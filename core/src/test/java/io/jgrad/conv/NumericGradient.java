package io.jgrad.conv;

import io.jgrad.DType;
import io.jgrad.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Central-difference gradient check in F64: the gradient backward computes for {@code sum(f(inputs) * r)}, with a
 * fixed random r, against {@code (L(x + eps) - L(x - eps)) / 2eps} for every element of every input.
 */
final class NumericGradient {
    static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    private NumericGradient() {}

    /** Random F64 values in [-1, 1) of the given shape. */
    static Tensor random(Random rng, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextDouble() * 2 - 1;
        return Tensor.of(v, shape);
    }

    /** Checks every input's gradient; inputs are F64 leaves (copied here, so callers' tensors are untouched). */
    static void check(String what, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        List<double[]> values = new ArrayList<>();
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor t : inputs) {
            if (t.dtype() != DType.F64) throw new IllegalArgumentException("gradient check needs F64 inputs, got " + t.dtype());
            double[] v = t.toDoubleArray();
            values.add(v);
            leaves.add(Tensor.of(v, t.dims()).requiresGrad(true));
        }
        Tensor out = f.apply(leaves);
        Random rng = new Random(7);
        Tensor r = random(rng, out.dims());
        out.backward(r);
        double[] weights = r.toDoubleArray();
        for (int k = 0; k < inputs.length; k++) {
            Tensor grad = leaves.get(k).grad();
            if (grad == null) fail(what + ": input " + k + " received no gradient");
            double[] analytic = grad.toDoubleArray();
            double[] v = values.get(k);
            for (int i = 0; i < v.length; i++) {
                double saved = v[i];
                v[i] = saved + EPS;
                double plus = loss(f, values, inputs, weights);
                v[i] = saved - EPS;
                double minus = loss(f, values, inputs, weights);
                v[i] = saved;
                double numeric = (plus - minus) / (2 * EPS);
                if (Math.abs(analytic[i] - numeric) > ATOL + RTOL * Math.abs(numeric)) {
                    fail(what + ": d/d input " + k + " (shape " + inputs[k].shape() + ") element " + i + ": backward gave "
                            + analytic[i] + ", central difference " + numeric);
                }
            }
        }
    }

    private static double loss(Function<List<Tensor>, Tensor> f, List<double[]> values, Tensor[] inputs, double[] weights) {
        List<Tensor> ts = new ArrayList<>();
        for (int k = 0; k < inputs.length; k++) ts.add(Tensor.of(values.get(k), inputs[k].dims()));
        double[] out = f.apply(ts).toDoubleArray();
        double acc = 0;
        for (int i = 0; i < out.length; i++) acc += out[i] * weights[i];
        return acc;
    }
}
