package io.jgrad.cpu.conv;

import io.jgrad.cpu.gemm.Sgemm;
import io.jgrad.cpu.threads.Parallel;

/**
 * F32 convolution kernels on contiguous NCHW arrays: im2col + GEMM forward, GEMM + col2im for the input gradient,
 * im2col + GEMM for the weight gradient, and direct loops for depthwise convolutions.
 *
 * <p>Each image is one GEMM per group and direction, run on one thread ({@link Sgemm#gemmSerial}), and the images are
 * spread over the cores. An image's im2col matrix ([cg*kh*kw, oh*ow], 225 KB for a 32-channel 3x3 layer at 14x14)
 * stays in the core's L2 cache between im2col, GEMM packing and col2im, and the GEMM reads and writes the image's
 * NCHW planes in place: no batch-wide matrices and no copies between them and NCHW. The weight gradient sums over
 * images, so each worker sums its images into its own partial, and the partials are added at the end. A pointwise
 * convolution (1x1, stride 1, no padding) uses the input planes as its im2col matrix. Scratch arrays are per thread
 * and reused across calls.
 */
public final class Conv2dKernels {
    private Conv2dKernels() {}

    /** y [n, o, oh, ow] from {@code yOff} = conv(x [n, c, h, w] from xOff, w [o, c/groups, kh, kw] from wOff). */
    public static void forward(float[] x, int xOff, float[] w, int wOff, ConvGeometry g, float[] y, int yOff) {
        if (g.isDepthwise()) {
            Depthwise.forward(x, xOff, w, wOff, g, y, yOff);
            return;
        }
        if (ImplicitConv.applies(g)) {
            ImplicitConv.forward(x, xOff, w, wOff, g, y, yOff);
            return;
        }
        int og = g.og(), k = g.patch(), ohw = g.ohw();
        Parallel.forEach(g.n(), g.work(), b -> {
            for (int grp = 0; grp < g.p().groups(); grp++) {
                int yImg = yOff + (b * g.o() + grp * og) * ohw;
                Columns col = Columns.of(x, xOff + (b * g.c() + grp * g.cg()) * g.hw(), g);
                Sgemm.gemmSerial(false, false, og, ohw, k, 1f, w, wOff + grp * og * k, k, col.data(), col.offset(), ohw, 0f, y, yImg, ohw);
            }
        });
    }

    /** gx [n, c, h, w] from gxOff (overwritten) = the gradient of {@link #forward} for output gradient gy. */
    public static void backwardInput(float[] gy, int gyOff, float[] w, int wOff, ConvGeometry g, float[] gx, int gxOff) {
        if (g.isDepthwise()) {
            Depthwise.backwardInput(gy, gyOff, w, wOff, g, gx, gxOff);
            return;
        }
        if (ImplicitConv.appliesToBackwardInput(g)) {
            ImplicitConv.backwardInput(gy, gyOff, w, wOff, g, gx, gxOff);
            return;
        }
        int og = g.og(), k = g.patch(), ohw = g.ohw();
        Parallel.forEach(g.n(), g.work(), b -> {
            for (int grp = 0; grp < g.p().groups(); grp++) {
                int xImg = gxOff + (b * g.c() + grp * g.cg()) * g.hw(), gyImg = gyOff + (b * g.o() + grp * og) * ohw;
                if (g.isPointwise()) {
                    // The column matrix is the gradient of the input planes themselves.
                    Sgemm.gemmSerial(true, false, k, ohw, og, 1f, w, wOff + grp * og * k, k, gy, gyImg, ohw, 0f, gx, xImg, ohw);
                    continue;
                }
                float[] col = ConvScratch.get().col(k * ohw);
                Sgemm.gemmSerial(true, false, k, ohw, og, 1f, w, wOff + grp * og * k, k, gy, gyImg, ohw, 0f, col, 0, ohw);
                java.util.Arrays.fill(gx, xImg, xImg + g.cg() * g.hw(), 0f);
                Im2col.col2im(col, g, gx, xImg);
            }
        });
    }

    /** gw [o, c/groups, kh, kw] from gwOff (overwritten) = the weight gradient of {@link #forward}, summed over n. */
    public static void backwardWeight(float[] gy, int gyOff, float[] x, int xOff, ConvGeometry g, float[] gw, int gwOff) {
        if (g.isDepthwise()) {
            Depthwise.backwardWeight(gy, gyOff, x, xOff, g, gw, gwOff);
            return;
        }
        if (ImplicitConv.applies(g) && g.n() > 0) {
            ImplicitConv.backwardWeight(gy, gyOff, x, xOff, g, gw, gwOff);
            return;
        }
        int og = g.og(), k = g.patch(), ohw = g.ohw(), size = g.o() * k;
        if (g.n() == 0 || ohw == 0) {
            java.util.Arrays.fill(gw, gwOff, gwOff + size, 0f);
            return;
        }
        int parts = Parallel.partsFor(g.n(), g.work());
        // Part 0 sums straight into gw; the others into partials that are added to it at the end.
        float[][] partial = new float[parts][];
        Parallel.split(g.n(), 1, parts, (t, from, to) -> {
            float[] sum = t == 0 ? gw : new float[size];
            int sumOff = t == 0 ? gwOff : 0;
            partial[t] = sum;
            for (int b = from; b < to; b++) {
                float beta = b == from ? 0f : 1f;
                for (int grp = 0; grp < g.p().groups(); grp++) {
                    int gyImg = gyOff + (b * g.o() + grp * og) * ohw;
                    Columns col = Columns.of(x, xOff + (b * g.c() + grp * g.cg()) * g.hw(), g);
                    // gw_group (+)= gy_img [og, ohw] x col^T [ohw, k]
                    Sgemm.gemmSerial(false, true, og, k, ohw, 1f, gy, gyImg, ohw, col.data(), col.offset(), ohw,
                            beta, sum, sumOff + grp * og * k, k);
                }
            }
        });
        for (int t = 1; t < parts; t++) {
            float[] part = partial[t];
            for (int i = 0; i < size; i++) gw[gwOff + i] += part[i];
        }
    }

    /** One image's im2col matrix [k, ohw] for one group: {@code data} from {@code offset}. */
    private record Columns(float[] data, int offset) {
        /**
         * The group's channels of one image at {@code xImg} unfolded into this thread's scratch, or, for a pointwise
         * convolution, the input planes themselves.
         */
        static Columns of(float[] x, int xImg, ConvGeometry g) {
            if (g.isPointwise()) return new Columns(x, xImg);
            float[] col = ConvScratch.get().col(g.patch() * g.ohw());
            Im2col.im2col(x, xImg, g, col);
            return new Columns(col, 0);
        }
    }
}
