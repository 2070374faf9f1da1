package io.jgrad.testing;

/**
 * Philox4x32-10 known answers for every backend's generator: the "philox4x32 10" lines of Random123's
 * {@code kat_vectors} file (as distributed in github.com/girving/random123-manual examples/kat_vectors and quoted in
 * D. E. Shaw Research's github.com/DEShawResearch/fs123 core123/ut/ut_philox.cpp): counter c0..c3, key k0 k1, the
 * expected words; the last vectors have counters and keys with only their low two words set, so
 * {@code Backend.random}'s block numbering reaches them too.
 */
public final class PhiloxVectors {
    private PhiloxVectors() {}

    public static final long[][] KAT = {
        {0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
        {0x00000001, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0x00000000, 0xac08141b, 0xdfc5ccbe, 0x79c07a47, 0xa7f66093},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0x00000001, 0x00000000, 0x38527b8f, 0xfad9a48c, 0x20e675c0, 0xf2fea26a},
        {0x00000000, 0x00000000, 0x00000000, 0x80000000, 0x00000000, 0x80000000, 0xf7a0b371, 0xe51dc93d, 0x56ce135d, 0x1d4b5580},
        {0x452821e6, 0x38d01377, 0xbe5466cf, 0x34e90c6c, 0x00000000, 0xffffffff, 0x72ce44b3, 0xb44f9b78, 0x49af0267, 0x726813ac},
        {0x00000000, 0xffffffff, 0x00000000, 0x00000000, 0x00000001, 0x00000000, 0x04e2eae1, 0x463cc999, 0xe7786310, 0x65b3dc49},
        {0x00000001, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0xffffffff, 0x473ab778, 0x330bacc0, 0xacd5fc9a, 0x5ede76b3},
    };

    /** The six input words of vector {@code v}. */
    public static int[] input(long[] v) {
        int[] in = new int[6];
        for (int i = 0; i < 6; i++) in[i] = (int) v[i];
        return in;
    }

    /** The four expected words of vector {@code v}. */
    public static int[] expected(long[] v) {
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) out[i] = (int) v[6 + i];
        return out;
    }
}
