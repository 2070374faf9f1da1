package io.jgrad.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Activation gradients on contiguous stretches, fused into one pass: the ReLU gradient reads the gradient and the
 * input and writes the result, where the composed version writes a BOOL mask and reads it back in a select.
 */
final class ActivationKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private ActivationKernels() {}

    /** {@code out[i] = x[i] <= 0 ? 0 : g[i]} for {@code n} elements (NaN in x passes g through; zeros are +0). */
    static void reluBackwardF32(float[] g, int go, float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector xv = FloatVector.fromArray(FS, x, xo + i);
            FloatVector.fromArray(FS, g, go + i).blend(0f, xv.compare(VectorOperators.LE, 0f)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = x[xo + i] <= 0 ? 0f : g[go + i];
    }

    static void reluBackwardF64(double[] g, int go, double[] x, int xo, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector xv = DoubleVector.fromArray(DS, x, xo + i);
            DoubleVector.fromArray(DS, g, go + i).blend(0d, xv.compare(VectorOperators.LE, 0d)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = x[xo + i] <= 0 ? 0d : g[go + i];
    }
}
