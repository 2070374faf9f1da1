package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** {@link FloatExp} against the correctly rounded exp (Math.exp in double, rounded to float), and its special values. */
class FloatExpTest {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    private static float[] exp(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i += FS.length()) FloatExp.exp(FloatVector.fromArray(FS, x, i)).intoArray(out, i);
        return out;
    }

    @Test
    void withinTwoUlpOverTheWholeRange() {
        SplittableRandom rnd = new SplittableRandom(4);
        int n = FS.length() * 20_000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // Half over the full range, half near zero where the polynomial alone decides.
            x[i] = i % 2 == 0 ? (float) rnd.nextDouble(-104, 89) : (float) rnd.nextDouble(-1, 1);
        }
        float[] got = exp(x);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            float want = (float) Math.exp(x[i]);
            double ulps = got[i] == want ? 0 : Math.abs((double) got[i] - want) / Math.ulp(want);
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 2, "exp(" + x[i] + ") = " + got[i] + ", correctly rounded " + want + " (" + ulps + " ulp)");
        }
        assertTrue(worst > 0, "compared no inexact values");
    }

    @Test
    void specialValues() {
        float[] x = new float[FS.length()];
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 88.72f, 88.73f, -103.98f,
                -87.5f, 1f, -1f, 0.5f, 30f, -30f, 89.5f, -200f};
        int checked = 0;
        for (int from = 0; from < specials.length; from += x.length) {
            int count = Math.min(x.length, specials.length - from);
            System.arraycopy(specials, from, x, 0, count);
            float[] got = exp(x);
            for (int i = 0; i < count; i++, checked++) {
                float v = x[i], want = (float) Math.exp(v);
                if (Float.isNaN(want) || Float.isInfinite(want) || want == 0f || want == 1f) {
                    assertEquals(want, got[i], "exp(" + v + ")");
                } else {
                    double tolerance = want < Float.MIN_NORMAL ? 2 * Float.MIN_VALUE : 2 * Math.ulp(want);
                    assertEquals(want, got[i], tolerance, "exp(" + v + ")");
                }
            }
        }
        assertEquals(specials.length, checked);
    }
}
