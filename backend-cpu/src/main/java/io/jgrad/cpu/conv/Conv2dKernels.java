package io.jgrad.cpu.conv;

import io.jgrad.cpu.gemm.Sgemm;

/**
 * F32 convolution kernels on contiguous NCHW arrays: im2col + GEMM forward, GEMM + col2im for the input gradient,
 * im2col + GEMM for the weight gradient, and direct loops for depthwise convolutions.
 *
 * <p>The im2col kernels take the batch in chunks of images laid side by side: a chunk's patches form one
 * [cg*kh*kw, images*oh*ow] matrix, so each direction is one large GEMM per chunk and group (which Sgemm packs once
 * and splits over its pool) rather than one small GEMM per image. The GEMM's channel-major output
 * [og, images*oh*ow] is scattered to NCHW, and the output gradient gathered from it, by plain row copies; the
 * per-image copies, im2col and col2im run in parallel over the chunk's images. Scratch arrays are per thread and
 * reused across calls.
 */
public final class Conv2dKernels {
    private Conv2dKernels() {}

    /** Floats of im2col matrix per chunk (4 MB): big enough for long GEMM rows, small enough to stay in cache levels. */
    static final int COL_BUDGET = 1 << 20;

    /** The images [from, to) of one chunk; {@code cols} = their positions side by side. */
    private record Chunk(int from, int to, int cols) {
        int images() { return to - from; }
    }

    /** The batch cut into near-equal chunks of at most {@link #COL_BUDGET} im2col floats each. */
    private static Chunk[] chunks(ConvGeometry g) {
        int perImage = Math.max(1, g.patch() * g.ohw());
        int most = Math.max(1, Math.min(g.n(), COL_BUDGET / perImage));
        int count = Math.max(1, (g.n() + most - 1) / most);
        Chunk[] out = new Chunk[count];
        for (int t = 0; t < count; t++) {
            int from = (int) ((long) g.n() * t / count), to = (int) ((long) g.n() * (t + 1) / count);
            out[t] = new Chunk(from, to, (to - from) * g.ohw());
        }
        return out;
    }

    /** y [n, o, oh, ow] from {@code yOff} = conv(x [n, c, h, w] from xOff, w [o, c/groups, kh, kw] from wOff). */
    public static void forward(float[] x, int xOff, float[] w, int wOff, ConvGeometry g, float[] y, int yOff) {
        if (g.isDepthwise()) {
            Depthwise.forward(x, xOff, w, wOff, g, y, yOff);
            return;
        }
        int og = g.og(), k = g.patch(), ohw = g.ohw();
        if ((long) og * ohw * k < PER_IMAGE_WORK && ConvParallel.worthIt(g.n(), g.work())) {
            forwardPerImage(x, xOff, w, wOff, g, y, yOff);
            return;
        }
        ConvScratch scratch = ConvScratch.get();
        for (Chunk ch : chunks(g)) {
            int cols = ch.cols();
            float[] col = scratch.col(k * cols), out = scratch.rows(og * cols);
            for (int grp = 0; grp < g.p().groups(); grp++) {
                int cFirst = grp * g.cg(), oFirst = grp * og;
                im2colChunk(x, xOff, g, ch, cFirst, col);
                Sgemm.gemm(false, false, og, cols, k, 1f, w, wOff + oFirst * k, k, col, 0, cols, 0f, out, 0, cols);
                ConvParallel.forEach(ch.images(), (long) og * cols * 4, i -> {
                    int dst = yOff + ((ch.from() + i) * g.o() + oFirst) * ohw;
                    for (int o = 0; o < og; o++) System.arraycopy(out, o * cols + i * ohw, y, dst + o * ohw, ohw);
                });
            }
        }
    }

    /**
     * Below this many multiply-adds per image (a first layer: few channels, small patches) each image's GEMM is
     * small enough for one thread (under Sgemm's parallel threshold), and writing it straight into y beats the
     * batched GEMM's extra pass over a channel-major copy of the output.
     */
    private static final long PER_IMAGE_WORK = 1L << 21;

    /** {@link #forward} with the images spread over the workers, each with its own im2col scratch. */
    private static void forwardPerImage(float[] x, int xOff, float[] w, int wOff, ConvGeometry g, float[] y, int yOff) {
        int og = g.og(), k = g.patch(), ohw = g.ohw();
        ConvParallel.forEach(g.n(), g.work(), b -> {
            float[] col = ConvScratch.get().col(k * ohw);
            for (int grp = 0; grp < g.p().groups(); grp++) {
                Im2col.im2col(x, xOff + (b * g.c() + grp * g.cg()) * g.hw(), g, col);
                Sgemm.gemm(false, false, og, ohw, k, 1f, w, wOff + grp * og * k, k, col, 0, ohw,
                        0f, y, yOff + (b * g.o() + grp * og) * ohw, ohw);
            }
        });
    }

    /** gx [n, c, h, w] from gxOff (overwritten) = the gradient of {@link #forward} for output gradient gy. */
    public static void backwardInput(float[] gy, int gyOff, float[] w, int wOff, ConvGeometry g, float[] gx, int gxOff) {
        if (g.isDepthwise()) {
            Depthwise.backwardInput(gy, gyOff, w, wOff, g, gx, gxOff);
            return;
        }
        int og = g.og(), k = g.patch();
        ConvScratch scratch = ConvScratch.get();
        for (Chunk ch : chunks(g)) {
            int cols = ch.cols();
            float[] col = scratch.col(k * cols), gyRows = scratch.rows(og * cols);
            for (int grp = 0; grp < g.p().groups(); grp++) {
                int cFirst = grp * g.cg(), oFirst = grp * og;
                gatherRows(gy, gyOff, g, ch, oFirst, gyRows);
                Sgemm.gemm(true, false, k, cols, og, 1f, w, wOff + oFirst * k, k, gyRows, 0, cols, 0f, col, 0, cols);
                ConvParallel.forEach(ch.images(), (long) k * cols * 2, i -> {
                    int xg = gxOff + ((ch.from() + i) * g.c() + cFirst) * g.hw();
                    java.util.Arrays.fill(gx, xg, xg + g.cg() * g.hw(), 0f);
                    Im2col.col2im(col, i * g.ohw(), cols, g, gx, xg);
                });
            }
        }
    }

    /** gw [o, c/groups, kh, kw] from gwOff (overwritten) = the weight gradient of {@link #forward}, summed over n. */
    public static void backwardWeight(float[] gy, int gyOff, float[] x, int xOff, ConvGeometry g, float[] gw, int gwOff) {
        if (g.isDepthwise()) {
            Depthwise.backwardWeight(gy, gyOff, x, xOff, g, gw, gwOff);
            return;
        }
        int og = g.og(), k = g.patch();
        if (g.n() == 0 || g.ohw() == 0) {
            java.util.Arrays.fill(gw, gwOff, gwOff + g.o() * k, 0f);
            return;
        }
        ConvScratch scratch = ConvScratch.get();
        // A patch shorter than the filter count (a first layer: 1 channel, 3x3) makes gw a skinny [og, k] matrix;
        // the GEMM runs better computing its transpose [k, og], which is transposed into gw at the end.
        boolean transposed = k < og;
        float[] gwT = transposed ? new float[g.p().groups() * k * og] : null;
        boolean first = true;
        for (Chunk ch : chunks(g)) {
            int cols = ch.cols();
            float[] col = scratch.col(k * cols), gyRows = scratch.rows(og * cols);
            for (int grp = 0; grp < g.p().groups(); grp++) {
                int cFirst = grp * g.cg(), oFirst = grp * og;
                gatherRows(gy, gyOff, g, ch, oFirst, gyRows);
                im2colChunk(x, xOff, g, ch, cFirst, col);
                // gw_group (+)= gy_rows [og, cols] x col^T [cols, k]: the sum over the chunk's positions in one GEMM.
                float beta = first ? 0f : 1f;
                if (transposed) {
                    weightGemm(k, og, cols, col, gyRows, beta, gwT, grp * k * og, og);
                } else {
                    weightGemm(og, k, cols, gyRows, col, beta, gw, gwOff + oFirst * k, k);
                }
            }
            first = false;
        }
        if (transposed) {
            for (int grp = 0; grp < g.p().groups(); grp++) {
                for (int o = 0; o < og; o++) {
                    int dst = gwOff + (grp * og + o) * k, src = grp * k * og + o;
                    for (int r = 0; r < k; r++) gw[dst + r] = gwT[src + r * og];
                }
            }
        }
    }

    /** At most this many weight-gradient elements: one or two GEMM tiles, which Sgemm cannot split over its pool. */
    private static final int SMALL_GW = 64 * 64;
    /** Multiply-adds per slice of a small weight gradient: under Sgemm's parallel threshold, so it stays on its worker. */
    private static final long SLICE_WORK = 1L << 20;

    /**
     * c [m, n] (ldc) = a [m, cols] x b [n, cols]^T + beta * c. A small c is a long reduction that Sgemm would run on
     * one thread (it splits C, not the sum), so then the positions are cut into slices, each worker sums its slices
     * into its own partial, and the partials are added.
     */
    private static void weightGemm(int m, int n, int cols, float[] a, float[] b, float beta, float[] c, int cOff, int ldc) {
        long work = (long) m * n * cols;
        int parts = ConvParallel.THREADS;
        if ((long) m * n > SMALL_GW || !ConvParallel.worthIt(parts, work)) {
            Sgemm.gemm(false, true, m, n, cols, 1f, a, 0, cols, b, 0, cols, beta, c, cOff, ldc);
            return;
        }
        int slice = (int) Math.max(1, SLICE_WORK / ((long) m * n));
        float[][] partial = new float[parts][m * n];
        ConvParallel.forEach(parts, work, t -> {
            int from = (int) ((long) cols * t / parts), to = (int) ((long) cols * (t + 1) / parts);
            for (int c0 = from; c0 < to; c0 += slice) {
                Sgemm.gemm(false, true, m, n, Math.min(slice, to - c0), 1f, a, c0, cols, b, c0, cols,
                        c0 == from ? 0f : 1f, partial[t], 0, n);
            }
        });
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = beta == 0f ? 0f : beta * c[cOff + i * ldc + j];
                for (float[] part : partial) sum += part[i * n + j];
                c[cOff + i * ldc + j] = sum;
            }
        }
    }

    /** The patches of the chunk's images for the group starting at channel {@code cFirst}, side by side in col. */
    private static void im2colChunk(float[] x, int xOff, ConvGeometry g, Chunk ch, int cFirst, float[] col) {
        ConvParallel.forEach(ch.images(), (long) g.patch() * ch.cols() * 2, i ->
                Im2col.im2col(x, xOff + ((ch.from() + i) * g.c() + cFirst) * g.hw(), g, col, i * g.ohw(), ch.cols()));
    }

    /** rows [og, cols] = the group's output channels of the chunk's images, from NCHW gy. */
    private static void gatherRows(float[] gy, int gyOff, ConvGeometry g, Chunk ch, int oFirst, float[] rows) {
        int og = g.og(), ohw = g.ohw(), cols = ch.cols();
        ConvParallel.forEach(ch.images(), (long) og * cols * 4, i -> {
            int src = gyOff + ((ch.from() + i) * g.o() + oFirst) * ohw;
            for (int o = 0; o < og; o++) System.arraycopy(gy, src + o * ohw, rows, o * cols + i * ohw, ohw);
        });
    }
}
