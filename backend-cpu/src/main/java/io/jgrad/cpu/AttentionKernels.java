package io.jgrad.cpu;

import io.jgrad.Layout;
import io.jgrad.backend.AttentionParams;
import io.jgrad.backend.Philox;
import io.jgrad.backend.RandomDistribution;
import io.jgrad.cpu.threads.Parallel;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Blocked F32 scaled dot-product attention in the style of FlashAttention: forward computes the scores of one query row
 * against one block of {@link #KEYS} keys at a time, so a thread never holds more than a block of them whatever the
 * sequence length, keeps each row's running maximum and sum (online softmax), rescales the output row when the maximum
 * grows, and saves the row's log-sum-exp. Backward recomputes the weights of one [{@link #QUERIES}, {@link #KEYS}]
 * block at a time from it and accumulates the three gradients in one pass over the (key block, query block) pairs of
 * a plane.
 *
 * <p>Forward runs in parallel over (plane, block of queries), backward over planes ([batch, head] pairs: each owns its
 * rows of dK and dV). Every sum runs in a fixed order, so results do not depend on the thread count. Operands are
 * views whose last axis has stride 1 (any other strides, as the heads of a projection); the keys (and values) of a
 * block are packed transposed, [feature][key], so that scores are vector FMAs over keys, and weighted sums of rows
 * ({@code P V}, {@code dS K}, ...) keep their output row in registers.
 */
final class AttentionKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    /** Keys per score block and queries per forward task. */
    static final int KEYS = 64, QUERIES = 32;

    private AttentionKernels() {}

    /** A [B, H, T, D] view with stride 1 along D. */
    record Operand(float[] data, int offset, int sb, int sh, int st, int heads) {
        static Operand of(float[] data, Layout l) {
            return new Operand(data, l.offset(), l.stride(0), l.stride(1), l.stride(2), l.shape().dim(1));
        }

        /** Where row t of plane p (= b * H + h) starts. */
        int row(int plane, int t) { return offset + (plane / heads) * sb + (plane % heads) * sh + t * st; }
    }

    /** The additive mask [B, H, Tq, Tk] as a (broadcast) view, or none. */
    record Mask(float[] data, int offset, int sb, int sh, int sq, int sk, int heads) {
        static Mask of(float[] data, Layout l) {
            if (data == null) return null;
            return new Mask(data, l.offset(), l.stride(0), l.stride(1), l.stride(2), l.stride(3), l.shape().dim(1));
        }

        float at(int plane, int i, int j) {
            return data[offset + (plane / heads) * sb + (plane % heads) * sh + i * sq + j * sk];
        }
    }

    /** Dropout's keep decision and scale for element n of the [B, H, Tq, Tk] weights, from the params' Philox draw. */
    private static final class Dropout {
        private final AttentionParams p;
        private final RandomDistribution.Bernoulli keep;
        private final float scale;
        private final int[] words = new int[4];
        private long block = -1;

        Dropout(AttentionParams p) {
            this.p = p;
            this.keep = p.keep();
            this.scale = (float) (1 / (1 - p.dropout()));
        }

        /** {@code 1 / (1 - p)} when element n is kept, else 0. */
        float factor(long n) {
            long b = p.offset() + n / 4;
            if (b != block) {
                Philox.block(p.seed(), b, words);
                block = b;
            }
            return keep.test(words[(int) (n % 4)]) ? scale : 0f;
        }
    }

    /**
     * Per-thread working memory: a row of scores and the packed keys in forward; in backward the packed values too and
     * a block of [QUERIES, KEYS] weights with their gradients (and transposes).
     */
    private static final class Scratch {
        final float[] scores = new float[KEYS];
        final float[] max = new float[QUERIES], sum = new float[QUERIES]; // running max and sum per query row
        final float[][] blocks = new float[5][QUERIES * KEYS];
        float[] keys = new float[0], values = new float[0];

        float[] block(int which) { return blocks[which]; }

        float[] keys(int n) { return keys.length >= n ? keys : (keys = new float[n]); }

        float[] values(int n) { return values.length >= n ? values : (values = new float[n]); }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    // ---- forward ------------------------------------------------------------------------------------------------

    /** out [B, H, Tq, Dv] and lse [B, H, Tq], contiguous. */
    static void forward(Operand q, Operand k, Operand v, Mask mask, AttentionParams p, int planes, int tq, int tk,
                        int d, int dv, float[] out, float[] lse) {
        int blocks = (tq + QUERIES - 1) / QUERIES;
        long work = (long) planes * tq * tk * (d + dv);
        Parallel.forEach(planes * blocks, work, task -> {
            int plane = task / blocks, i0 = (task % blocks) * QUERIES, i1 = Math.min(tq, i0 + QUERIES);
            forwardRows(q, k, v, mask, p, plane, i0, i1, tq, tk, d, dv, out, lse);
        });
    }

    private static void forwardRows(Operand q, Operand k, Operand v, Mask mask, AttentionParams p, int plane,
                                    int i0, int i1, int tq, int tk, int d, int dv, float[] out, float[] lse) {
        Scratch s = SCRATCH.get();
        float[] kt = s.keys(d * KEYS), scores = s.scores;
        Dropout dropout = p.dropout() > 0 ? new Dropout(p) : null;
        float scale = (float) p.scale();
        int rows = i1 - i0;
        float[] max = s.max, sum = s.sum;
        Arrays.fill(max, 0, rows, Float.NEGATIVE_INFINITY);
        Arrays.fill(sum, 0, rows, 0f);
        int outBase = plane * tq * dv;
        Arrays.fill(out, outBase + i0 * dv, outBase + i1 * dv, 0f);
        int keyEnd = p.causal() ? Math.min(tk, i1) : tk; // keys after the last query of the block are hidden
        for (int j0 = 0; j0 < keyEnd; j0 += KEYS) {
            int n = Math.min(KEYS, keyEnd - j0);
            packTransposed(k, plane, j0, n, d, kt);
            for (int r = 0; r < rows; r++) {
                int i = i0 + r;
                scores(q.data(), q.row(plane, i), kt, n, d, scale, scores, 0);
                int visible = maskRow(mask, p.causal(), plane, i, j0, n, scores, 0);
                if (visible == 0) continue;
                float blockMax = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < n; c++) blockMax = Math.max(blockMax, scores[c]);
                float newMax = Math.max(max[r], blockMax);
                if (newMax == Float.NEGATIVE_INFINITY) continue; // every key so far hidden: nothing to add
                float correction = max[r] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(max[r] - newMax);
                sum[r] = sum[r] * correction + expShifted(scores, 0, n, newMax);
                max[r] = newMax;
                int o = outBase + i * dv;
                if (correction != 1f) scaleRow(out, o, dv, correction);
                if (dropout != null) {
                    long element = ((long) plane * tq + i) * tk + j0;
                    for (int c = 0; c < n; c++) scores[c] *= dropout.factor(element + c);
                }
                weightedRowSum(scores, 0, n, v.data(), v.row(plane, j0), v.st(), out, o, dv);
            }
        }
        for (int r = 0; r < rows; r++) {
            int i = i0 + r;
            // A row with every key hidden: 0/0, NaN, as the composed softmax gives.
            scaleRow(out, outBase + i * dv, dv, 1f / sum[r]);
            lse[plane * tq + i] = max[r] + (float) Math.log(sum[r]);
        }
    }

    // ---- backward -----------------------------------------------------------------------------------------------

    /** dq, dk, dv (contiguous, like q, k, v) from the output gradient g, the output and lse. */
    static void backward(Operand g, Operand q, Operand k, Operand v, Mask mask, float[] out, float[] lse,
                         AttentionParams p, int planes, int tq, int tk, int d, int dv,
                         float[] dq, float[] dk, float[] dvOut) {
        long work = 2L * planes * tq * tk * (d + dv);
        Parallel.forEach(planes, work,
                plane -> backwardPlane(g, q, k, v, mask, out, lse, p, plane, tq, tk, d, dv, dq, dk, dvOut));
    }

    private static void backwardPlane(Operand g, Operand q, Operand k, Operand v, Mask mask, float[] out, float[] lse,
                                      AttentionParams p, int plane, int tq, int tk, int d, int dv,
                                      float[] dq, float[] dk, float[] dvOut) {
        Scratch s = SCRATCH.get();
        float[] kt = s.keys(d * KEYS), vt = s.values(dv * KEYS);
        float[] weights = s.block(0), dWeights = s.block(1), dScores = s.block(2);
        float[] keptT = s.block(3), dScoresT = s.block(4); // transposed: [key][query]
        Dropout dropout = p.dropout() > 0 ? new Dropout(p) : null;
        float scale = (float) p.scale();
        // D_i = dO_i . O_i: the weights' share of their own gradient (softmax's backward).
        float[] rowDot = new float[tq];
        for (int i = 0; i < tq; i++) rowDot[i] = dot(g.data(), g.row(plane, i), out, (plane * tq + i) * dv, dv);
        Arrays.fill(dq, plane * tq * d, (plane + 1) * tq * d, 0f);
        Arrays.fill(dk, plane * tk * d, (plane + 1) * tk * d, 0f);
        Arrays.fill(dvOut, plane * tk * dv, (plane + 1) * tk * dv, 0f);
        for (int j0 = 0; j0 < tk; j0 += KEYS) {
            int n = Math.min(KEYS, tk - j0);
            packTransposed(k, plane, j0, n, d, kt);
            packTransposed(v, plane, j0, n, dv, vt);
            // With causal, a query block that ends before the key block starts sees none of its keys.
            for (int i0 = p.causal() ? Math.min(j0, tq) / QUERIES * QUERIES : 0; i0 < tq; i0 += QUERIES) {
                int rows = Math.min(QUERIES, tq - i0);
                for (int r = 0; r < rows; r++) {
                    int i = i0 + r, wr = r * KEYS;
                    scores(q.data(), q.row(plane, i), kt, n, d, scale, weights, wr);
                    if (maskRow(mask, p.causal(), plane, i, j0, n, weights, wr) == 0) {
                        Arrays.fill(weights, wr, wr + n, 0f);
                    } else {
                        expShifted(weights, wr, n, lse[plane * tq + i]);
                    }
                    scores(g.data(), g.row(plane, i), vt, n, dv, 1f, dWeights, wr);
                    long element = ((long) plane * tq + i) * tk + j0;
                    for (int c = 0; c < n; c++) {
                        float w = weights[wr + c], factor = dropout == null ? 1f : dropout.factor(element + c);
                        keptT[c * QUERIES + r] = w * factor;
                        float dScore = w == 0f ? 0f : w * (dWeights[wr + c] * factor - rowDot[i]) * scale;
                        dScores[wr + c] = dScore;
                        dScoresT[c * QUERIES + r] = dScore;
                    }
                }
                // dV_j += sum_i P'_ij dO_i, dK_j += sum_i dS_ij Q_i, dQ_i += sum_j dS_ij K_j.
                for (int c = 0; c < n; c++) {
                    int j = j0 + c;
                    int at = c * QUERIES;
                    weightedRowSum(keptT, at, rows, g.data(), g.row(plane, i0), g.st(), dvOut, (plane * tk + j) * dv, dv);
                    weightedRowSum(dScoresT, at, rows, q.data(), q.row(plane, i0), q.st(), dk, (plane * tk + j) * d, d);
                }
                for (int r = 0; r < rows; r++) {
                    int at = (plane * tq + i0 + r) * d;
                    weightedRowSum(dScores, r * KEYS, n, k.data(), k.row(plane, j0), k.st(), dq, at, d);
                }
            }
        }
    }

    // ---- building blocks ----------------------------------------------------------------------------------------

    /** Rows j0 .. j0+n of x's plane, transposed into {@code t[feature * KEYS + key]}. */
    private static void packTransposed(Operand x, int plane, int j0, int n, int width, float[] t) {
        for (int c = 0; c < n; c++) {
            int row = x.row(plane, j0 + c);
            for (int f = 0; f < width; f++) t[f * KEYS + c] = x.data()[row + f];
        }
    }

    /** {@code scores[so + c] = scale * sum_f a[ao + f] * t[f * KEYS + c]} for c < n, vectorized over keys. */
    private static void scores(float[] a, int ao, float[] t, int n, int width, float scale, float[] scores, int so) {
        int lanes = FS.length(), c = 0;
        for (; c + 4 * lanes <= n; c += 4 * lanes) {
            FloatVector s0 = FloatVector.zero(FS), s1 = s0, s2 = s0, s3 = s0;
            for (int f = 0; f < width; f++) {
                FloatVector x = FloatVector.broadcast(FS, a[ao + f]);
                int at = f * KEYS + c;
                s0 = FloatVector.fromArray(FS, t, at).fma(x, s0);
                s1 = FloatVector.fromArray(FS, t, at + lanes).fma(x, s1);
                s2 = FloatVector.fromArray(FS, t, at + 2 * lanes).fma(x, s2);
                s3 = FloatVector.fromArray(FS, t, at + 3 * lanes).fma(x, s3);
            }
            s0.mul(scale).intoArray(scores, so + c);
            s1.mul(scale).intoArray(scores, so + c + lanes);
            s2.mul(scale).intoArray(scores, so + c + 2 * lanes);
            s3.mul(scale).intoArray(scores, so + c + 3 * lanes);
        }
        for (; c + lanes <= n; c += lanes) {
            FloatVector acc = FloatVector.zero(FS);
            for (int f = 0; f < width; f++) {
                acc = FloatVector.fromArray(FS, t, f * KEYS + c).fma(FloatVector.broadcast(FS, a[ao + f]), acc);
            }
            acc.mul(scale).intoArray(scores, so + c);
        }
        for (; c < n; c++) {
            float acc = 0f;
            for (int f = 0; f < width; f++) acc = Math.fma(t[f * KEYS + c], a[ao + f], acc);
            scores[so + c] = acc * scale;
        }
    }

    /**
     * Adds the mask to {@code scores[so ..]} and hides keys after query i when causal; returns how many keys of the
     * block stay visible.
     */
    private static int maskRow(Mask mask, boolean causal, int plane, int i, int j0, int n, float[] scores, int so) {
        if (mask != null) for (int c = 0; c < n; c++) scores[so + c] += mask.at(plane, i, j0 + c);
        int visible = n;
        if (causal && j0 + n - 1 > i) {
            visible = Math.max(0, i - j0 + 1);
            Arrays.fill(scores, so + visible, so + n, Float.NEGATIVE_INFINITY);
        }
        return visible;
    }

    /** {@code scores[so + c] = exp(scores[so + c] - shift)} in place; returns their sum (lane order, then the tail). */
    private static float expShifted(float[] scores, int so, int n, float shift) {
        FloatVector acc = FloatVector.zero(FS);
        int c = 0, bound = FS.loopBound(n);
        for (; c < bound; c += FS.length()) {
            FloatVector e = FloatExp.exp(FloatVector.fromArray(FS, scores, so + c).sub(shift));
            e.intoArray(scores, so + c);
            acc = acc.add(e);
        }
        float sum = (float) Lanes.sum(acc);
        for (; c < n; c++) {
            scores[so + c] = (float) Math.exp(scores[so + c] - shift);
            sum += scores[so + c];
        }
        return sum;
    }

    /**
     * {@code y[yo + f] += sum_c w[wo + c] * x[x0 + c * xs + f]} for f < width: rows of x weighted and summed into one
     * row of y, kept in registers over the rows, 4 vectors at a time; rows of weight 0 are skipped.
     */
    private static void weightedRowSum(float[] w, int wo, int n, float[] x, int x0, int xs,
                                       float[] y, int yo, int width) {
        int lanes = FS.length(), f = 0;
        for (; f + 4 * lanes <= width; f += 4 * lanes) {
            int at = yo + f;
            FloatVector a0 = FloatVector.fromArray(FS, y, at), a1 = FloatVector.fromArray(FS, y, at + lanes);
            FloatVector a2 = FloatVector.fromArray(FS, y, at + 2 * lanes);
            FloatVector a3 = FloatVector.fromArray(FS, y, at + 3 * lanes);
            for (int c = 0; c < n; c++) {
                float wc = w[wo + c];
                if (wc == 0f) continue;
                FloatVector b = FloatVector.broadcast(FS, wc);
                int xr = x0 + c * xs + f;
                a0 = FloatVector.fromArray(FS, x, xr).fma(b, a0);
                a1 = FloatVector.fromArray(FS, x, xr + lanes).fma(b, a1);
                a2 = FloatVector.fromArray(FS, x, xr + 2 * lanes).fma(b, a2);
                a3 = FloatVector.fromArray(FS, x, xr + 3 * lanes).fma(b, a3);
            }
            a0.intoArray(y, at);
            a1.intoArray(y, at + lanes);
            a2.intoArray(y, at + 2 * lanes);
            a3.intoArray(y, at + 3 * lanes);
        }
        for (; f + lanes <= width; f += lanes) {
            FloatVector a = FloatVector.fromArray(FS, y, yo + f);
            for (int c = 0; c < n; c++) {
                float wc = w[wo + c];
                if (wc != 0f) a = FloatVector.fromArray(FS, x, x0 + c * xs + f).fma(FloatVector.broadcast(FS, wc), a);
            }
            a.intoArray(y, yo + f);
        }
        for (; f < width; f++) {
            float a = y[yo + f];
            for (int c = 0; c < n; c++) a = Math.fma(w[wo + c], x[x0 + c * xs + f], a);
            y[yo + f] = a;
        }
    }

    private static void scaleRow(float[] y, int yo, int n, float a) {
        int f = 0, bound = FS.loopBound(n);
        for (; f < bound; f += FS.length()) FloatVector.fromArray(FS, y, yo + f).mul(a).intoArray(y, yo + f);
        for (; f < n; f++) y[yo + f] *= a;
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(FS);
        int f = 0, bound = FS.loopBound(n);
        for (; f < bound; f += FS.length()) {
            acc = FloatVector.fromArray(FS, a, ao + f).fma(FloatVector.fromArray(FS, b, bo + f), acc);
        }
        float sum = (float) Lanes.sum(acc);
        for (; f < n; f++) sum = Math.fma(a[ao + f], b[bo + f], sum);
        return sum;
    }
}
