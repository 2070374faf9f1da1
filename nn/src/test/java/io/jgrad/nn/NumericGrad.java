package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Central-difference gradient check in F64 (DESIGN.md: eps 1e-6, atol 1e-5, rtol 1e-3). A non-scalar output is
 * reduced with fixed random weights so every output element matters.
 */
final class NumericGrad {
    static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    private NumericGrad() {}

    static void check(String what, Function<Tensor, Tensor> f, Tensor x0) {
        if (x0.dtype() != DType.F64) throw new IllegalArgumentException("gradient checks run in F64");
        Tensor x = x0.detach().contiguousCopy().requiresGrad(true);
        Tensor out = f.apply(x);
        Tensor weights = out.rank() == 0 ? null : Tensor.uniform(new io.jgrad.Generator(7), 0.5, 1.5, out.dims()).to(DType.F64);
        scalar(out, weights).backward();
        double[] analytic = x.grad().toDoubleArray();
        double[] base = x0.toDoubleArray();
        for (int i = 0; i < base.length; i++) {
            double plus, minus;
            try (var g = Grad.off()) {
                plus = scalar(f.apply(perturbed(base, i, EPS, x0)), weights).item();
                minus = scalar(f.apply(perturbed(base, i, -EPS, x0)), weights).item();
            }
            double numeric = (plus - minus) / (2 * EPS);
            if (!(Math.abs(numeric - analytic[i]) <= ATOL + RTOL * Math.abs(numeric))) {
                fail(what + ": d/dx[" + i + "] analytic " + analytic[i] + " but numeric " + numeric);
            }
        }
        assertEquals(base.length, analytic.length);
    }

    private static Tensor scalar(Tensor out, Tensor weights) { return weights == null ? out : out.mul(weights).sum(); }

    private static Tensor perturbed(double[] base, int i, double h, Tensor like) {
        double[] v = base.clone();
        v[i] += h;
        return Tensor.of(v, like.dims());
    }
}
