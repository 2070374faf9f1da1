package io.jgrad.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled float micro-kernel: an {@link #MR} x {@link #NR} tile of C computed from a
 * packed MR-row panel of A and a packed NR-column panel of B.
 *
 * <p>The tile is {@code MR} rows by two vectors of the preferred species (32 columns with
 * AVX-512). Its 16 accumulators, two B vectors and one broadcast A value fit the 32 vector
 * registers of AVX-512 without spilling, and each k step issues 16 independent FMAs, enough to
 * hide the FMA latency. The packed panels are zero-padded, so the inner loop never branches;
 * partial tiles at the bottom and right edges of C go through a small scratch tile. Beta is
 * applied to C before the product is accumulated, which keeps the store phase small enough for
 * C2 to inline every vector operation (a non-inlined helper taking vectors would box them).
 */
final class SgemmKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of C per tile. */
    static final int MR = 8;
    /** Columns of C per tile: two vectors. */
    static final int NR = 2 * L;

    private SgemmKernel() {}

    /**
     * C[0..mr, 0..nr] += alpha * Apanel * Bpanel (the caller has already applied beta to C).
     *
     * @param ap packed A: kc groups of MR consecutive values starting at {@code aBase}
     * @param bp packed B: kc groups of NR consecutive values starting at {@code bBase}
     * @param edge scratch of at least MR * NR floats, used only for partial tiles
     */
    static void tile(int kc, float[] ap, int aBase, float[] bp, int bBase,
                     float[] c, int cBase, int ldc, int mr, int nr, float alpha, float[] edge) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aBase + p * MR;
            int bi = bBase + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        if (mr == MR && nr == NR) {
            int i = cBase;
            c00.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c01.fma(va, FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L);
            i += ldc;
            c10.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c11.fma(va, FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L);
            i += ldc;
            c20.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c21.fma(va, FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L);
            i += ldc;
            c30.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c31.fma(va, FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L);
            i += ldc;
            c40.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c41.fma(va, FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L);
            i += ldc;
            c50.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c51.fma(va, FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L);
            i += ldc;
            c60.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c61.fma(va, FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L);
            i += ldc;
            c70.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c71.fma(va, FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L);
        } else {
            // Edge tile: spill the whole register tile, then add the valid mr x nr corner.
            c00.intoArray(edge, 0); c01.intoArray(edge, L);
            c10.intoArray(edge, NR); c11.intoArray(edge, NR + L);
            c20.intoArray(edge, 2 * NR); c21.intoArray(edge, 2 * NR + L);
            c30.intoArray(edge, 3 * NR); c31.intoArray(edge, 3 * NR + L);
            c40.intoArray(edge, 4 * NR); c41.intoArray(edge, 4 * NR + L);
            c50.intoArray(edge, 5 * NR); c51.intoArray(edge, 5 * NR + L);
            c60.intoArray(edge, 6 * NR); c61.intoArray(edge, 6 * NR + L);
            c70.intoArray(edge, 7 * NR); c71.intoArray(edge, 7 * NR + L);
            for (int r = 0; r < mr; r++) {
                int row = cBase + r * ldc;
                for (int j = 0; j < nr; j++) c[row + j] += alpha * edge[r * NR + j];
            }
        }
    }
}
