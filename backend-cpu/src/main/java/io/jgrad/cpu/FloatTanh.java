package io.jgrad.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * tanh(x) on float vectors from exactly rounded operations and {@link FloatExp}, so that it gives the same bits in
 * every JIT tier (the Vector API's {@code lanewise(TANH)} runs native routines in C2 and a Java fallback before, as
 * its EXP does). Cephes' tanhf: for |x| >= 0.625, {@code 1 - 2 / (e^{2|x|} + 1)} with x's sign (e^{2|x|} overflowing
 * to infinity gives 1); below, the odd polynomial {@code x + x^3 P(x^2)}, which keeps the relative accuracy near zero.
 * Within 3 ulp of the correctly rounded value (see FloatTanhTest); NaN stays NaN.
 */
final class FloatTanh {
    private FloatTanh() {}

    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector e = FloatExp.exp(a.add(a));
        FloatVector large = FloatVector.broadcast(x.species(), 1f).sub(FloatVector.broadcast(x.species(), 2f).div(e.add(1f)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(-5.70498872745e-3f, 2.06390887954e-2f);
        p = p.fma(z, FloatVector.broadcast(x.species(), -5.37397155531e-2f));
        p = p.fma(z, FloatVector.broadcast(x.species(), 1.33314422036e-1f));
        p = p.fma(z, FloatVector.broadcast(x.species(), -3.33332819422e-1f));
        FloatVector small = p.mul(z).fma(x, x).blend(x, x.compare(VectorOperators.EQ, 0f)); // keeps the sign of zero
        VectorMask<Float> useSmall = a.compare(VectorOperators.LT, 0.625f);
        return large.blend(small, useSmall);
    }
}
