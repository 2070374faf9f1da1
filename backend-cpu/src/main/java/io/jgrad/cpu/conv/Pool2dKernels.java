package io.jgrad.cpu.conv;

import io.jgrad.backend.Pool2dParams;
import io.jgrad.cpu.threads.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 max and average pooling on contiguous NCHW arrays, direct loops parallel over the n*c planes (the CNN's 2x2
 * stride-2 max pooling on the Vector API). Semantics as
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
        Parallel.forEach(planes, (long) planes * oh * ow * p.kernelH() * p.kernelW(), q -> {
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

    /**
     * {@link #maxPool2d} for {@link #isPlain2x2}: every window lies inside the input, so each output row is a run of
     * windows over two input rows, done {@code LANES} windows at a time. Runs of whole planes go to the threads.
     */
    private static void maxPool2x2(float[] x, int xOff, int planes, int h, int w, int oh, int ow, float[] y, long[] idx) {
        Parallel.forRuns(planes, (long) planes * oh * ow * 4, (from, to) -> {
            for (int q = from; q < to; q++) {
                maxPool2x2Plane(x, xOff + q * h * w, w, oh, ow, y, idx, q * oh * ow, to * oh * ow);
            }
        });
    }

    /*
     * One lane per window, and as many windows per block as a preferred vector has longs (8 with AVX-512): the
     * indices are then computed in longs of the same lane count, so no step changes the number of lanes (C2 does not
     * intrinsify splitting a vector into parts, and a 16-lane version measured slower for it).
     */
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final int LANES = L.length();
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(32 * LANES));
    /** Over two vectors of one input row: the left (even) and right (odd) columns of LANES consecutive windows. */
    private static final VectorShuffle<Float> LEFT = VectorShuffle.fromOp(F, k -> 2 * k), RIGHT = VectorShuffle.fromOp(F, k -> 2 * k + 1);
    /** Each lane's window's top-left position relative to the block's first. */
    private static final LongVector TWICE_IOTA = LongVector.zero(L).addIndex(2);

    /**
     * One plane: input at {@code in}, output at {@code out}; this thread owns the outputs up to {@code runEnd}. Taps
     * are compared in window order with strict {@code >}, so the first maximum wins and the zeros' signs do not
     * matter; the best value is carried by blends, so the output is the exact input value. A block holding a NaN
     * (never, in training that goes well) goes to the scalar rule.
     */
    private static void maxPool2x2Plane(float[] x, int in, int w, int oh, int ow, float[] y, long[] idx, int out, int runEnd) {
        // One flat loop over the blocks, row after row: a nested loop over the few blocks of a narrow row measured
        // 1.5x slower on 14x14 planes.
        int blocks = oh * ((ow + LANES - 1) / LANES), tail = ow % LANES;
        for (int b = 0, i = 0, j = 0; b < blocks; b++) {
            int a = 2 * i * w + 2 * j, src = in + a, o = out + i * ow + j;
            // A row's tail block still loads and stores whole vectors: the extra lanes read the next rows and write
            // outputs that later blocks of this thread's run overwrite. Only a block at the end of x or of the run
            // goes to the scalar rule: masked accesses there take a slow path in the Vector API.
            boolean full = j + LANES <= ow;
            if (!full && (src + w + 2 * LANES > x.length || o + LANES > runEnd)) {
                maxPool2x2Scalar(x, in, a, w, tail, y, idx, o);
            } else {
                maxPool2x2Block(x, in, a, w, y, idx, o);
            }
            j += LANES;
            if (j >= ow) {
                j = 0;
                i++;
            }
        }
    }

    /** LANES windows, the first with its top-left tap at plane position {@code a}, outputs at {@code o}. */
    private static void maxPool2x2Block(float[] x, int in, int a, int w, float[] y, long[] idx, int o) {
        int src = in + a;
        FloatVector t0 = FloatVector.fromArray(F, x, src), t1 = FloatVector.fromArray(F, x, src + LANES);
        FloatVector b0 = FloatVector.fromArray(F, x, src + w), b1 = FloatVector.fromArray(F, x, src + w + LANES);
        FloatVector v0 = t0.rearrange(LEFT, t1), v1 = t0.rearrange(RIGHT, t1);
        FloatVector v2 = b0.rearrange(LEFT, b1), v3 = b0.rearrange(RIGHT, b1);
        if (v0.test(VectorOperators.IS_NAN).or(v1.test(VectorOperators.IS_NAN)).or(v2.test(VectorOperators.IS_NAN))
                .or(v3.test(VectorOperators.IS_NAN)).anyTrue()) {
            maxPool2x2Scalar(x, in, a, w, LANES, y, idx, o);
            return;
        }
        VectorMask<Float> m = v1.compare(VectorOperators.GT, v0);
        FloatVector best = v0.blend(v1, m);
        LongVector tap = LongVector.zero(L).blend(1, m.cast(L));
        m = v2.compare(VectorOperators.GT, best);
        best = best.blend(v2, m);
        tap = tap.blend(w, m.cast(L));
        m = v3.compare(VectorOperators.GT, best);
        best = best.blend(v3, m);
        tap = tap.blend(w + 1, m.cast(L));
        best.intoArray(y, o);
        tap.add(TWICE_IOTA).add(a).intoArray(idx, o);
    }

    /** {@code n} windows, the first with its top-left tap at plane position {@code a}, one at a time: outputs at {@code o}. */
    private static void maxPool2x2Scalar(float[] x, int in, int a, int w, int n, float[] y, long[] idx, int o) {
        for (int k = 0; k < n; k++) {
            int at = maxPool2x2Scalar(x, in, a + 2 * k, w);
            y[o + k] = x[in + at];
            idx[o + k] = at;
        }
    }

    /** The winning plane position of the 2x2 window with top-left tap at {@code a}: first maximum, NaN wins. */
    private static int maxPool2x2Scalar(float[] x, int in, int a, int w) {
        int src = in + a;
        float v0 = x[src], v1 = x[src + 1], v2 = x[src + w], v3 = x[src + w + 1];
        if ((v0 != v0) | (v1 != v1) | (v2 != v2) | (v3 != v3)) return firstNaN(v0, v1, v2, v3, a, w);
        // Integer selection on order-preserving keys: no data-dependent branches for C2 to mispredict.
        int kb = orderKey(v0), kv = orderKey(v1);
        int m = (int) (((long) kb - kv) >> 63);
        int at = a ^ ((a ^ (a + 1)) & m);
        kb ^= (kb ^ kv) & m;
        kv = orderKey(v2);
        m = (int) (((long) kb - kv) >> 63);
        at ^= (at ^ (a + w)) & m;
        kb ^= (kb ^ kv) & m;
        kv = orderKey(v3);
        m = (int) (((long) kb - kv) >> 63);
        return at ^ ((at ^ (a + w + 1)) & m);
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

    /** gx [planes, h, w] (zero on entry): each gradient of gy [planes, oh, ow] added at its recorded position. */
    public static void maxPool2dBackward(float[] gy, long[] idx, int planes, int h, int w, int oh, int ow, float[] gx) {
        Parallel.forRuns(planes, (long) planes * oh * ow * 8, (from, to) -> {
            for (int q = from; q < to; q++) {
                int dst = q * h * w, src = q * oh * ow;
                for (int k = 0; k < oh * ow; k++) gx[dst + (int) idx[src + k]] += gy[src + k];
            }
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
        Parallel.forEach(planes, (long) planes * oh * ow * p.kernelH() * p.kernelW(), q -> {
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
        Parallel.forEach(planes, (long) planes * oh * ow * p.kernelH() * p.kernelW(), q -> {
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
        Parallel.forEach(planes, (long) planes * h * w, q -> {
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
        Parallel.forEach(planes, (long) planes * h * w, q -> {
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
