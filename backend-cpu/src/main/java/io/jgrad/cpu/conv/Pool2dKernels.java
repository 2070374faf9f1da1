package io.jgrad.cpu.conv;

import io.jgrad.backend.Pool2dParams;

/**
 * F32 max and average pooling on contiguous NCHW arrays, direct loops parallel over the n*c planes. Semantics as
 * PyTorch (and the reference backend): max pooling records the first maximum's position {@code ih * w + iw} (NaN wins);
 * the average divisor follows countIncludePad and ignores positions that ceil mode adds past the padded input.
 */
public final class Pool2dKernels {
    private Pool2dKernels() {}

    /** y and idx [planes, oh, ow] from x [planes, h, w]. */
    public static void maxPool2d(float[] x, int xOff, int planes, int h, int w, Pool2dParams p, float[] y, long[] idx) {
        int oh = p.outH(h), ow = p.outW(w);
        if (isPlain2x2(p)) {
            maxPool2x2(x, xOff, planes, h, w, oh, ow, y, idx);
            return;
        }
        ConvParallel.forEach(planes, (long) planes * oh * ow * p.kernelH() * p.kernelW(), q -> {
            int in = xOff + q * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int u = 0; u < p.kernelH(); u++) {
                        int ih = i * p.strideH() - p.padH() + u * p.dilationH();
                        if (ih < 0 || ih >= h) continue;
                        for (int v = 0; v < p.kernelW(); v++) {
                            int iw = j * p.strideW() - p.padW() + v * p.dilationW();
                            if (iw < 0 || iw >= w) continue;
                            float val = x[in + ih * w + iw];
                            if (at < 0 || val > best || (Float.isNaN(val) && !Float.isNaN(best))) {
                                best = val;
                                at = ih * w + iw;
                            }
                        }
                    }
                    int o = (q * oh + i) * ow + j;
                    y[o] = best;
                    idx[o] = at;
                }
            }
        });
    }

    /** The common CNN case: 2x2 windows, stride 2, no padding or dilation (every window lies inside the input). */
    private static boolean isPlain2x2(Pool2dParams p) {
        return p.kernelH() == 2 && p.kernelW() == 2 && p.strideH() == 2 && p.strideW() == 2 && p.padH() == 0 && p.padW() == 0
                && p.dilationH() == 1 && p.dilationW() == 1 && !p.ceilMode();
    }

    /** {@link #maxPool2d} for {@link #isPlain2x2} without per-tap bounds checks; same first-maximum and NaN rules. */
    private static void maxPool2x2(float[] x, int xOff, int planes, int h, int w, int oh, int ow, float[] y, long[] idx) {
        ConvParallel.forEach(planes, (long) planes * oh * ow * 4, q -> {
            int in = xOff + q * h * w;
            for (int i = 0; i < oh; i++) {
                int top = 2 * i * w, out = (q * oh + i) * ow;
                for (int j = 0; j < ow; j++) {
                    int a = top + 2 * j, src = in + a;
                    float v0 = x[src], v1 = x[src + 1], v2 = x[src + w], v3 = x[src + w + 1];
                    int at;
                    if ((v0 != v0) | (v1 != v1) | (v2 != v2) | (v3 != v3)) {
                        at = firstNaN(v0, v1, v2, v3, a, w);
                    } else {
                        // Which tap wins is data-dependent and unpredictable, and C2 compiles '?:' to branches when
                        // its profile looked predictable (ties of zeros after a ReLU): 4x slower on noise. So the
                        // selection is integer arithmetic on order-preserving keys: a mask of all ones where the
                        // later tap is strictly larger picks its position and key. The output is read back from
                        // the winning position, so it keeps its exact value (and sign of zero).
                        int kb = orderKey(v0), kv = orderKey(v1);
                        int m = (int) (((long) kb - kv) >> 63);
                        at = a ^ ((a ^ (a + 1)) & m);
                        kb ^= (kb ^ kv) & m;
                        kv = orderKey(v2);
                        m = (int) (((long) kb - kv) >> 63);
                        at ^= (at ^ (a + w)) & m;
                        kb ^= (kb ^ kv) & m;
                        kv = orderKey(v3);
                        m = (int) (((long) kb - kv) >> 63);
                        at ^= (at ^ (a + w + 1)) & m;
                    }
                    y[out + j] = x[in + at];
                    idx[out + j] = at;
                }
            }
        });
    }

    /**
     * An int that orders like the (non-NaN) float: the sign-magnitude bits turned two's complement. Adding +0 first
     * makes -0 into +0, so that the two zeros tie as they do under {@code >}.
     */
    private static int orderKey(float v) {
        int bits = Float.floatToRawIntBits(v + 0f);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    /** The position of the first NaN among a 2x2 window's taps (in window order) at {@code a}, rows {@code w} apart. */
    private static int firstNaN(float v0, float v1, float v2, float v3, int a, int w) {
        if (v0 != v0) return a;
        if (v1 != v1) return a + 1;
        if (v2 != v2) return a + w;
        return a + w + 1;
    }

    /** gx [planes, h, w] (overwritten): each gradient of gy [planes, oh, ow] added at its recorded position. */
    public static void maxPool2dBackward(float[] gy, long[] idx, int planes, int h, int w, int oh, int ow, float[] gx) {
        ConvParallel.forEach(planes, (long) planes * oh * ow * 8, q -> {
            int dst = q * h * w, src = q * oh * ow;
            java.util.Arrays.fill(gx, dst, dst + h * w, 0f);
            for (int k = 0; k < oh * ow; k++) gx[dst + (int) idx[src + k]] += gy[src + k];
        });
    }

    private static int divisor(int hs, int ws, int h, int w, Pool2dParams p) {
        int he = Math.min(hs + p.kernelH(), h + p.padH()), we = Math.min(ws + p.kernelW(), w + p.padW());
        if (p.countIncludePad()) return (he - hs) * (we - ws);
        return (Math.min(he, h) - Math.max(hs, 0)) * (Math.min(we, w) - Math.max(ws, 0));
    }

    /** y [planes, oh, ow] from x [planes, h, w] (dilation must be 1). */
    public static void avgPool2d(float[] x, int xOff, int planes, int h, int w, Pool2dParams p, float[] y) {
        int oh = p.outH(h), ow = p.outW(w);
        ConvParallel.forEach(planes, (long) planes * oh * ow * p.kernelH() * p.kernelW(), q -> {
            int in = xOff + q * h * w;
            for (int i = 0; i < oh; i++) {
                int hs = i * p.strideH() - p.padH();
                int h0 = Math.max(hs, 0), h1 = Math.min(hs + p.kernelH(), h);
                for (int j = 0; j < ow; j++) {
                    int ws = j * p.strideW() - p.padW();
                    int w0 = Math.max(ws, 0), w1 = Math.min(ws + p.kernelW(), w);
                    float acc = 0;
                    for (int ih = h0; ih < h1; ih++) for (int iw = w0; iw < w1; iw++) acc += x[in + ih * w + iw];
                    y[(q * oh + i) * ow + j] = acc / divisor(hs, ws, h, w, p);
                }
            }
        });
    }

    /** gx [planes, h, w] (overwritten) from gy [planes, oh, ow]. */
    public static void avgPool2dBackward(float[] gy, int planes, int h, int w, Pool2dParams p, float[] gx) {
        int oh = p.outH(h), ow = p.outW(w);
        ConvParallel.forEach(planes, (long) planes * oh * ow * p.kernelH() * p.kernelW(), q -> {
            int dst = q * h * w;
            java.util.Arrays.fill(gx, dst, dst + h * w, 0f);
            for (int i = 0; i < oh; i++) {
                int hs = i * p.strideH() - p.padH();
                int h0 = Math.max(hs, 0), h1 = Math.min(hs + p.kernelH(), h);
                for (int j = 0; j < ow; j++) {
                    int ws = j * p.strideW() - p.padW();
                    int w0 = Math.max(ws, 0), w1 = Math.min(ws + p.kernelW(), w);
                    float share = gy[(q * oh + i) * ow + j] / divisor(hs, ws, h, w, p);
                    for (int ih = h0; ih < h1; ih++) for (int iw = w0; iw < w1; iw++) gx[dst + ih * w + iw] += share;
                }
            }
        });
    }

    /** Adaptive window i over n inputs for m outputs: [floor(i*n/m), ceil((i+1)*n/m)). */
    private static int start(int i, int n, int m) { return (int) ((long) i * n / m); }

    private static int end(int i, int n, int m) { return (int) (((long) (i + 1) * n + m - 1) / m); }

    /** y [planes, oh, ow] = the mean of each adaptive window of x [planes, h, w]. */
    public static void adaptiveAvgPool2d(float[] x, int xOff, int planes, int h, int w, int oh, int ow, float[] y) {
        ConvParallel.forEach(planes, (long) planes * h * w, q -> {
            int in = xOff + q * h * w;
            for (int i = 0; i < oh; i++) {
                int h0 = start(i, h, oh), h1 = end(i, h, oh);
                for (int j = 0; j < ow; j++) {
                    int w0 = start(j, w, ow), w1 = end(j, w, ow);
                    float acc = 0;
                    for (int ih = h0; ih < h1; ih++) for (int iw = w0; iw < w1; iw++) acc += x[in + ih * w + iw];
                    y[(q * oh + i) * ow + j] = acc / ((h1 - h0) * (w1 - w0));
                }
            }
        });
    }

    /** gx [planes, h, w] (overwritten): each window's gradient spread evenly over it. */
    public static void adaptiveAvgPool2dBackward(float[] gy, int planes, int h, int w, int oh, int ow, float[] gx) {
        ConvParallel.forEach(planes, (long) planes * h * w, q -> {
            int dst = q * h * w;
            java.util.Arrays.fill(gx, dst, dst + h * w, 0f);
            for (int i = 0; i < oh; i++) {
                int h0 = start(i, h, oh), h1 = end(i, h, oh);
                for (int j = 0; j < ow; j++) {
                    int w0 = start(j, w, ow), w1 = end(j, w, ow);
                    float share = gy[(q * oh + i) * ow + j] / ((h1 - h0) * (w1 - w0));
                    for (int ih = h0; ih < h1; ih++) for (int iw = w0; iw < w1; iw++) gx[dst + ih * w + iw] += share;
                }
            }
        });
    }
}
