package io.jgrad.backend;

/**
 * Plain-loop convolution and pooling on contiguous {@code double[]} NCHW arrays: the {@link ReferenceBackend}'s
 * implementation of these ops, the oracle that the {@link Backend} defaults (compositions of primitives) and every
 * accelerated kernel are tested against. Written to be read, not to be fast. Used by the reference backend only.
 */
final class ReferenceConvLoops {
    private ReferenceConvLoops() {}

    /** y[n, o, oh, ow] = sum over the group's channels and the kernel of x * w; x [N,C,H,W], w [O,C/g,kH,kW]. */
    static double[] conv2d(double[] x, int[] xs, double[] w, int[] ws, Conv2dParams p) {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        int o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
        int oh = p.outH(h, kh), ow = p.outW(wd, kw), og = o / p.groups();
        double[] y = new double[n * o * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int f = 0; f < o; f++) {
                int c0 = (f / og) * cg;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = 0;
                        for (int ci = 0; ci < cg; ci++) {
                            for (int u = 0; u < kh; u++) {
                                int ih = i * p.strideH() - p.padH() + u * p.dilationH();
                                if (ih < 0 || ih >= h) continue;
                                for (int v = 0; v < kw; v++) {
                                    int iw = j * p.strideW() - p.padW() + v * p.dilationW();
                                    if (iw < 0 || iw >= wd) continue;
                                    acc += x[((b * c + c0 + ci) * h + ih) * wd + iw] * w[((f * cg + ci) * kh + u) * kw + v];
                                }
                            }
                        }
                        y[((b * o + f) * oh + i) * ow + j] = acc;
                    }
                }
            }
        }
        return y;
    }

    /** The gradient of conv2d with respect to its input x of shape {@code xs}: each output gradient scattered back. */
    static double[] conv2dBackwardInput(double[] g, int[] gs, double[] w, int[] ws, int[] xs, Conv2dParams p) {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        int o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
        int oh = gs[2], ow = gs[3], og = o / p.groups();
        double[] gx = new double[n * c * h * wd];
        for (int b = 0; b < n; b++) {
            for (int f = 0; f < o; f++) {
                int c0 = (f / og) * cg;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double gy = g[((b * o + f) * oh + i) * ow + j];
                        for (int ci = 0; ci < cg; ci++) {
                            for (int u = 0; u < kh; u++) {
                                int ih = i * p.strideH() - p.padH() + u * p.dilationH();
                                if (ih < 0 || ih >= h) continue;
                                for (int v = 0; v < kw; v++) {
                                    int iw = j * p.strideW() - p.padW() + v * p.dilationW();
                                    if (iw < 0 || iw >= wd) continue;
                                    gx[((b * c + c0 + ci) * h + ih) * wd + iw] += gy * w[((f * cg + ci) * kh + u) * kw + v];
                                }
                            }
                        }
                    }
                }
            }
        }
        return gx;
    }

    /** The gradient of conv2d with respect to its weight of shape {@code ws}, summed over the batch. */
    static double[] conv2dBackwardWeight(double[] g, int[] gs, double[] x, int[] xs, int[] ws, Conv2dParams p) {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        int o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
        int oh = gs[2], ow = gs[3], og = o / p.groups();
        double[] gw = new double[o * cg * kh * kw];
        for (int b = 0; b < n; b++) {
            for (int f = 0; f < o; f++) {
                int c0 = (f / og) * cg;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double gy = g[((b * o + f) * oh + i) * ow + j];
                        for (int ci = 0; ci < cg; ci++) {
                            for (int u = 0; u < kh; u++) {
                                int ih = i * p.strideH() - p.padH() + u * p.dilationH();
                                if (ih < 0 || ih >= h) continue;
                                for (int v = 0; v < kw; v++) {
                                    int iw = j * p.strideW() - p.padW() + v * p.dilationW();
                                    if (iw < 0 || iw >= wd) continue;
                                    gw[((f * cg + ci) * kh + u) * kw + v] += gy * x[((b * c + c0 + ci) * h + ih) * wd + iw];
                                }
                            }
                        }
                    }
                }
            }
        }
        return gw;
    }

    /**
     * Max over each window; {@code indices} receives the position {@code ih * W + iw} of the first maximum (a NaN
     * counts as the maximum, as in PyTorch). Returns the pooled values.
     */
    static double[] maxPool2d(double[] x, int[] xs, Pool2dParams p, long[][] indices) {
        int planes = xs[0] * xs[1], h = xs[2], wd = xs[3];
        int oh = p.outH(h), ow = p.outW(wd);
        double[] y = new double[planes * oh * ow];
        long[] idx = new long[y.length];
        for (int q = 0; q < planes; q++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    long at = -1;
                    for (int u = 0; u < p.kernelH(); u++) {
                        int ih = i * p.strideH() - p.padH() + u * p.dilationH();
                        if (ih < 0 || ih >= h) continue;
                        for (int v = 0; v < p.kernelW(); v++) {
                            int iw = j * p.strideW() - p.padW() + v * p.dilationW();
                            if (iw < 0 || iw >= wd) continue;
                            double val = x[(q * h + ih) * wd + iw];
                            if (at < 0 || val > best || (Double.isNaN(val) && !Double.isNaN(best))) {
                                best = val;
                                at = (long) ih * wd + iw;
                            }
                        }
                    }
                    y[(q * oh + i) * ow + j] = best;
                    idx[(q * oh + i) * ow + j] = at;
                }
            }
        }
        indices[0] = idx;
        return y;
    }

    /** Each output gradient added to the input position its window's maximum came from. */
    static double[] maxPool2dBackward(double[] g, int[] gs, long[] indices, int[] xs) {
        int planes = xs[0] * xs[1], hw = xs[2] * xs[3], ohw = gs[2] * gs[3];
        double[] gx = new double[planes * hw];
        for (int q = 0; q < planes; q++) {
            for (int k = 0; k < ohw; k++) gx[q * hw + (int) indices[q * ohw + k]] += g[q * ohw + k];
        }
        return gx;
    }

    /**
     * The divisor of one average-pooling window starting at (hs, ws) in padded coordinates: with countIncludePad the
     * window clipped to the padded input, else only the real input elements it covers.
     */
    static int avgDivisor(int hs, int wsStart, int h, int w, Pool2dParams p) {
        int he = Math.min(hs + p.kernelH(), h + p.padH()), we = Math.min(wsStart + p.kernelW(), w + p.padW());
        if (p.countIncludePad()) return (he - hs) * (we - wsStart);
        return (Math.min(he, h) - Math.max(hs, 0)) * (Math.min(we, w) - Math.max(wsStart, 0));
    }

    static double[] avgPool2d(double[] x, int[] xs, Pool2dParams p) {
        int planes = xs[0] * xs[1], h = xs[2], wd = xs[3];
        int oh = p.outH(h), ow = p.outW(wd);
        double[] y = new double[planes * oh * ow];
        for (int q = 0; q < planes; q++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int hs = i * p.strideH() - p.padH(), ws = j * p.strideW() - p.padW();
                    double acc = 0;
                    for (int ih = Math.max(hs, 0); ih < Math.min(hs + p.kernelH(), h); ih++) {
                        for (int iw = Math.max(ws, 0); iw < Math.min(ws + p.kernelW(), wd); iw++) acc += x[(q * h + ih) * wd + iw];
                    }
                    y[(q * oh + i) * ow + j] = acc / avgDivisor(hs, ws, h, wd, p);
                }
            }
        }
        return y;
    }

    static double[] avgPool2dBackward(double[] g, int[] gs, int[] xs, Pool2dParams p) {
        int planes = xs[0] * xs[1], h = xs[2], wd = xs[3];
        int oh = gs[2], ow = gs[3];
        double[] gx = new double[planes * h * wd];
        for (int q = 0; q < planes; q++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int hs = i * p.strideH() - p.padH(), ws = j * p.strideW() - p.padW();
                    double share = g[(q * oh + i) * ow + j] / avgDivisor(hs, ws, h, wd, p);
                    for (int ih = Math.max(hs, 0); ih < Math.min(hs + p.kernelH(), h); ih++) {
                        for (int iw = Math.max(ws, 0); iw < Math.min(ws + p.kernelW(), wd); iw++) gx[(q * h + ih) * wd + iw] += share;
                    }
                }
            }
        }
        return gx;
    }

    /** Start (inclusive) of adaptive window {@code i} of {@code out} over {@code in}: floor(i * in / out). */
    static int adaptiveStart(int i, int in, int out) { return (int) ((long) i * in / out); }

    /** End (exclusive) of adaptive window {@code i}: ceil((i + 1) * in / out). */
    static int adaptiveEnd(int i, int in, int out) { return (int) (((long) (i + 1) * in + out - 1) / out); }

    static double[] adaptiveAvgPool2d(double[] x, int[] xs, int oh, int ow) {
        int planes = xs[0] * xs[1], h = xs[2], wd = xs[3];
        double[] y = new double[planes * oh * ow];
        for (int q = 0; q < planes; q++) {
            for (int i = 0; i < oh; i++) {
                int h0 = adaptiveStart(i, h, oh), h1 = adaptiveEnd(i, h, oh);
                for (int j = 0; j < ow; j++) {
                    int w0 = adaptiveStart(j, wd, ow), w1 = adaptiveEnd(j, wd, ow);
                    double acc = 0;
                    for (int ih = h0; ih < h1; ih++) for (int iw = w0; iw < w1; iw++) acc += x[(q * h + ih) * wd + iw];
                    y[(q * oh + i) * ow + j] = acc / ((h1 - h0) * (w1 - w0));
                }
            }
        }
        return y;
    }

    static double[] adaptiveAvgPool2dBackward(double[] g, int[] gs, int[] xs) {
        int planes = xs[0] * xs[1], h = xs[2], wd = xs[3], oh = gs[2], ow = gs[3];
        double[] gx = new double[planes * h * wd];
        for (int q = 0; q < planes; q++) {
            for (int i = 0; i < oh; i++) {
                int h0 = adaptiveStart(i, h, oh), h1 = adaptiveEnd(i, h, oh);
                for (int j = 0; j < ow; j++) {
                    int w0 = adaptiveStart(j, wd, ow), w1 = adaptiveEnd(j, wd, ow);
                    double share = g[(q * oh + i) * ow + j] / ((h1 - h0) * (w1 - w0));
                    for (int ih = h0; ih < h1; ih++) for (int iw = w0; iw < w1; iw++) gx[(q * h + ih) * wd + iw] += share;
                }
            }
        }
        return gx;
    }
}
