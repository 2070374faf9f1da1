package io.jgrad.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Masked loads and stores for a loop's last, partial vector ({@code m} a prefix mask from {@code indexInRange}).
 * Where the whole vector lies inside the array they are the Vector API's masked accesses; where it would run past the
 * array's end, the lanes go through a small copy instead: the Vector API checks such accesses lane by lane on a path
 * that C2 does not intrinsify (in a cnn training step, one such store per step took ~1% of the profile's samples).
 */
final class Tails {
    private Tails() {}

    static FloatVector load(VectorSpecies<Float> s, float[] a, int offset, VectorMask<Float> m) {
        if (offset + s.length() <= a.length) return FloatVector.fromArray(s, a, offset, m);
        float[] lanes = new float[s.length()];
        System.arraycopy(a, offset, lanes, 0, m.trueCount());
        return FloatVector.fromArray(s, lanes, 0);
    }

    static void store(FloatVector v, float[] a, int offset, VectorMask<Float> m) {
        if (offset + v.length() <= a.length) v.intoArray(a, offset, m);
        else System.arraycopy(v.toArray(), 0, a, offset, m.trueCount());
    }

    static DoubleVector load(VectorSpecies<Double> s, double[] a, int offset, VectorMask<Double> m) {
        if (offset + s.length() <= a.length) return DoubleVector.fromArray(s, a, offset, m);
        double[] lanes = new double[s.length()];
        System.arraycopy(a, offset, lanes, 0, m.trueCount());
        return DoubleVector.fromArray(s, lanes, 0);
    }

    static void store(DoubleVector v, double[] a, int offset, VectorMask<Double> m) {
        if (offset + v.length() <= a.length) v.intoArray(a, offset, m);
        else System.arraycopy(v.toArray(), 0, a, offset, m.trueCount());
    }
}
