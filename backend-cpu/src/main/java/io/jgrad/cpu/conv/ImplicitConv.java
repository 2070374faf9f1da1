package io.jgrad.cpu.conv;

import io.jgrad.backend.Conv2dParams;
import io.jgrad.cpu.gemm.RowOffsetGemm;
import io.jgrad.cpu.threads.Parallel;
import java.util.Arrays;

/**
 * Stride-1 convolutions without an im2col matrix: each image is copied once into a zero-padded buffer, and the
 * convolution is a {@link RowOffsetGemm} product whose B rows are that buffer shifted by one tap each.
 *
 * <p>The output is computed on the padded buffer's width: output row i, column j is position {@code i * wp + j}, so
 * a tap (u, v) of channel ci reads position q at {@code ci*hp*wp + u*dh*wp + v*dw + q} for every q at once. The
 * {@code wp - ow} extra columns per row read across the row's end; they are computed and dropped when the result is
 * copied out (2 of 16 columns at 14x14 with padding 1, which an im2col GEMM of 196 columns also wastes on its last
 * 32-column tile). The input gradient of a stride-1 convolution is the same product: the output gradient padded by
 * {@code dilation * (k - 1) - pad} and convolved with the weights flipped and transposed.
 */
final class ImplicitConv {
    private static final int W = RowOffsetGemm.PANEL_WIDTH;
    /**
     * {@code -Djgrad.conv.implicit=false} sends every convolution through im2col + GEMM instead (to compare the two in
     * the conv benchmarks).
     */
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("jgrad.conv.implicit", "true"));

    private ImplicitConv() {}

    /** Stride 1 and a tile-sized micro-kernel; depthwise and 1x1 convolutions have faster paths of their own. */
    static boolean applies(ConvGeometry g) {
        return ENABLED && RowOffsetGemm.SUPPORTED && g.p().strideH() == 1 && g.p().strideW() == 1 && !g.isDepthwise()
                && !g.isPointwise() && g.oh() > 0 && g.ow() > 0;
    }

    /**
     * One product's shape: a source of {@code channels} planes [srcH, srcW] read through a window that starts
     * {@code padTop} rows and {@code padLeft} columns before it (zeros outside), giving [outH, outW] outputs.
     */
    private record Plan(int channels, int srcH, int srcW, int padTop, int padLeft, int kh, int kw, int dh, int dw,
                        int outH, int outW) {
        int hp() { return outH + dh * (kh - 1); }

        int wp() { return outW + dw * (kw - 1); }

        /** Columns of the product: every position of the padded width. */
        int n() { return outH * wp(); }

        int k() { return channels * kh * kw; }

        /** Where row (ci, u, v) of the implicit im2col matrix starts in the padded buffer. */
        int[] rows() {
            int[] rows = new int[k()];
            int plane = hp() * wp();
            for (int ci = 0, r = 0; ci < channels; ci++) {
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) rows[r++] = ci * plane + u * dh * wp() + v * dw;
                }
            }
            return rows;
        }

        /** The padded buffer plus the slack the last rows' whole tiles read past it. */
        int bufferLength() {
            return (channels - 1) * hp() * wp() + (kh - 1) * dh * wp() + (kw - 1) * dw + RowOffsetGemm.paddedCols(n());
        }
    }

    /** y [n, o, oh, ow] = conv(x, w), as {@link Conv2dKernels#forward}. */
    static void forward(float[] x, int xOff, float[] w, int wOff, ConvGeometry g, float[] y, int yOff) {
        Plan plan = forwardPlan(g);
        int og = g.og(), k = plan.k(), groups = g.p().groups();
        float[][] packed = new float[groups][];
        for (int grp = 0; grp < groups; grp++) {
            packed[grp] = new float[RowOffsetGemm.paddedRows(og) * k];
            RowOffsetGemm.packA(w, wOff + grp * og * k, k, og, k, packed[grp]);
        }
        run(plan, g.n(), groups, og, g.work(), packed,
                (b, grp) -> xOff + (b * g.c() + grp * g.cg()) * g.hw(), x,
                (b, grp) -> yOff + (b * g.o() + grp * og) * g.ohw(), y);
    }

    /** The forward convolution's plan: the input planes padded as the parameters say. */
    private static Plan forwardPlan(ConvGeometry g) {
        Conv2dParams p = g.p();
        return new Plan(g.cg(), g.h(), g.w(), p.padH(), p.padW(), g.kh(), g.kw(), p.dilationH(), p.dilationW(),
                g.oh(), g.ow());
    }

    /** True when the input gradient fits this class: the flipped convolution's padding is not negative. */
    static boolean appliesToBackwardInput(ConvGeometry g) {
        Conv2dParams p = g.p();
        return applies(g) && p.dilationH() * (g.kh() - 1) >= p.padH() && p.dilationW() * (g.kw() - 1) >= p.padW();
    }

    /** gx [n, c, h, w] (overwritten) = the input gradient of {@link #forward} for output gradient gy. */
    static void backwardInput(float[] gy, int gyOff, float[] w, int wOff, ConvGeometry g, float[] gx, int gxOff) {
        Conv2dParams p = g.p();
        int kh = g.kh(), kw = g.kw(), dh = p.dilationH(), dw = p.dilationW();
        Plan plan = new Plan(g.og(), g.oh(), g.ow(), dh * (kh - 1) - p.padH(), dw * (kw - 1) - p.padW(), kh, kw, dh, dw,
                g.h(), g.w());
        int og = g.og(), cg = g.cg(), k = plan.k(), groups = p.groups(), taps = kh * kw;
        // Weights for the gradient: w'[ci, o, u, v] = w[o, ci, kh-1-u, kw-1-v], per group.
        float[][] packed = new float[groups][];
        float[] flipped = new float[cg * k];
        for (int grp = 0; grp < groups; grp++) {
            for (int ci = 0; ci < cg; ci++) {
                for (int o = 0; o < og; o++) {
                    int src = wOff + ((grp * og + o) * cg + ci) * taps, dst = (ci * og + o) * taps;
                    for (int t = 0; t < taps; t++) flipped[dst + t] = w[src + taps - 1 - t];
                }
            }
            packed[grp] = new float[RowOffsetGemm.paddedRows(cg) * k];
            RowOffsetGemm.packA(flipped, 0, k, cg, k, packed[grp]);
        }
        run(plan, g.n(), groups, cg, g.work(), packed,
                (b, grp) -> gyOff + (b * g.o() + grp * og) * g.ohw(), gy,
                (b, grp) -> gxOff + (b * g.c() + grp * cg) * g.hw(), gx);
    }

    /**
     * gw [o, c/groups, kh, kw] (overwritten) = the weight gradient of {@link #forward}, summed over the images. Per
     * image: gw^T [(ci, u, v), o] += (shifted padded input) [(ci, u, v), q] x gy^T [q, o] over the padded-width
     * positions q, gy being zero in the dropped columns. Each worker sums its images into its own partial.
     */
    static void backwardWeight(float[] gy, int gyOff, float[] x, int xOff, ConvGeometry g, float[] gw, int gwOff) {
        Conv2dParams p = g.p();
        Plan plan = forwardPlan(g);
        int og = g.og(), k = plan.k(), groups = p.groups(), n = plan.n(), wp = plan.wp(), oh = g.oh(), ow = g.ow();
        int rowsC = RowOffsetGemm.paddedRows(k), colsC = RowOffsetGemm.paddedCols(og);
        int[] rows = Arrays.copyOf(plan.rows(), rowsC);
        for (int r = k; r < rowsC; r++) rows[r] = rows[0];
        int parts = Parallel.partsFor(g.n(), g.work());
        float[][][] partial = new float[parts][groups][rowsC * colsC];
        Parallel.split(g.n(), 1, parts, (t, from, to) -> {
            ConvScratch scratch = ConvScratch.get();
            float[] buffer = scratch.col(plan.bufferLength());
            float[] gyT = scratch.product(colsC * n);
            for (int b = from; b < to; b++) {
                for (int grp = 0; grp < groups; grp++) {
                    pad(x, xOff + (b * g.c() + grp * g.cg()) * g.hw(), plan, buffer);
                    packTransposed(gy, gyOff + (b * g.o() + grp * og) * g.ohw(), og, oh, ow, wp, gyT);
                    RowOffsetGemm.multiplyAdd(buffer, rows, k, n, gyT, og, partial[t][grp]);
                }
            }
        });
        for (int grp = 0; grp < groups; grp++) {
            for (int o = 0; o < og; o++) {
                int dst = gwOff + (grp * og + o) * k;
                for (int r = 0; r < k; r++) {
                    float sum = 0f;
                    for (float[][] part : partial) sum += part[grp][r * colsC + o];
                    gw[dst + r] = sum;
                }
            }
        }
    }

    /**
     * gyT = gy [m, oh, ow] transposed into RowOffsetGemm's packed B over the padded-width positions q = i * wp + j:
     * position q of column panel o / W at {@code (o / W) * W * n + q * W + o % W}, zero for the dropped columns
     * (j >= ow) and for the panel's columns past m. Each panel is packed over the oh * ow positions (8 x 8 block
     * transposes), then its rows are moved apart, last first, to open the dropped columns.
     */
    private static void packTransposed(float[] gy, int gyOff, int m, int oh, int ow, int wp, float[] gyT) {
        int n = oh * wp, ohw = oh * ow;
        for (int first = 0; first < m; first += W) {
            int panel = first * n;
            RowOffsetGemm.packTransposedB(gy, gyOff + first * ohw, ohw, ohw, Math.min(W, m - first), gyT, panel);
            for (int i = oh - 1; i >= 0; i--) {
                int row = panel + i * wp * W;
                if (i > 0) System.arraycopy(gyT, panel + i * ow * W, gyT, row, ow * W);
                Arrays.fill(gyT, row + ow * W, row + wp * W, 0f);
            }
        }
    }

    /** Where image b's group grp starts in an array. */
    @FunctionalInterface
    private interface Offset {
        int of(int b, int grp);
    }

    /** For each image (in parallel) and group: pad the source planes, multiply, copy the valid columns out. */
    private static void run(Plan plan, int images, int groups, int m, long work, float[][] packed,
                            Offset srcAt, float[] src, Offset dstAt, float[] dst) {
        int[] rows = plan.rows();
        int n = plan.n(), cols = RowOffsetGemm.paddedCols(n), wp = plan.wp(), outH = plan.outH(), outW = plan.outW();
        Parallel.forEach(images, work, b -> {
            ConvScratch scratch = ConvScratch.get();
            float[] buffer = scratch.col(plan.bufferLength());
            float[] product = scratch.product(RowOffsetGemm.paddedRows(m) * cols);
            for (int grp = 0; grp < groups; grp++) {
                pad(src, srcAt.of(b, grp), plan, buffer);
                RowOffsetGemm.multiply(packed[grp], m, plan.k(), buffer, rows, n, product);
                int out = dstAt.of(b, grp);
                for (int o = 0; o < m; o++) {
                    for (int i = 0; i < outH; i++) {
                        System.arraycopy(product, o * cols + i * wp, dst, out + (o * outH + i) * outW, outW);
                    }
                }
            }
        });
    }

    /** buffer = the plan's zero-padded window over the source planes, then zeros up to bufferLength. */
    private static void pad(float[] src, int srcOff, Plan plan, float[] buffer) {
        int hp = plan.hp(), wp = plan.wp(), srcH = plan.srcH(), srcW = plan.srcW();
        // Source columns [c0, c1) land at buffer columns [c0 + padLeft, c1 + padLeft).
        int c0 = Math.max(0, -plan.padLeft()), c1 = Math.min(srcW, wp - plan.padLeft());
        int at = 0;
        for (int ci = 0; ci < plan.channels(); ci++) {
            for (int r = 0; r < hp; r++, at += wp) {
                int sr = r - plan.padTop();
                if (sr < 0 || sr >= srcH || c1 <= c0) {
                    Arrays.fill(buffer, at, at + wp, 0f);
                    continue;
                }
                int left = c0 + plan.padLeft(), right = c1 + plan.padLeft();
                for (int j = 0; j < left; j++) buffer[at + j] = 0f;
                System.arraycopy(src, srcOff + (ci * srcH + sr) * srcW + c0, buffer, at + left, c1 - c0);
                for (int j = right; j < wp; j++) buffer[at + j] = 0f;
            }
        }
        Arrays.fill(buffer, at, plan.bufferLength(), 0f);
    }
}
