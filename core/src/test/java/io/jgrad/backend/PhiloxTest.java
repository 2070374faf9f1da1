package io.jgrad.backend;

import io.jgrad.testing.PhiloxVectors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Philox4x32-10 against the known-answer vectors of Random123 ({@link PhiloxVectors}), and the arithmetic of the
 * sampling recipes against the JDK's correctly rounded-ish StrictMath.
 */
class PhiloxTest {

    @Test
    void knownAnswerVectors() {
        int[] out = new int[4];
        for (long[] v : PhiloxVectors.KAT) {
            int[] in = PhiloxVectors.input(v);
            Philox.block(in[0], in[1], in[2], in[3], in[4], in[5], out);
            assertArrayEquals(PhiloxVectors.expected(v), out, "counter " + Long.toHexString(v[0]));
        }
    }

    @Test
    void seedAndCounterFillTheLowWordsFirst() {
        int[] out = new int[4];
        // kat_vectors: counter (00000001 00000000 00000000 00000000), key (00000001 00000000).
        Philox.block(1L, 1L, out);
        assertArrayEquals(new int[] {0xac08141b, 0xdfc5ccbe, 0x79c07a47, 0xa7f66093}, out);
        // kat_vectors: counter (00000000 ffffffff 00000000 00000000), key (00000001 00000000).
        Philox.block(1L, 0xffff_ffff_0000_0000L, out);
        assertArrayEquals(new int[] {0x04e2eae1, 0x463cc999, 0xe7786310, 0x65b3dc49}, out);
        // kat_vectors: counter (00000001 00000000 00000000 00000000), key (00000000 ffffffff).
        Philox.block(0xffff_ffff_0000_0000L, 1L, out);
        assertArrayEquals(new int[] {0x473ab778, 0x330bacc0, 0xacd5fc9a, 0x5ede76b3}, out);
    }

    @Test
    void logIsWithinAFewUlpOnTheUnitInterval() {
        // Every value the normal recipe can pass: k * 2^-53 for k in [1, 2^53]; sweep the exponents and mantissas.
        for (int e = 0; e <= 53; e++) {
            for (int j = 0; j < 2000; j++) {
                double x = Math.scalb(1 + j / 2000.0, -e);
                if (x > 1) continue;
                double expected = StrictMath.log(x);
                assertEquals(expected, RandomMath.log(x), 4 * Math.ulp(expected) + 1e-300, "log " + x);
            }
        }
        assertEquals(0.0, RandomMath.log(1.0));
    }

    @Test
    void cosineAndSineOfTurnsAreAccurate() {
        for (int j = 0; j <= 100_000; j++) {
            double t = Math.min(j / 100_000.0, Math.nextDown(1.0));
            double angle = 2 * Math.PI * t;
            assertEquals(StrictMath.cos(angle), RandomMath.cosOrSinTurns(t, false), 2e-15, "cos at t = " + t);
            assertEquals(StrictMath.sin(angle), RandomMath.cosOrSinTurns(t, true), 2e-15, "sin at t = " + t);
        }
        assertEquals(1.0, RandomMath.cosOrSinTurns(0, false));
        assertEquals(0.0, RandomMath.cosOrSinTurns(0, true));
    }

    @Test
    void unitConversionsStayBelowOne() {
        assertEquals(0.0, RandomMath.unit24(0));
        assertEquals(1 - 0x1p-24, RandomMath.unit24(-1));
        assertEquals(0.0, RandomMath.unit53(0, 0));
        assertEquals(1 - 0x1p-53, RandomMath.unit53(-1, -1));
        assertTrue(RandomMath.unit53(0, 0x8000_0000) == 0.5);
    }
}
