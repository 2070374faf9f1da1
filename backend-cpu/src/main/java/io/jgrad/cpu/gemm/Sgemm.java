package io.jgrad.cpu.gemm;

import static io.jgrad.cpu.gemm.SgemmKernel.MR;
import static io.jgrad.cpu.gemm.SgemmKernel.NR;

import io.jgrad.cpu.threads.Parallel;

/**
 * Single-precision general matrix multiply on row-major arrays:
 * {@code C = alpha * op(A) * op(B) + beta * C}, where op(X) is X or its transpose.
 *
 * <p>op(A) is m x k, op(B) is k x n and C is m x n. A non-transposed A is stored as m rows of
 * (at least) k values with row stride {@code lda}; a transposed one as k rows of m values. The
 * same holds for B (k x n, or n x k when transposed). {@code beta == 0} overwrites C without
 * reading it, so NaNs in an uninitialised C do not leak through.
 *
 * <p>The algorithm is the Goto/BLIS one: op(B) is packed in KC x NC blocks, op(A) in MC x KC
 * blocks, and a vector micro-kernel ({@link SgemmKernel}) computes MR x NR tiles of C from the
 * packed panels. Calls of {@link Parallel#MIN_GEMM_WORK} multiply-adds or more split C over the
 * {@link Parallel} threads (a deep product, {@link #isDeep}, splits its depth instead); smaller ones stay on the
 * calling thread.
 */
public final class Sgemm {
    /** Depth of a packed block (its panels stay in L1/L2 across the micro-kernel loop). */
    static final int KC = Integer.getInteger("jgrad.gemm.kc", 256);
    /** Rows of op(A) per packed block (sized for L2). */
    static final int MC = roundUp(Integer.getInteger("jgrad.gemm.mc", 192), MR);
    /** Columns of op(B) per packed block (sized for L3). */
    static final int NC = roundUp(Integer.getInteger("jgrad.gemm.nc", 3072), NR);

    private Sgemm() {}

    /** {@code C = alpha * op(A) * op(B) + beta * C}; see the class comment for the layout. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (isDeep(m, n, k) && alpha != 0f) {
            depthSliced(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    Math.max(1, Parallel.THREADS / 2));
        } else if ((long) m * n * k >= Parallel.MIN_GEMM_WORK && Parallel.THREADS > 1) {
            parallel(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, Rows.scaled(beta), c, cOff, ldc);
        } else {
            serial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** A pass over a run of C's elements, made by the worker that computed them while they are still in its cache. */
    @FunctionalInterface
    public interface Epilogue {
        void apply(float[] c, int offset, int length);
    }

    /**
     * A linear layer's product: {@code C = op(A) * op(B) + bias} (bias [n] added to every row; null for none), then
     * {@code epilogue} (an activation; null for none) over C. The workers write the bias rows and run the epilogue on
     * the rows they compute, so neither is a pass over C on one thread.
     */
    public static void linear(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, float[] bias, int biasOff, Epilogue epilogue,
                              float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (bias != null) GemmArgs.checkMatrix("bias", bias.length, biasOff, n, 1, n);
        Rows rows = new Rows(0f, bias, biasOff, epilogue);
        if ((long) m * n * k >= Parallel.MIN_GEMM_WORK && Parallel.THREADS > 1) {
            parallel(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, rows, c, cOff, ldc);
        } else {
            stripe(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, rows, c, cOff, ldc, 0, 0);
        }
    }

    /**
     * How C's rows start (scaled by beta, or set to a bias row) before the first product is added and what runs over
     * them after the last: for each worker to do on its own share of C.
     */
    private record Rows(float beta, float[] bias, int biasOff, Epilogue epilogue) {
        static Rows scaled(float beta) { return new Rows(beta, null, 0, null); }

        /** Whether C starts as zeros or the bias rows, which the kernel's storing form writes with the first block. */
        boolean storedByKernel() { return bias != null || beta == 0f; }

        /** Prepares C's block rows [r0, r1) x columns [j0, j1) (C's element (i, j) at cOff + i * ldc + j). */
        void init(float[] c, int cOff, int ldc, int r0, int r1, int j0, int j1) {
            if (bias == null) {
                scale(r1 - r0, j1 - j0, beta, c, cOff + r0 * ldc + j0, ldc);
                return;
            }
            for (int i = r0; i < r1; i++) System.arraycopy(bias, biasOff + j0, c, cOff + i * ldc + j0, j1 - j0);
        }

        void finish(float[] c, int cOff, int ldc, int r0, int r1, int j0, int j1) {
            if (epilogue == null) return;
            for (int i = r0; i < r1; i++) epilogue.apply(c, cOff + i * ldc + j0, j1 - j0);
        }
    }

    /**
     * One worker's stripe of C (rows from row0, columns from col0 of the whole, already offset in a, b and c): its rows
     * prepared, the product added, the epilogue run.
     */
    private static void stripe(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb, Rows rows,
                               float[] c, int cOff, int ldc, int row0, int col0) {
        if (rows.bias() == null) {
            serial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, rows.beta(), c, cOff, ldc);
            rows.finish(c, cOff, ldc, 0, m, 0, n);
            return;
        }
        Rows shifted = new Rows(rows.beta(), rows.bias(), rows.biasOff() + col0, rows.epilogue());
        shifted.init(c, cOff, ldc, 0, m, 0, n);
        serial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, 1f, c, cOff, ldc);
        shifted.finish(c, cOff, ldc, 0, m, 0, n);
    }

    /**
     * {@link #gemm} always on the calling thread: for callers that already run independent GEMMs (one per image of a
     * convolution) on every core, where splitting each one again would only add synchronization.
     */
    public static void gemmSerial(boolean transA, boolean transB, int m, int n, int k,
                                  float alpha, float[] a, int aOff, int lda,
                                  float[] b, int bOff, int ldb,
                                  float beta, float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        serial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@code C = op(A) * op(B)} for dense, unpadded operands starting at index 0. */
    public static void matmul(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c) {
        gemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
    }

    /**
     * A batch of GEMMs with the same shapes and leading dimensions; matrix {@code i} of A, B and C
     * starts at {@code aOffs[i]}, {@code bOffs[i]}, {@code cOffs[i]}. Small problems are spread over
     * the threads by batch entry, large ones each use all the threads.
     */
    public static void gemmBatched(boolean transA, boolean transB, int m, int n, int k,
                                   float alpha, float[] a, int[] aOffs, int lda,
                                   float[] b, int[] bOffs, int ldb,
                                   float beta, float[] c, int[] cOffs, int ldc) {
        int batch = cOffs.length;
        if (aOffs.length != batch || bOffs.length != batch) {
            throw new IllegalArgumentException("gemmBatched: offset arrays differ in length: A " + aOffs.length
                    + ", B " + bOffs.length + ", C " + cOffs.length);
        }
        for (int i = 0; i < batch; i++) {
            check(transA, transB, m, n, k, a, aOffs[i], lda, b, bOffs[i], ldb, c, cOffs[i], ldc);
        }
        long work = (long) m * n * k;
        if (work >= Parallel.MIN_GEMM_WORK || work * batch < Parallel.MIN_GEMM_WORK || Parallel.THREADS == 1) {
            for (int i = 0; i < batch; i++) {
                gemm(transA, transB, m, n, k, alpha, a, aOffs[i], lda, b, bOffs[i], ldb, beta, c, cOffs[i], ldc);
            }
        } else {
            Parallel.split(batch, 1, Parallel.THREADS, (t, from, to) -> {
                for (int i = from; i < to; i++) {
                    serial(transA, transB, m, n, k, alpha, a, aOffs[i], lda, b, bOffs[i], ldb, beta, c, cOffs[i], ldc);
                }
            });
        }
    }

    /** A batch of GEMMs whose matrices lie at fixed strides from the first ones. */
    public static void gemmStridedBatched(boolean transA, boolean transB, int m, int n, int k,
                                          float alpha, float[] a, int aOff, int lda, int strideA,
                                          float[] b, int bOff, int ldb, int strideB,
                                          float beta, float[] c, int cOff, int ldc, int strideC, int batch) {
        if (batch < 0) throw new IllegalArgumentException("gemmStridedBatched: negative batch " + batch);
        int[] aOffs = new int[batch], bOffs = new int[batch], cOffs = new int[batch];
        for (int i = 0; i < batch; i++) {
            aOffs[i] = Math.toIntExact(aOff + (long) i * strideA);
            bOffs[i] = Math.toIntExact(bOff + (long) i * strideB);
            cOffs[i] = Math.toIntExact(cOff + (long) i * strideC);
        }
        gemmBatched(transA, transB, m, n, k, alpha, a, aOffs, lda, b, bOffs, ldb, beta, c, cOffs, ldc);
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc) {
        GemmArgs.checkDims(m, n, k);
        if (k > 0 && m > 0) GemmArgs.checkMatrix("A", a.length, aOff, lda, transA ? k : m, transA ? m : k);
        if (k > 0 && n > 0) GemmArgs.checkMatrix("B", b.length, bOff, ldb, transB ? n : k, transB ? k : n);
        GemmArgs.checkMatrix("C", c.length, cOff, ldc, m, n);
    }

    /**
     * Spreads one GEMM over the threads. Tall outputs share each packed block of op(B) (see
     * {@link #parallelSharedB}); wide ones, and narrow outputs that are computed transposed, are cut
     * into column or row stripes that each worker computes with {@link #serial}.
     */
    private static void parallel(boolean transA, boolean transB, int m, int n, int k,
                                 float alpha, float[] a, int aOff, int lda,
                                 float[] b, int bOff, int ldb,
                                 Rows rows, float[] c, int cOff, int ldc) {
        int tasks = Parallel.THREADS;
        boolean tall = (m + MR - 1) / MR >= (n + NR - 1) / NR;
        if (tall && !narrowPaysToFlip(m, n)) {
            parallelSharedB(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, rows, c, cOff, ldc);
        } else if (tall) {
            Parallel.split(m, MR, tasks, (t, from, to) -> {
                int aSub = transA ? aOff + from : aOff + from * lda;
                stripe(transA, transB, to - from, n, k, alpha, a, aSub, lda, b, bOff, ldb, rows, c, cOff + from * ldc, ldc,
                        from, 0);
            });
        } else {
            Parallel.split(n, NR, tasks, (t, from, to) -> {
                int bSub = transB ? bOff + from * ldb : bOff + from;
                stripe(transA, transB, m, to - from, k, alpha, a, aOff, lda, b, bSub, ldb, rows, c, cOff + from, ldc,
                        0, from);
            });
        }
    }

    /** Fewest steps of depth for {@link #isDeep}: two slices of about 4 KC or more (the first rounded up to KC). */
    static final int DEEP_MIN_K = 8 * KC;
    /** Most elements of C for {@link #isDeep}: the second slice's partial product is kept in a per-thread buffer. */
    static final int DEEP_MAX_C = 1 << 20;

    /**
     * True for a deep product, whose depth is at least four times both of C's sides (a weight gradient summed over
     * 4,096 tokens): {@link #gemm} then sums it in two depth slices, whatever the thread count.
     */
    static boolean isDeep(int m, int n, int k) {
        return k >= DEEP_MIN_K && k >= 4L * Math.max(m, n) && (long) m * n <= DEEP_MAX_C
                && (long) m * n * k >= Parallel.MIN_GEMM_WORK;
    }

    /**
     * C = alpha * op(A) op(B) + beta * C for a deep product: the first depth slice (k rounded half-way up to KC) is
     * multiplied into C with beta, the second into a partial product, which is then added to C. Each slice's product
     * is {@link #serial}'s, its rows cut into {@code stripes} parts, and the parts of both slices run in parallel; so
     * each core runs whole depth blocks without a barrier between them, where sharing every packed block of B (as
     * {@link #parallelSharedB} does) meets at two barriers per block, 32 in a product of depth 4,096 whose C is small,
     * so that each block's share of work is short. The arithmetic does not depend on the stripes or the thread
     * count, so neither do the bits.
     */
    static void depthSliced(boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc, int stripes) {
        int k0 = roundUp((k + 1) / 2, KC);
        float[] partial = GemmWorkspace.get().floatPartial(m * n);
        int rowsPerStripe = roundUp((m + stripes - 1) / stripes, MR);
        Parallel.split(2 * stripes, 1, Parallel.THREADS, (t, from, to) -> {
            for (int part = from; part < to; part++) {
                int r0 = Math.min(m, (part % stripes) * rowsPerStripe), r1 = Math.min(m, r0 + rowsPerStripe);
                if (r0 == r1) continue;
                int aRows = transA ? aOff + r0 : aOff + r0 * lda;
                if (part < stripes) {
                    serial(transA, transB, r1 - r0, n, k0, alpha, a, aRows, lda, b, bOff, ldb, beta,
                            c, cOff + r0 * ldc, ldc);
                } else {
                    int aDeep = transA ? aRows + k0 * lda : aRows + k0;
                    int bDeep = transB ? bOff + k0 : bOff + k0 * ldb;
                    serial(transA, transB, r1 - r0, n, k - k0, alpha, a, aDeep, lda, b, bDeep, ldb, 0f,
                            partial, r0 * n, n);
                }
            }
        });
        Parallel.split(m, 1, Parallel.THREADS, (t, from, to) -> {
            for (int i = from; i < to; i++) {
                int row = cOff + i * ldc, p = i * n;
                for (int j = 0; j < n; j++) c[row + j] += partial[p + j];
            }
        });
    }

    /**
     * The parallel form of {@link #serial} for tall outputs: each KC x NC block of op(B) is packed
     * once, its panels split over the workers, into the calling thread's buffer; then row blocks of
     * C (at least one per worker, at most MC rows each, claimed one at a time so that free threads
     * take up a busy core's share) are spread over the workers, each packing its own block of op(A).
     */
    private static void parallelSharedB(boolean transA, boolean transB, int m, int n, int k,
                                        float alpha, float[] a, int aOff, int lda,
                                        float[] b, int bOff, int ldb,
                                        Rows rows, float[] c, int cOff, int ldc) {
        if (k == 0 || alpha == 0f) {
            rows.init(c, cOff, ldc, 0, m, 0, n);
            rows.finish(c, cOff, ldc, 0, m, 0, n);
            return;
        }
        int threads = Parallel.THREADS;
        int rowChunks = Math.max(threads, (m + MC - 1) / MC);
        int depth = blockDepth(transA, m, k, n);
        float[] packedB = GemmWorkspace.get().floatB(Math.min(NC, roundUp(n, NR)) * depth);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += depth) {
                int kc = Math.min(depth, k - pc);
                int j0 = jc, p0 = pc;
                Parallel.split(nc, NR, threads, (t, from, to) ->
                        SgemmPacking.packB(transB, b, bOff, ldb, p0, j0 + from, kc, to - from, packedB, from * kc));
                boolean last = pc + kc == k;
                // The first depth block stores C (plus the bias) when C starts as zeros or the bias: no pass before it.
                boolean store = p0 == 0 && rows.storedByKernel();
                Parallel.split(m, MR, rowChunks, (t, from, to) -> {
                    if (p0 == 0 && !store) rows.init(c, cOff, ldc, from, to, j0, j0 + nc);
                    GemmWorkspace ws = GemmWorkspace.get();
                    float[] packedA = ws.floatA(MC * kc);
                    float[] edge = ws.floatEdge(MR * NR);
                    for (int ic = from; ic < to; ic += MC) {
                        int mc = Math.min(MC, to - ic);
                        SgemmPacking.packA(transA, a, aOff, lda, ic, p0, mc, kc, packedA);
                        macroKernel(mc, nc, kc, packedA, packedB, 0, alpha, c, cOff + ic * ldc + j0, ldc, edge,
                                store, rows.bias(), rows.biasOff() + j0);
                        if (last) rows.finish(c, cOff, ldc, ic, ic + mc, j0, j0 + nc);
                    }
                });
            }
        }
    }

    /** The blocked algorithm on the calling thread. */
    static void serial(boolean transA, boolean transB, int m, int n, int k,
                       float alpha, float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (narrowPaysToFlip(m, n)) {
            flipped(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        // beta = 0: the first depth block stores C, which is never read; otherwise C is scaled first, then added to.
        boolean storeFirst = beta == 0f;
        if (!storeFirst) scale(m, n, beta, c, cOff, ldc);
        GemmWorkspace ws = GemmWorkspace.get();
        float[] edge = ws.floatEdge(MR * NR);
        int kcMax = blockDepth(transA, m, k, n);
        float[] packedA = ws.floatA(Math.min(MC, roundUp(m, MR)) * kcMax);
        float[] packedB = ws.floatB(Math.min(NC, roundUp(n, NR)) * kcMax);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                SgemmPacking.packB(transB, b, bOff, ldb, pc, jc, kc, nc, packedB, 0);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    SgemmPacking.packA(transA, a, aOff, lda, ic, pc, mc, kc, packedA);
                    macroKernel(mc, nc, kc, packedA, packedB, 0, alpha, c, cOff + ic * ldc + jc, ldc, edge,
                            storeFirst && pc == 0, null, 0);
                }
            }
        }
    }

    /**
     * op(B) (k x n) packed once into the KC x NC blocks, in the order {@link #gemmPacked} reads them: for a B that
     * multiplies many A's (a recurrent weight, used at every time step), so that no call packs it again.
     */
    public record PackedB(float[] data, int k, int n) {}

    /** Packs op(B), k x n, stored as {@link #gemm} describes. */
    public static PackedB pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        int depth = blockDepth(k);
        long size = 0;
        for (int jc = 0; jc < n; jc += NC) size += (long) roundUp(Math.min(NC, n - jc), NR) * k;
        float[] data = new float[Math.toIntExact(size)];
        int off = 0;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += depth) {
                int kc = Math.min(depth, k - pc);
                SgemmPacking.packB(transB, b, bOff, ldb, pc, jc, kc, nc, data, off);
                off += roundUp(nc, NR) * kc;
            }
        }
        return new PackedB(data, k, n);
    }

    /**
     * {@code C = alpha * op(A) * B + beta * C} with B packed by {@link #pack}; op(A) is m x k. Large calls split the
     * rows of C over the {@link Parallel} threads, each packing its own rows of A.
     */
    public static void gemmPacked(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                                  float beta, float[] c, int cOff, int ldc) {
        if ((long) m * b.n() * b.k() >= Parallel.MIN_GEMM_WORK && Parallel.THREADS > 1) {
            Parallel.split(m, MR, Parallel.THREADS, (t, from, to) -> packedSerial(transA, to - from, alpha, a,
                    transA ? aOff + from : aOff + from * lda, lda, b, beta, c, cOff + from * ldc, ldc));
        } else {
            packedSerial(transA, m, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
        }
    }

    private static void packedSerial(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                                     float beta, float[] c, int cOff, int ldc) {
        int n = b.n(), k = b.k();
        if (m == 0 || n == 0) return;
        scale(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0f) return;
        GemmWorkspace ws = GemmWorkspace.get();
        float[] edge = ws.floatEdge(MR * NR);
        int depth = blockDepth(k);
        float[] packedA = ws.floatA(Math.min(MC, roundUp(m, MR)) * depth);
        int off = 0;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += depth) {
                int kc = Math.min(depth, k - pc);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    SgemmPacking.packA(transA, a, aOff, lda, ic, pc, mc, kc, packedA);
                    macroKernel(mc, nc, kc, packedA, b.data(), off, alpha, c, cOff + ic * ldc + jc, ldc, edge);
                }
                off += roundUp(nc, NR) * kc;
            }
        }
    }

    /**
     * C[mc x nc] at cBase += alpha * packedA * packedB: walks the tiles with the B panel outermost,
     * so one KC x NR panel of B stays in L1 while the A panels stream past it.
     */
    private static void macroKernel(int mc, int nc, int kc, float[] packedA, float[] packedB, int bOff, float alpha,
                                    float[] c, int cBase, int ldc, float[] edge) {
        macroKernel(mc, nc, kc, packedA, packedB, bOff, alpha, c, cBase, ldc, edge, false, null, 0);
    }

    /**
     * With {@code store}, the first depth block: C[mc x nc] = alpha * packedA * packedB + bias[biasOff ..] (bias null:
     * none), written without reading C; else as above.
     *
     * <p>The panel kept in L1 is the one the other side has more panels to pass: a B panel while the A panels stream
     * from L2, or, when the block is wider than tall in panels (a 4096 x 768 product in blocks of 192 rows), an A panel
     * while the B panels stream. Measured single-threaded here (m 4096, k 256, n 768 and 1024): 119-134 GFLOPS with B
     * kept, 136-148 with A kept; with n 256 keeping B is 3-9 % faster.
     */
    private static void macroKernel(int mc, int nc, int kc, float[] packedA, float[] packedB, int bOff, float alpha,
                                    float[] c, int cBase, int ldc, float[] edge, boolean store, float[] bias, int biasOff) {
        if ((nc + NR - 1) / NR > (mc + MR - 1) / MR) {
            for (int ir = 0; ir < mc; ir += MR) {
                for (int jr = 0; jr < nc; jr += NR) {
                    tile(mc, nc, kc, packedA, packedB, bOff, alpha, c, cBase, ldc, edge, store, bias, biasOff, ir, jr);
                }
            }
        } else {
            for (int jr = 0; jr < nc; jr += NR) {
                for (int ir = 0; ir < mc; ir += MR) {
                    tile(mc, nc, kc, packedA, packedB, bOff, alpha, c, cBase, ldc, edge, store, bias, biasOff, ir, jr);
                }
            }
        }
    }

    /** The tile at rows ir and columns jr of the block. */
    private static void tile(int mc, int nc, int kc, float[] packedA, float[] packedB, int bOff, float alpha,
                             float[] c, int cBase, int ldc, float[] edge, boolean store, float[] bias, int biasOff,
                             int ir, int jr) {
        int mr = Math.min(MR, mc - ir), nr = Math.min(NR, nc - jr);
        int bBase = bOff + jr * kc;
        if (store) {
            SgemmKernel.tileStore(kc, packedA, ir * kc, packedB, bBase, c, cBase + ir * ldc + jr, ldc, mr, nr,
                    alpha, bias, biasOff + jr, edge);
        } else {
            SgemmKernel.tile(kc, packedA, ir * kc, packedB, bBase, c, cBase + ir * ldc + jr, ldc, mr, nr, alpha, edge);
        }
    }

    /**
     * True when C is so narrow that most vector lanes of the NR-wide tiles would idle (an MLP head
     * with 10 outputs fills 10 of 32) while computing C's transpose would fill them.
     */
    static boolean narrowPaysToFlip(int m, int n) {
        double straight = (double) m / roundUp(m, MR) * n / roundUp(n, NR);
        double flipped = (double) n / roundUp(n, MR) * m / roundUp(m, NR);
        return flipped > 1.5 * straight;
    }

    /** Computes T = alpha * op(B)^T op(A)^T (n x m) in scratch, then C = T^T + beta * C. */
    private static void flipped(boolean transA, boolean transB, int m, int n, int k,
                                float alpha, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc) {
        float[] t = GemmWorkspace.get().floatT(m * n);
        serial(!transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, 0f, t, 0, m);
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? t[j * m + i] : t[j * m + i] + beta * c[row + j];
            }
        }
    }

    /** C = beta * C (beta == 0 clears C without reading it). */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[row + j] = beta == 0f ? 0f : beta * c[row + j];
        }
    }

    /**
     * The depth of the packed blocks for a sum over k: at most KC, the blocks as even as possible (784 as 4 x 196 rather
     * than 3 x 256 + 16, whose thin last block would load and store every tile of C for only 16 steps).
     */
    static int blockDepth(int k) {
        int blocks = Math.max(1, (k + KC - 1) / KC);
        return (k + blocks - 1) / blocks;
    }

    /** Most floats of packed op(B) that one whole-depth block may hold: half the L2 of the cores this was tuned on. */
    static final int WHOLE_DEPTH_B = Integer.getInteger("jgrad.gemm.wholeDepthB", 1 << 18);

    /** Fewest values of op(A) for which it is packed over the whole depth: more than the caches keep near a core. */
    static final int WHOLE_DEPTH_A = Integer.getInteger("jgrad.gemm.wholeDepthA", 1 << 20);

    /**
     * The depth of the packed blocks for a product whose op(A) has m x k values and op(B) n columns: the whole of k, up
     * to 4 KC, when A is not transposed and too large to stay in cache ({@link #WHOLE_DEPTH_A}) and packed op(B) still
     * fits {@link #WHOLE_DEPTH_B}, else {@link #blockDepth(int)}. Such an A is packed from its rows, a new page each
     * and not in cache; packing KC values of each row per depth block read them at 4-8 GB/s here, and took a fifth of
     * the time of [4096 x 1024] x [1024 x 256]; read whole, 13 %, and the product ran 10-16 % faster on one thread.
     * A small A in cache gains nothing from it, and an MLP's [batch x 784] inputs trained 5 % slower.
     */
    static int blockDepth(boolean transA, int m, int k, int n) {
        boolean whole = !transA && k <= 4 * KC && (long) m * k >= WHOLE_DEPTH_A
                && (long) k * roundUp(Math.min(n, NC), NR) <= WHOLE_DEPTH_B;
        return whole ? k : blockDepth(k);
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
