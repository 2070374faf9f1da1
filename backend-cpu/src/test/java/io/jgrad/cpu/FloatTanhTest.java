package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** {@link FloatTanh} against the correctly rounded tanh (Math.tanh in double, rounded to float), and special values. */
class FloatTanhTest {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    private static float[] tanh(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i += FS.length()) FloatTanh.tanh(FloatVector.fromArray(FS, x, i)).intoArray(out, i);
        return out;
    }

    @Test
    void withinThreeUlpOverTheWholeRange() {
        SplittableRandom rnd = new SplittableRandom(8);
        int n = FS.length() * 20_000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // A third each: the exp branch, the polynomial branch, and tiny values where tanh(x) is about x.
            x[i] = switch (i % 3) {
                case 0 -> (float) rnd.nextDouble(-12, 12);
                case 1 -> (float) rnd.nextDouble(-0.7, 0.7);
                default -> (float) (rnd.nextDouble(-1, 1) * Math.pow(10, -rnd.nextInt(1, 30)));
            };
        }
        float[] got = tanh(x);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            float want = (float) Math.tanh(x[i]);
            double ulps = got[i] == want ? 0 : Math.abs((double) got[i] - want) / Math.ulp(want);
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 3, "tanh(" + x[i] + ") = " + got[i] + ", correctly rounded " + want + " (" + ulps + " ulp)");
        }
        assertTrue(worst > 0, "compared no inexact values");
    }

    @Test
    void specialValues() {
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.625f, -0.625f, 9f, -9f, 50f,
                -50f, 100f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-20f, -1e-20f};
        float[] x = new float[((specials.length + FS.length() - 1) / FS.length()) * FS.length()];
        System.arraycopy(specials, 0, x, 0, specials.length);
        float[] got = tanh(x);
        for (int i = 0; i < specials.length; i++) {
            float want = (float) Math.tanh(specials[i]);
            if (Float.isNaN(want) || Math.abs(want) == 1f || want == 0f || Math.abs(specials[i]) < 1e-10f) {
                assertEquals(want, got[i], "tanh(" + specials[i] + ")");
            } else {
                assertEquals(want, got[i], 3 * Math.ulp(want), "tanh(" + specials[i] + ")");
            }
        }
    }
}
