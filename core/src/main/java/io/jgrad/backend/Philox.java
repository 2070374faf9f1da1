package io.jgrad.backend;

/**
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as
 * 1, 2, 3" (SC '11), as in D. E. Shaw Research's Random123 library: a keyed bijection of a 128-bit counter (four
 * 32-bit words) under a 64-bit key (two words), ten rounds. The same (key, counter) gives the same four words on
 * every machine and in every language, so random tensors can be drawn on any backend, in any order, in parallel.
 *
 * <p>One round maps counter {@code (c0, c1, c2, c3)} and key {@code (k0, k1)} to
 * {@code (hi(M1 c2) ^ c1 ^ k0, lo(M1 c2), hi(M0 c0) ^ c3 ^ k1, lo(M0 c0))}, where {@code hi} and {@code lo} are
 * the upper and lower halves of the 64-bit unsigned product; between rounds the key is bumped by
 * {@code (W0, W1)} modulo 2^32. How jgrad turns blocks into tensor elements is described on {@link Backend#random}.
 */
public final class Philox {
    private static final long M0 = 0xD2511F53L, M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private static final long LOW32 = 0xFFFF_FFFFL;

    private Philox() {}

    /** Philox4x32-10 of counter {@code (c0, c1, c2, c3)} under key {@code (k0, k1)}, into {@code out[0..3]}. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0 * (c0 & LOW32), p1 = M1 * (c2 & LOW32);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c0 = n0;
            c1 = (int) p1;
            c2 = n2;
            c3 = (int) p0;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /**
     * Block number {@code counter} of the stream keyed by {@code seed}: counter words
     * {@code (lo32(counter), hi32(counter), 0, 0)}, key words {@code (lo32(seed), hi32(seed))}.
     */
    public static void block(long seed, long counter, int[] out) {
        block((int) counter, (int) (counter >>> 32), 0, 0, (int) seed, (int) (seed >>> 32), out);
    }
}
