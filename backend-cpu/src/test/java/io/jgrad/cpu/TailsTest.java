package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Partial-vector loads and stores read and write exactly the mask's lanes, both where the vector lies inside the array
 * (the Vector API's masked access) and where it would run past the array's end (the copy).
 */
class TailsTest {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    @ParameterizedTest(name = "{0} lanes")
    @ValueSource(ints = {1, 2, 3, 5, 7, 15})
    void floatTailsTouchOnlyTheMaskedLanes(int lanes) {
        int used = Math.min(lanes, FS.length() - 1);
        for (int slack : new int[] {0, FS.length()}) {
            int offset = 3, length = offset + used + slack;
            float[] a = new float[length];
            for (int i = 0; i < length; i++) a[i] = i + 1;
            VectorMask<Float> m = FS.indexInRange(0, used);
            float[] loaded = Tails.load(FS, a, offset, m).toArray();
            float[] want = new float[FS.length()];
            for (int i = 0; i < used; i++) want[i] = a[offset + i];
            assertArrayEquals(want, loaded, "load, slack " + slack);

            float[] out = new float[length];
            Arrays.fill(out, -1f);
            Tails.store(FloatVector.broadcast(FS, 9f), out, offset, m);
            float[] expected = new float[length];
            Arrays.fill(expected, -1f);
            Arrays.fill(expected, offset, offset + used, 9f);
            assertArrayEquals(expected, out, "store, slack " + slack);
        }
    }

    @ParameterizedTest(name = "{0} lanes")
    @ValueSource(ints = {1, 3, 7})
    void doubleTailsTouchOnlyTheMaskedLanes(int lanes) {
        int used = Math.min(lanes, DS.length() - 1);
        for (int slack : new int[] {0, DS.length()}) {
            int offset = 2, length = offset + used + slack;
            double[] a = new double[length];
            for (int i = 0; i < length; i++) a[i] = i + 1;
            VectorMask<Double> m = DS.indexInRange(0, used);
            double[] want = new double[DS.length()];
            for (int i = 0; i < used; i++) want[i] = a[offset + i];
            assertArrayEquals(want, Tails.load(DS, a, offset, m).toArray(), "load, slack " + slack);

            double[] out = new double[length];
            Arrays.fill(out, -1);
            Tails.store(DoubleVector.broadcast(DS, 9), out, offset, m);
            double[] expected = new double[length];
            Arrays.fill(expected, -1);
            Arrays.fill(expected, offset, offset + used, 9);
            assertArrayEquals(expected, out, "store, slack " + slack);
        }
    }
}
