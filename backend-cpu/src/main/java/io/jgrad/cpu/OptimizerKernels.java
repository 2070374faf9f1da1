package io.jgrad.cpu;

import io.jgrad.backend.AdamStep;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused optimizer updates on contiguous stretches: one pass reads the parameter, its gradient and its state and
 * writes them back, where the composed version makes eight passes and three full-size temporaries. Vector body and
 * scalar tail do the same IEEE operations in the same order (no FMA), so every element is computed alike.
 */
final class OptimizerKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private OptimizerKernels() {}

    /** Adam over {@code n} elements of p, g, m, v starting at their offsets (see {@code Backend.adamUpdate}). */
    static void adamF32(AdamStep s, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, int n) {
        float b1 = (float) s.beta1(), c1 = (float) (1 - s.beta1()), b2 = (float) s.beta2(), c2 = (float) (1 - s.beta2());
        // Multiplying by 1 / sqrt(1 - beta2^t) instead of dividing leaves one division per element (the kernel is
        // bound by the divider: ~25% faster on Zen 4); the results differ from the division by at most an ulp.
        float invBias2 = (float) (1 / s.bias2Sqrt()), eps = (float) s.eps(), negStep = (float) -s.stepSize();
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector gv = FloatVector.fromArray(FS, g, go + i);
            FloatVector mv = FloatVector.fromArray(FS, m, mo + i).mul(b1).add(gv.mul(c1));
            FloatVector vv = FloatVector.fromArray(FS, v, vo + i).mul(b2).add(gv.mul(gv).mul(c2));
            FloatVector denom = vv.sqrt().mul(invBias2).add(eps);
            FloatVector pv = FloatVector.fromArray(FS, p, po + i).add(mv.div(denom).mul(negStep));
            mv.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
            pv.intoArray(p, po + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i];
            float mi = m[mo + i] * b1 + gi * c1;
            float vi = v[vo + i] * b2 + gi * gi * c2;
            float denom = (float) Math.sqrt(vi) * invBias2 + eps;
            m[mo + i] = mi;
            v[vo + i] = vi;
            p[po + i] = p[po + i] + mi / denom * negStep;
        }
    }

    static void adamF64(AdamStep s, double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo, int n) {
        double b1 = s.beta1(), c1 = 1 - s.beta1(), b2 = s.beta2(), c2 = 1 - s.beta2();
        double invBias2 = 1 / s.bias2Sqrt(), eps = s.eps(), negStep = -s.stepSize();
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector gv = DoubleVector.fromArray(DS, g, go + i);
            DoubleVector mv = DoubleVector.fromArray(DS, m, mo + i).mul(b1).add(gv.mul(c1));
            DoubleVector vv = DoubleVector.fromArray(DS, v, vo + i).mul(b2).add(gv.mul(gv).mul(c2));
            DoubleVector denom = vv.sqrt().mul(invBias2).add(eps);
            DoubleVector pv = DoubleVector.fromArray(DS, p, po + i).add(mv.div(denom).mul(negStep));
            mv.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
            pv.intoArray(p, po + i);
        }
        for (; i < n; i++) {
            double gi = g[go + i];
            double mi = m[mo + i] * b1 + gi * c1;
            double vi = v[vo + i] * b2 + gi * gi * c2;
            double denom = Math.sqrt(vi) * invBias2 + eps;
            m[mo + i] = mi;
            v[vo + i] = vi;
            p[po + i] = p[po + i] + mi / denom * negStep;
        }
    }
}
