package io.jgrad.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes 8 x 8 blocks of floats in 256-bit vector registers, for packing transposed GEMM (and attention)
 * operands: 8 contiguous row loads and 8 contiguous stores replace 64 scalar strided copies.
 *
 * <p>The transpose is the recursive block swap: for b = 1, 2, 4, within every 2b x 2b block the
 * upper-right and lower-left b x b blocks trade places; each stage rewrites every pair of rows
 * (r, r + b) with two two-source lane selections (one vpermt2ps each). The code is written out
 * (generated, one line per pair) so that C2 keeps the rows in registers: vectors held in an array
 * would be boxed. A 16 x 16 form with 512-bit vectors was too large for C1 ("out of virtual
 * registers"), which left it running unintrinsified, allocating every vector, for seconds.
 */
public final class BlockTranspose {
    /** Block size. */
    public static final int B = 8;
    private static final VectorSpecies<Float> H = FloatVector.SPECIES_256;
    /** True when the CPU has 256-bit (or wider) float vectors, so H is intrinsified. */
    public static final boolean AVAILABLE = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    /*
     * Selection indexes of stage s (b = 2^s) for the new low row (r) and high row (r + b) of a pair,
     * into the concatenation (row r, row r + b): [0, 8) is row r, [8, 16) row r + b. Separate
     * constants rather than an array, so C2 sees each as a constant.
     */
    private static final FloatVector LOW0 = indexes(0, true), HIGH0 = indexes(0, false);
    private static final FloatVector LOW1 = indexes(1, true), HIGH1 = indexes(1, false);
    private static final FloatVector LOW2 = indexes(2, true), HIGH2 = indexes(2, false);

    private static FloatVector indexes(int stage, boolean low) {
        int b = 1 << stage;
        float[] idx = new float[B];
        for (int c = 0; c < B; c++) {
            boolean upper = (c & b) != 0;
            idx[c] = low ? (upper ? B + c - b : c) : (upper ? B + c : c + b);
        }
        return FloatVector.fromArray(H, idx, 0);
    }

    private BlockTranspose() {}

    /**
     * Writes the transpose of the 8 x 8 block {@code src[srcOff + i*srcStride + q]} (i, q in [0, 8)) to
     * {@code dst[dstOff + q*dstStride + i]}. Callers check {@link #AVAILABLE} first and copy partial blocks
     * themselves: masked stores here made the method too large for C1's tier-3 compile, which left it running in
     * tier-2 code without the Vector API intrinsics (C2 never saw it, and packB was too large to inline it).
     */
    public static void transpose8(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride) {
        FloatVector t;
        FloatVector v0 = FloatVector.fromArray(H, src, srcOff);
        FloatVector v1 = FloatVector.fromArray(H, src, srcOff + srcStride);
        FloatVector v2 = FloatVector.fromArray(H, src, srcOff + 2 * srcStride);
        FloatVector v3 = FloatVector.fromArray(H, src, srcOff + 3 * srcStride);
        FloatVector v4 = FloatVector.fromArray(H, src, srcOff + 4 * srcStride);
        FloatVector v5 = FloatVector.fromArray(H, src, srcOff + 5 * srcStride);
        FloatVector v6 = FloatVector.fromArray(H, src, srcOff + 6 * srcStride);
        FloatVector v7 = FloatVector.fromArray(H, src, srcOff + 7 * srcStride);
        // stage 0: swap the off-diagonal 1x1 blocks of every 2x2 block
        t = LOW0.selectFrom(v0, v1); v1 = HIGH0.selectFrom(v0, v1); v0 = t;
        t = LOW0.selectFrom(v2, v3); v3 = HIGH0.selectFrom(v2, v3); v2 = t;
        t = LOW0.selectFrom(v4, v5); v5 = HIGH0.selectFrom(v4, v5); v4 = t;
        t = LOW0.selectFrom(v6, v7); v7 = HIGH0.selectFrom(v6, v7); v6 = t;
        // stage 1: swap the off-diagonal 2x2 blocks of every 4x4 block
        t = LOW1.selectFrom(v0, v2); v2 = HIGH1.selectFrom(v0, v2); v0 = t;
        t = LOW1.selectFrom(v1, v3); v3 = HIGH1.selectFrom(v1, v3); v1 = t;
        t = LOW1.selectFrom(v4, v6); v6 = HIGH1.selectFrom(v4, v6); v4 = t;
        t = LOW1.selectFrom(v5, v7); v7 = HIGH1.selectFrom(v5, v7); v5 = t;
        // stage 2: swap the off-diagonal 4x4 blocks of every 8x8 block
        t = LOW2.selectFrom(v0, v4); v4 = HIGH2.selectFrom(v0, v4); v0 = t;
        t = LOW2.selectFrom(v1, v5); v5 = HIGH2.selectFrom(v1, v5); v1 = t;
        t = LOW2.selectFrom(v2, v6); v6 = HIGH2.selectFrom(v2, v6); v2 = t;
        t = LOW2.selectFrom(v3, v7); v7 = HIGH2.selectFrom(v3, v7); v3 = t;
        v0.intoArray(dst, dstOff);
        v1.intoArray(dst, dstOff + dstStride);
        v2.intoArray(dst, dstOff + 2 * dstStride);
        v3.intoArray(dst, dstOff + 3 * dstStride);
        v4.intoArray(dst, dstOff + 4 * dstStride);
        v5.intoArray(dst, dstOff + 5 * dstStride);
        v6.intoArray(dst, dstOff + 6 * dstStride);
        v7.intoArray(dst, dstOff + 7 * dstStride);
    }
}
