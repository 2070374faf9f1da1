package io.jgrad.cpu.conv;

import io.jgrad.cpu.threads.Parallel;
import java.util.Arrays;

/**
 * Direct kernels for depthwise convolutions (groups == input channels, any number of filters per channel), where each
 * output plane reads a single input plane and im2col would only add copies. Each kernel tap (u, v) sweeps whole
 * output rows over the columns whose input lies inside the image, so the inner loops are branch-free. Parallel over
 * planes.
 */
final class Depthwise {
    private Depthwise() {}

    static void forward(float[] x, int xOff, float[] w, int wOff, ConvGeometry g, float[] y, int yOff) {
        int og = g.og(), kh = g.kh(), kw = g.kw(), oh = g.oh(), ow = g.ow(), h = g.h(), wd = g.w();
        int sh = g.p().strideH(), sw = g.p().strideW(), ph = g.p().padH(), pw = g.p().padW(), dh = g.p().dilationH(), dw = g.p().dilationW();
        Parallel.forEach(g.n() * g.o(), g.work(), q -> {
            int b = q / g.o(), f = q % g.o();
            int in = xOff + (b * g.c() + f / og) * h * wd, out = yOff + q * oh * ow, filt = wOff + f * kh * kw;
            Arrays.fill(y, out, out + oh * ow, 0f);
            for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                    float wv = w[filt + u * kw + v];
                    int off = v * dw - pw, j0 = firstColumn(off, sw, ow), j1 = endColumn(off, sw, wd, ow);
                    for (int i = 0; i < oh; i++) {
                        int ih = i * sh - ph + u * dh;
                        if (ih < 0 || ih >= h) continue;
                        int src = in + ih * wd + off, dst = out + i * ow;
                        for (int j = j0; j < j1; j++) y[dst + j] += wv * x[src + j * sw];
                    }
                }
            }
        });
    }

    /** Parallel over input planes (n * c); each gathers from the og filters that read it. */
    static void backwardInput(float[] gy, int gyOff, float[] w, int wOff, ConvGeometry g, float[] gx, int gxOff) {
        int og = g.og(), kh = g.kh(), kw = g.kw(), oh = g.oh(), ow = g.ow(), h = g.h(), wd = g.w();
        int sh = g.p().strideH(), sw = g.p().strideW(), ph = g.p().padH(), pw = g.p().padW(), dh = g.p().dilationH(), dw = g.p().dilationW();
        Parallel.forEach(g.n() * g.c(), g.work(), q -> {
            int b = q / g.c(), ch = q % g.c();
            int plane = gxOff + q * h * wd;
            Arrays.fill(gx, plane, plane + h * wd, 0f);
            for (int m = 0; m < og; m++) {
                int f = ch * og + m;
                int src = gyOff + (b * g.o() + f) * oh * ow, filt = wOff + f * kh * kw;
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        float wv = w[filt + u * kw + v];
                        int off = v * dw - pw, j0 = firstColumn(off, sw, ow), j1 = endColumn(off, sw, wd, ow);
                        for (int i = 0; i < oh; i++) {
                            int ih = i * sh - ph + u * dh;
                            if (ih < 0 || ih >= h) continue;
                            int dst = plane + ih * wd + off, row = src + i * ow;
                            for (int j = j0; j < j1; j++) gx[dst + j * sw] += wv * gy[row + j];
                        }
                    }
                }
            }
        });
    }

    /** Parallel over filters; each sums over the batch. */
    static void backwardWeight(float[] gy, int gyOff, float[] x, int xOff, ConvGeometry g, float[] gw, int gwOff) {
        int og = g.og(), kh = g.kh(), kw = g.kw(), oh = g.oh(), ow = g.ow(), h = g.h(), wd = g.w();
        int sh = g.p().strideH(), sw = g.p().strideW(), ph = g.p().padH(), pw = g.p().padW(), dh = g.p().dilationH(), dw = g.p().dilationW();
        Parallel.forEach(g.o(), g.work(), f -> {
            int filt = gwOff + f * kh * kw;
            for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                    int off = v * dw - pw, j0 = firstColumn(off, sw, ow), j1 = endColumn(off, sw, wd, ow);
                    float acc = 0;
                    for (int b = 0; b < g.n(); b++) {
                        int in = xOff + (b * g.c() + f / og) * h * wd, src = gyOff + (b * g.o() + f) * oh * ow;
                        for (int i = 0; i < oh; i++) {
                            int ih = i * sh - ph + u * dh;
                            if (ih < 0 || ih >= h) continue;
                            int xr = in + ih * wd + off, row = src + i * ow;
                            for (int j = j0; j < j1; j++) acc += gy[row + j] * x[xr + j * sw];
                        }
                    }
                    gw[filt + u * kw + v] = acc;
                }
            }
        });
    }

    /** First output column j whose input column {@code j * stride + off} is >= 0. */
    static int firstColumn(int off, int stride, int outW) { return off >= 0 ? 0 : Math.min(outW, (-off + stride - 1) / stride); }

    /** One past the last output column whose input column {@code j * stride + off} is < inW (at least firstColumn). */
    static int endColumn(int off, int stride, int inW, int outW) {
        int end = inW - 1 - off < 0 ? 0 : Math.min(outW, (inW - 1 - off) / stride + 1);
        return Math.max(end, firstColumn(off, stride, outW));
    }
}
