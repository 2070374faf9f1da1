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

    // Each lane is read at a constant index (C2 extracts it from the register) rather than through toArray, which
    // allocated and copied an array on every call: 3.5% of a transformer training step's samples. Same order, same
    // double additions, so the same bits as the loop over toArray().

    static double sum(FloatVector v) {
        int n = v.length();
        if (n != 4 && n != 8 && n != 16) return sumInOrder(v.toArray());
        double s = 0;
        s += v.lane(0);
        s += v.lane(1);
        s += v.lane(2);
        s += v.lane(3);
        if (n == 4) return s;
        s += v.lane(4);
        s += v.lane(5);
        s += v.lane(6);
        s += v.lane(7);
        if (n == 8) return s;
        s += v.lane(8);
        s += v.lane(9);
        s += v.lane(10);
        s += v.lane(11);
        s += v.lane(12);
        s += v.lane(13);
        s += v.lane(14);
        s += v.lane(15);
        return s;
    }

    static double sum(DoubleVector v) {
        int n = v.length();
        if (n != 2 && n != 4 && n != 8) return sumInOrder(v.toArray());
        double s = 0;
        s += v.lane(0);
        s += v.lane(1);
        if (n == 2) return s;
        s += v.lane(2);
        s += v.lane(3);
        if (n == 4) return s;
        s += v.lane(4);
        s += v.lane(5);
        s += v.lane(6);
        s += v.lane(7);
        return s;
    }

    /** The lanes added in order from 0 (for lane counts the unrolled sums do not cover). */
    static double sumInOrder(float[] lanes) {
        double s = 0;
        for (float lane : lanes) s += lane;
        return s;
    }

    static double sumInOrder(double[] lanes) {
        double s = 0;
        for (double lane : lanes) s += lane;
        return s;
    }
}
