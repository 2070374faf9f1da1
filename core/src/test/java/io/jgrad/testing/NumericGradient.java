package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Tensor;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** Random F64 inputs and a named entry to {@link GradCheck}, for ops with several inputs (convolution, linear). */
public final class NumericGradient {
    private NumericGradient() {}

    /** Random F64 values in [-1, 1) of the given shape. */
    public static Tensor random(Random rng, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextDouble() * 2 - 1;
        return Tensor.of(v, shape);
    }

    /**
     * Checks every input's gradient; inputs are F64 leaves (copied here on the input's backend, so callers' tensors
     * are untouched).
     */
    public static void check(String what, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype() != DType.F64) {
                throw new IllegalArgumentException("gradient check needs F64 inputs, got " + inputs[i].dtype());
            }
            leaves[i] = Tensor.of(inputs[i].toDoubleArray(), inputs[i].dims()).to(inputs[i].backend()).requiresGrad(true);
        }
        try {
            GradCheck.checkAll(in -> f.apply(List.of(in)), leaves);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
    }
}
