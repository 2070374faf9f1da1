package io.jgrad.cpu.conv;

import io.jgrad.cpu.gemm.Sgemm;

/**
 * F32 convolution kernels on contiguous NCHW arrays: im2col + GEMM forward, GEMM + col2im for the input gradient,
 * im2col + GEMM for the weight gradient, and direct loops for depthwise convolutions. Parallel over the batch
 * (a GEMM large enough to split itself runs with the batch in order instead).
 */
public final class Conv2dKernels {
    private Conv2dKernels() {}

    /** Images processed in parallel only when each image's GEMMs are too small for Sgemm to split. */
    private static boolean batchParallel(ConvGeometry g) {
        return (long) g.og() * g.ohw() * g.patch() < (1L << 21);
    }

    /** y [n, o, oh, ow] from {@code yOff} = conv(x [n, c, h, w] from xOff, w [o, c/groups, kh, kw] from wOff). */
    public static void forward(float[] x, int xOff, float[] w, int wOff, ConvGeometry g, float[] y, int yOff) {
        if (g.isDepthwise()) {
            Depthwise.forward(x, xOff, w, wOff, g, y, yOff);
            return;
        }
        int groups = g.p().groups(), og = g.og(), k = g.patch(), ohw = g.ohw();
        IntConsumerWithCol body = (b, col) -> {
            for (int grp = 0; grp < groups; grp++) {
                int xg = xOff + (b * g.c() + grp * g.cg()) * g.hw();
                float[] bMat = col;
                int bOff = 0;
                if (g.isPointwise()) {
                    bMat = x;
                    bOff = xg;
                } else {
                    Im2col.im2col(x, xg, g, col);
                }
                Sgemm.gemm(false, false, og, ohw, k, 1f, w, wOff + grp * og * k, k, bMat, bOff, ohw,
                        0f, y, yOff + (b * g.o() + grp * og) * ohw, ohw);
            }
        };
        perImage(g, body);
    }

    /** gx [n, c, h, w] from gxOff (overwritten) = the gradient of {@link #forward} for output gradient gy. */
    public static void backwardInput(float[] gy, int gyOff, float[] w, int wOff, ConvGeometry g, float[] gx, int gxOff) {
        if (g.isDepthwise()) {
            Depthwise.backwardInput(gy, gyOff, w, wOff, g, gx, gxOff);
            return;
        }
        int groups = g.p().groups(), og = g.og(), k = g.patch(), ohw = g.ohw();
        IntConsumerWithCol body = (b, col) -> {
            for (int grp = 0; grp < groups; grp++) {
                int xg = gxOff + (b * g.c() + grp * g.cg()) * g.hw();
                int gyg = gyOff + (b * g.o() + grp * og) * ohw;
                if (g.isPointwise()) {
                    Sgemm.gemm(true, false, k, ohw, og, 1f, w, wOff + grp * og * k, k, gy, gyg, ohw, 0f, gx, xg, ohw);
                } else {
                    Sgemm.gemm(true, false, k, ohw, og, 1f, w, wOff + grp * og * k, k, gy, gyg, ohw, 0f, col, 0, ohw);
                    java.util.Arrays.fill(gx, xg, xg + g.cg() * g.hw(), 0f);
                    Im2col.col2im(col, g, gx, xg);
                }
            }
        };
        perImage(g, body);
    }

    /** gw [o, c/groups, kh, kw] from gwOff (overwritten) = the weight gradient of {@link #forward}, summed over n. */
    public static void backwardWeight(float[] gy, int gyOff, float[] x, int xOff, ConvGeometry g, float[] gw, int gwOff) {
        if (g.isDepthwise()) {
            Depthwise.backwardWeight(gy, gyOff, x, xOff, g, gw, gwOff);
            return;
        }
        int wLen = g.o() * g.patch();
        int chunks = batchParallel(g) && ConvParallel.worthIt(g.n(), g.work())
                ? Math.min(g.n(), ConvParallel.THREADS) : 1;
        if (chunks == 1) {
            accumulateWeight(gy, gyOff, x, xOff, g, 0, g.n(), gw, gwOff, new float[colLength(g)]);
            return;
        }
        // Each chunk of images sums into its own buffer; the buffers are added at the end.
        float[][] partial = new float[chunks][];
        ConvParallel.run(() -> java.util.stream.IntStream.range(0, chunks).parallel().forEach(t -> {
            float[] acc = new float[wLen];
            accumulateWeight(gy, gyOff, x, xOff, g, g.n() * t / chunks, g.n() * (t + 1) / chunks, acc, 0, new float[colLength(g)]);
            partial[t] = acc;
        }));
        for (int i = 0; i < wLen; i++) {
            float s = 0;
            for (float[] part : partial) s += part[i];
            gw[gwOff + i] = s;
        }
    }

    /** gw = sum over images [from, to) of gy_b x col_b^T, per group (overwrites gw first). */
    private static void accumulateWeight(float[] gy, int gyOff, float[] x, int xOff, ConvGeometry g, int from, int to,
                                         float[] gw, int gwOff, float[] col) {
        int groups = g.p().groups(), og = g.og(), k = g.patch(), ohw = g.ohw();
        for (int b = from; b < to; b++) {
            for (int grp = 0; grp < groups; grp++) {
                int xg = xOff + (b * g.c() + grp * g.cg()) * g.hw();
                float[] bMat = col;
                int bOff = 0;
                if (g.isPointwise()) {
                    bMat = x;
                    bOff = xg;
                } else {
                    Im2col.im2col(x, xg, g, col);
                }
                Sgemm.gemm(false, true, og, k, ohw, 1f, gy, gyOff + (b * g.o() + grp * og) * ohw, ohw, bMat, bOff, ohw,
                        b == from ? 0f : 1f, gw, gwOff + grp * og * k, k);
            }
        }
        if (from == to) java.util.Arrays.fill(gw, gwOff, gwOff + g.o() * k, 0f);
    }

    private static int colLength(ConvGeometry g) { return g.isPointwise() ? 0 : g.patch() * g.ohw(); }

    @FunctionalInterface
    private interface IntConsumerWithCol {
        void accept(int image, float[] col);
    }

    /** Runs {@code body} for every image with a scratch im2col buffer per worker. */
    private static void perImage(ConvGeometry g, IntConsumerWithCol body) {
        int len = colLength(g);
        if (batchParallel(g) && ConvParallel.worthIt(g.n(), g.work())) {
            ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[len]);
            ConvParallel.run(() -> java.util.stream.IntStream.range(0, g.n()).parallel().forEach(b -> body.accept(b, scratch.get())));
        } else {
            float[] col = new float[len];
            for (int b = 0; b < g.n(); b++) body.accept(b, col);
        }
    }
}
