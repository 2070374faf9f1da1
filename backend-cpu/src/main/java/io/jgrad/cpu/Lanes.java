package io.jgrad.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * Sums of a vector's lanes in one fixed order (lane 0 first, in double), for reductions whose result must not depend
 * on the JIT. {@code reduceLanes(ADD)} may add floating-point lanes in any order, and does: the interpreter and C1
 * add them in lane order while C2's intrinsic adds them as a tree, so the same call gives different last bits before
 * and after C2 compiles it, and a seeded training run differed from run to run with the compile timing.
 */
final class Lanes {
    private Lanes() {}

    static double sum(FloatVector v) {
        double s = 0;
        for (float lane : v.toArray()) s += lane;
        return s;
    }

    static double sum(DoubleVector v) {
        double s = 0;
        for (double lane : v.toArray()) s += lane;
        return s;
    }
}
