package io.jgrad.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled float micro-kernel: an {@link #MR} x {@link #NR} tile of C computed from a
 * packed MR-row panel of A and a packed NR-column panel of B.
 *
 * <p>A tile is MR rows by two vectors of the preferred species. With 16-lane vectors (AVX-512,
 * 32 vector registers) MR is 12: 24 accumulators, two B vectors and one broadcast A value fit the
 * registers without spilling, and each k step issues 24 independent FMAs against 14 loads. On the
 * 2-core Zen 4 this was tuned on, 12x2 and 14x2 were best (about 90 GFLOPS single-thread at
 * 1024^3), ahead of 8x2 (84-89), 6x3 and 8x3 (87-89). With shorter vectors (AVX2 has only 16
 * registers) MR is 6, so the 12 accumulators still fit.
 *
 * <p>The packed panels are zero-padded, so the inner loop never branches; partial tiles at the
 * bottom and right edges of C go through a small scratch tile. Beta is applied to C before the
 * product is accumulated, which keeps the store phase small enough for C2 to inline every vector
 * operation (a non-inlined helper taking vectors would box them). The two kernels are written
 * out by hand-unrolling; keep them in step. Each has a storing form ({@link #tileStore}) for the first depth block of
 * a product, which writes alpha * AB plus a bias without reading C: the same loop, repeated rather than shared,
 * because a shared loop would have to hand its 24 accumulators to the store phase as objects, which C2 then boxes.
 */
final class SgemmKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of C per tile. */
    static final int MR = L >= 16 ? 12 : 6;
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
        if (MR == 12) {
            tile12x2(kc, ap, aBase, bp, bBase, c, cBase, ldc, mr, nr, alpha, edge);
        } else {
            tile6x2(kc, ap, aBase, bp, bBase, c, cBase, ldc, mr, nr, alpha, edge);
        }
    }

    /**
     * C[0..mr, 0..nr] = alpha * Apanel * Bpanel + bias[biasOff .. biasOff + nr] (in every row; none when bias is null):
     * the first depth block of a product, stored without reading C, so that C needs no pass to clear it (or to copy a
     * bias into it) first. Otherwise as {@link #tile}.
     */
    static void tileStore(int kc, float[] ap, int aBase, float[] bp, int bBase, float[] c, int cBase, int ldc,
                          int mr, int nr, float alpha, float[] bias, int biasOff, float[] edge) {
        if (MR == 12) {
            tile12x2Store(kc, ap, aBase, bp, bBase, c, cBase, ldc, mr, nr, alpha, bias, biasOff, edge);
        } else {
            tile6x2Store(kc, ap, aBase, bp, bBase, c, cBase, ldc, mr, nr, alpha, bias, biasOff, edge);
        }
    }

    /** The 12-row kernel; see {@link #tile}. */
    static void tile12x2(int kc, float[] ap, int aBase, float[] bp, int bBase,
                     float[] c, int cBase, int ldc, int mr, int nr, float alpha, float[] edge) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S), c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S), c7_1 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S), c8_1 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S), c9_1 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S), c10_1 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S), c11_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aBase + p * 12;
            int bi = bBase + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c0_0 = a.fma(b0, c0_0); c0_1 = a.fma(b1, c0_1);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a.fma(b0, c1_0); c1_1 = a.fma(b1, c1_1);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a.fma(b0, c2_0); c2_1 = a.fma(b1, c2_1);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a.fma(b0, c3_0); c3_1 = a.fma(b1, c3_1);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = a.fma(b0, c4_0); c4_1 = a.fma(b1, c4_1);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = a.fma(b0, c5_0); c5_1 = a.fma(b1, c5_1);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c6_0 = a.fma(b0, c6_0); c6_1 = a.fma(b1, c6_1);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c7_0 = a.fma(b0, c7_0); c7_1 = a.fma(b1, c7_1);
            a = FloatVector.broadcast(S, ap[ai + 8]);
            c8_0 = a.fma(b0, c8_0); c8_1 = a.fma(b1, c8_1);
            a = FloatVector.broadcast(S, ap[ai + 9]);
            c9_0 = a.fma(b0, c9_0); c9_1 = a.fma(b1, c9_1);
            a = FloatVector.broadcast(S, ap[ai + 10]);
            c10_0 = a.fma(b0, c10_0); c10_1 = a.fma(b1, c10_1);
            a = FloatVector.broadcast(S, ap[ai + 11]);
            c11_0 = a.fma(b0, c11_0); c11_1 = a.fma(b1, c11_1);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        if (mr == 12 && nr == NR) {
            int i = cBase;
            c0_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c0_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c1_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c1_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c2_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c2_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c3_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c3_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c4_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c4_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c5_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c5_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c6_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c6_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c7_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c7_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c8_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c8_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c9_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c9_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c10_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c10_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c11_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c11_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
        } else {
            c0_0.intoArray(edge, 0 * NR); c0_1.intoArray(edge, 0 * NR + 1 * L);
            c1_0.intoArray(edge, 1 * NR); c1_1.intoArray(edge, 1 * NR + 1 * L);
            c2_0.intoArray(edge, 2 * NR); c2_1.intoArray(edge, 2 * NR + 1 * L);
            c3_0.intoArray(edge, 3 * NR); c3_1.intoArray(edge, 3 * NR + 1 * L);
            c4_0.intoArray(edge, 4 * NR); c4_1.intoArray(edge, 4 * NR + 1 * L);
            c5_0.intoArray(edge, 5 * NR); c5_1.intoArray(edge, 5 * NR + 1 * L);
            c6_0.intoArray(edge, 6 * NR); c6_1.intoArray(edge, 6 * NR + 1 * L);
            c7_0.intoArray(edge, 7 * NR); c7_1.intoArray(edge, 7 * NR + 1 * L);
            c8_0.intoArray(edge, 8 * NR); c8_1.intoArray(edge, 8 * NR + 1 * L);
            c9_0.intoArray(edge, 9 * NR); c9_1.intoArray(edge, 9 * NR + 1 * L);
            c10_0.intoArray(edge, 10 * NR); c10_1.intoArray(edge, 10 * NR + 1 * L);
            c11_0.intoArray(edge, 11 * NR); c11_1.intoArray(edge, 11 * NR + 1 * L);
            addEdge(c, cBase, ldc, mr, nr, alpha, edge);
        }
    }

    /** The 12-row kernel's storing form; see {@link #tileStore}. */
    static void tile12x2Store(int kc, float[] ap, int aBase, float[] bp, int bBase, float[] c, int cBase, int ldc,
                               int mr, int nr, float alpha, float[] bias, int biasOff, float[] edge) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S), c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S), c7_1 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S), c8_1 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S), c9_1 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S), c10_1 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S), c11_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aBase + p * 12;
            int bi = bBase + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c0_0 = a.fma(b0, c0_0); c0_1 = a.fma(b1, c0_1);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a.fma(b0, c1_0); c1_1 = a.fma(b1, c1_1);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a.fma(b0, c2_0); c2_1 = a.fma(b1, c2_1);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a.fma(b0, c3_0); c3_1 = a.fma(b1, c3_1);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = a.fma(b0, c4_0); c4_1 = a.fma(b1, c4_1);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = a.fma(b0, c5_0); c5_1 = a.fma(b1, c5_1);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c6_0 = a.fma(b0, c6_0); c6_1 = a.fma(b1, c6_1);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c7_0 = a.fma(b0, c7_0); c7_1 = a.fma(b1, c7_1);
            a = FloatVector.broadcast(S, ap[ai + 8]);
            c8_0 = a.fma(b0, c8_0); c8_1 = a.fma(b1, c8_1);
            a = FloatVector.broadcast(S, ap[ai + 9]);
            c9_0 = a.fma(b0, c9_0); c9_1 = a.fma(b1, c9_1);
            a = FloatVector.broadcast(S, ap[ai + 10]);
            c10_0 = a.fma(b0, c10_0); c10_1 = a.fma(b1, c10_1);
            a = FloatVector.broadcast(S, ap[ai + 11]);
            c11_0 = a.fma(b0, c11_0); c11_1 = a.fma(b1, c11_1);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        if (mr == 12 && nr == NR) {
            FloatVector z0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, biasOff);
            FloatVector z1 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, biasOff + L);
            int i = cBase;
            c0_0.fma(va, z0).intoArray(c, i);
            c0_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c1_0.fma(va, z0).intoArray(c, i);
            c1_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c2_0.fma(va, z0).intoArray(c, i);
            c2_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c3_0.fma(va, z0).intoArray(c, i);
            c3_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c4_0.fma(va, z0).intoArray(c, i);
            c4_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c5_0.fma(va, z0).intoArray(c, i);
            c5_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c6_0.fma(va, z0).intoArray(c, i);
            c6_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c7_0.fma(va, z0).intoArray(c, i);
            c7_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c8_0.fma(va, z0).intoArray(c, i);
            c8_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c9_0.fma(va, z0).intoArray(c, i);
            c9_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c10_0.fma(va, z0).intoArray(c, i);
            c10_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c11_0.fma(va, z0).intoArray(c, i);
            c11_1.fma(va, z1).intoArray(c, i + 1 * L);
        } else {
            c0_0.intoArray(edge, 0 * NR); c0_1.intoArray(edge, 0 * NR + 1 * L);
            c1_0.intoArray(edge, 1 * NR); c1_1.intoArray(edge, 1 * NR + 1 * L);
            c2_0.intoArray(edge, 2 * NR); c2_1.intoArray(edge, 2 * NR + 1 * L);
            c3_0.intoArray(edge, 3 * NR); c3_1.intoArray(edge, 3 * NR + 1 * L);
            c4_0.intoArray(edge, 4 * NR); c4_1.intoArray(edge, 4 * NR + 1 * L);
            c5_0.intoArray(edge, 5 * NR); c5_1.intoArray(edge, 5 * NR + 1 * L);
            c6_0.intoArray(edge, 6 * NR); c6_1.intoArray(edge, 6 * NR + 1 * L);
            c7_0.intoArray(edge, 7 * NR); c7_1.intoArray(edge, 7 * NR + 1 * L);
            c8_0.intoArray(edge, 8 * NR); c8_1.intoArray(edge, 8 * NR + 1 * L);
            c9_0.intoArray(edge, 9 * NR); c9_1.intoArray(edge, 9 * NR + 1 * L);
            c10_0.intoArray(edge, 10 * NR); c10_1.intoArray(edge, 10 * NR + 1 * L);
            c11_0.intoArray(edge, 11 * NR); c11_1.intoArray(edge, 11 * NR + 1 * L);
            storeEdge(c, cBase, ldc, mr, nr, alpha, bias, biasOff, edge);
        }
    }

    /** The 6-row kernel; see {@link #tile}. */
    static void tile6x2(int kc, float[] ap, int aBase, float[] bp, int bBase,
                     float[] c, int cBase, int ldc, int mr, int nr, float alpha, float[] edge) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aBase + p * 6;
            int bi = bBase + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c0_0 = a.fma(b0, c0_0); c0_1 = a.fma(b1, c0_1);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a.fma(b0, c1_0); c1_1 = a.fma(b1, c1_1);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a.fma(b0, c2_0); c2_1 = a.fma(b1, c2_1);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a.fma(b0, c3_0); c3_1 = a.fma(b1, c3_1);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = a.fma(b0, c4_0); c4_1 = a.fma(b1, c4_1);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = a.fma(b0, c5_0); c5_1 = a.fma(b1, c5_1);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        if (mr == 6 && nr == NR) {
            int i = cBase;
            c0_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c0_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c1_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c1_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c2_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c2_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c3_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c3_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c4_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c4_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
            i += ldc;
            c5_0.fma(va, FloatVector.fromArray(S, c, i)).intoArray(c, i);
            c5_1.fma(va, FloatVector.fromArray(S, c, i + 1 * L)).intoArray(c, i + 1 * L);
        } else {
            c0_0.intoArray(edge, 0 * NR); c0_1.intoArray(edge, 0 * NR + 1 * L);
            c1_0.intoArray(edge, 1 * NR); c1_1.intoArray(edge, 1 * NR + 1 * L);
            c2_0.intoArray(edge, 2 * NR); c2_1.intoArray(edge, 2 * NR + 1 * L);
            c3_0.intoArray(edge, 3 * NR); c3_1.intoArray(edge, 3 * NR + 1 * L);
            c4_0.intoArray(edge, 4 * NR); c4_1.intoArray(edge, 4 * NR + 1 * L);
            c5_0.intoArray(edge, 5 * NR); c5_1.intoArray(edge, 5 * NR + 1 * L);
            addEdge(c, cBase, ldc, mr, nr, alpha, edge);
        }
    }

    /** The 6-row kernel's storing form; see {@link #tileStore}. */
    static void tile6x2Store(int kc, float[] ap, int aBase, float[] bp, int bBase, float[] c, int cBase, int ldc,
                               int mr, int nr, float alpha, float[] bias, int biasOff, float[] edge) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aBase + p * 6;
            int bi = bBase + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c0_0 = a.fma(b0, c0_0); c0_1 = a.fma(b1, c0_1);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a.fma(b0, c1_0); c1_1 = a.fma(b1, c1_1);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a.fma(b0, c2_0); c2_1 = a.fma(b1, c2_1);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a.fma(b0, c3_0); c3_1 = a.fma(b1, c3_1);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = a.fma(b0, c4_0); c4_1 = a.fma(b1, c4_1);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = a.fma(b0, c5_0); c5_1 = a.fma(b1, c5_1);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        if (mr == 6 && nr == NR) {
            FloatVector z0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, biasOff);
            FloatVector z1 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, biasOff + L);
            int i = cBase;
            c0_0.fma(va, z0).intoArray(c, i);
            c0_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c1_0.fma(va, z0).intoArray(c, i);
            c1_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c2_0.fma(va, z0).intoArray(c, i);
            c2_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c3_0.fma(va, z0).intoArray(c, i);
            c3_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c4_0.fma(va, z0).intoArray(c, i);
            c4_1.fma(va, z1).intoArray(c, i + 1 * L);
            i += ldc;
            c5_0.fma(va, z0).intoArray(c, i);
            c5_1.fma(va, z1).intoArray(c, i + 1 * L);
        } else {
            c0_0.intoArray(edge, 0 * NR); c0_1.intoArray(edge, 0 * NR + 1 * L);
            c1_0.intoArray(edge, 1 * NR); c1_1.intoArray(edge, 1 * NR + 1 * L);
            c2_0.intoArray(edge, 2 * NR); c2_1.intoArray(edge, 2 * NR + 1 * L);
            c3_0.intoArray(edge, 3 * NR); c3_1.intoArray(edge, 3 * NR + 1 * L);
            c4_0.intoArray(edge, 4 * NR); c4_1.intoArray(edge, 4 * NR + 1 * L);
            c5_0.intoArray(edge, 5 * NR); c5_1.intoArray(edge, 5 * NR + 1 * L);
            storeEdge(c, cBase, ldc, mr, nr, alpha, bias, biasOff, edge);
        }
    }

    /** Stores alpha times the valid mr x nr corner of a spilled tile (rows NR apart), plus the bias, into C. */
    private static void storeEdge(float[] c, int cBase, int ldc, int mr, int nr, float alpha, float[] bias, int biasOff,
                                  float[] edge) {
        for (int r = 0; r < mr; r++) {
            int row = cBase + r * ldc;
            for (int j = 0; j < nr; j++) c[row + j] = alpha * edge[r * NR + j] + (bias == null ? 0f : bias[biasOff + j]);
        }
    }

    /** Adds alpha times the valid mr x nr corner of a spilled tile (rows NR apart) to C. */
    private static void addEdge(float[] c, int cBase, int ldc, int mr, int nr, float alpha, float[] edge) {
        for (int r = 0; r < mr; r++) {
            int row = cBase + r * ldc;
            for (int j = 0; j < nr; j++) c[row + j] += alpha * edge[r * NR + j];
        }
    }
}
