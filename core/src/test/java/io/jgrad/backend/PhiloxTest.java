package io.jgrad.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Philox4x32-10 against the known-answer vectors of Random123 ("philox4x32 10" lines of its {@code kat_vectors} file,
 * as distributed in github.com/girving/random123-manual examples/kat_vectors and quoted in D. E. Shaw Research's
 * github.com/DEShawResearch/fs123 core123/ut/ut_philox.cpp), and the arithmetic of the sampling recipes against the
 * JDK's correctly rounded-ish StrictMath.
 */
class PhiloxTest {
    /** Counter c0..c3, key k0 k1, expected output, as in a kat_vectors line. */
    private static final long[][] KAT = {
        {0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
        {0x00000001, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0x00000000, 0xac08141b, 0xdfc5ccbe, 0x79c07a47, 0xa7f66093},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0x00000001, 0x00000000, 0x38527b8f, 0xfad9a48c, 0x20e675c0, 0xf2fea26a},
        {0x00000000, 0x00000000, 0x00000000, 0x80000000, 0x00000000, 0x80000000, 0xf7a0b371, 0xe51dc93d, 0x56ce135d, 0x1d4b5580},
        {0x452821e6, 0x38d01377, 0xbe5466cf, 0x34e90c6c, 0x00000000, 0xffffffff, 0x72ce44b3, 0xb44f9b78, 0x49af0267, 0x726813ac},
    };

    @Test
    void knownAnswerVectors() {
        int[] out = new int[4];
        for (long[] v : KAT) {
            Philox.block((int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], (int) v[5], out);
            assertArrayEquals(new int[] {(int) v[6], (int) v[7], (int) v[8], (int) v[9]}, out, "counter " + Long.toHexString(v[0]));
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
