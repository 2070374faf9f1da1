package io.jgrad.cpu.conv;

/**
 * Direct loops for depthwise convolutions (groups == input channels, any number of filters per channel), where each
 * output plane reads a single input plane and im2col would only add copies. Parallel over output planes.
 */
final class Depthwise {
    private Depthwise() {}

    static void forward(float[] x, int xOff, float[] w, int wOff, ConvGeometry g, float[] y, int yOff) {
        int planes = g.n() * g.o(), og = g.og(), kh = g.kh(), kw = g.kw(), oh = g.oh(), ow = g.ow(), h = g.h(), wd = g.w();
        var p = g.p();
        ConvParallel.forEach(planes, g.work(), q -> {
            int b = q / g.o(), f = q % g.o();
            int in = xOff + (b * g.c() + f / og) * h * wd, out = yOff + q * oh * ow, filt = wOff + f * kh * kw;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float acc = 0;
                    for (int u = 0; u < kh; u++) {
                        int ih = i * p.strideH() - p.padH() + u * p.dilationH();
                        if (ih < 0 || ih >= h) continue;
                        for (int v = 0; v < kw; v++) {
                            int iw = j * p.strideW() - p.padW() + v * p.dilationW();
                            if (iw >= 0 && iw < wd) acc += x[in + ih * wd + iw] * w[filt + u * kw + v];
                        }
                    }
                    y[out + i * ow + j] = acc;
                }
            }
        });
    }

    /** Parallel over input planes (n * c); each gathers from the og filters that read it. */
    static void backwardInput(float[] gy, int gyOff, float[] w, int wOff, ConvGeometry g, float[] gx, int gxOff) {
        int og = g.og(), kh = g.kh(), kw = g.kw(), oh = g.oh(), ow = g.ow(), h = g.h(), wd = g.w();
        var p = g.p();
        ConvParallel.forEach(g.n() * g.c(), g.work(), q -> {
            int b = q / g.c(), ch = q % g.c();
            int dst = gxOff + q * h * wd;
            java.util.Arrays.fill(gx, dst, dst + h * wd, 0f);
            for (int m = 0; m < og; m++) {
                int f = ch * og + m;
                int src = gyOff + (b * g.o() + f) * oh * ow, filt = wOff + f * kh * kw;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float gv = gy[src + i * ow + j];
                        for (int u = 0; u < kh; u++) {
                            int ih = i * p.strideH() - p.padH() + u * p.dilationH();
                            if (ih < 0 || ih >= h) continue;
                            for (int v = 0; v < kw; v++) {
                                int iw = j * p.strideW() - p.padW() + v * p.dilationW();
                                if (iw >= 0 && iw < wd) gx[dst + ih * wd + iw] += gv * w[filt + u * kw + v];
                            }
                        }
                    }
                }
            }
        });
    }

    /** Parallel over filters; each sums over the batch. */
    static void backwardWeight(float[] gy, int gyOff, float[] x, int xOff, ConvGeometry g, float[] gw, int gwOff) {
        int og = g.og(), kh = g.kh(), kw = g.kw(), oh = g.oh(), ow = g.ow(), h = g.h(), wd = g.w();
        var p = g.p();
        ConvParallel.forEach(g.o(), g.work(), f -> {
            int filt = gwOff + f * kh * kw;
            for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                    float acc = 0;
                    for (int b = 0; b < g.n(); b++) {
                        int in = xOff + (b * g.c() + f / og) * h * wd, src = gyOff + (b * g.o() + f) * oh * ow;
                        for (int i = 0; i < oh; i++) {
                            int ih = i * p.strideH() - p.padH() + u * p.dilationH();
                            if (ih < 0 || ih >= h) continue;
                            for (int j = 0; j < ow; j++) {
                                int iw = j * p.strideW() - p.padW() + v * p.dilationW();
                                if (iw >= 0 && iw < wd) acc += gy[src + i * ow + j] * x[in + ih * wd + iw];
                            }
                        }
                    }
                    gw[filt + u * kw + v] = acc;
                }
            }
        });
    }
}
