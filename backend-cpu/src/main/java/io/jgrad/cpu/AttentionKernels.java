package io.jgrad.cpu;

import io.jgrad.Layout;
import io.jgrad.backend.AttentionParams;
import io.jgrad.backend.Philox;
import io.jgrad.backend.RandomDistribution;
import io.jgrad.cpu.gemm.BlockTranspose;
import io.jgrad.cpu.threads.Parallel;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Blocked F32 scaled dot-product attention in the style of FlashAttention: forward computes the scores of a block of
 * {@link #QUERIES} query rows against one block of {@link #FORWARD_KEYS} keys at a time, so a thread never holds more
 * than a block of them whatever the sequence length, keeps each row's running maximum and sum (online softmax),
 * rescales the output row when the maximum grows, and saves the row's log-sum-exp. Up to 128 keys one block holds them
 * all, so no row is ever rescaled (forward and backward 4.7 % faster than with blocks of 64 keys, in alternating runs
 * here). Backward recomputes the weights of one [{@link #BACKWARD_QUERIES}, {@link #KEYS}] block at a time from it and
 * accumulates the three gradients in one pass over the (key block, query block) pairs of a plane. Its query blocks are
 * taller than forward's because each one adds to a key block's rows of dK and dV: with 128 rows a sequence of up to
 * 128 queries adds once, in one product of depth 128, where blocks of 32 rows loaded and stored those rows four times
 * (forward and backward 6.4-6.6 % faster).
 *
 * <p>Forward runs in parallel over planes ([batch, head] pairs; all the heads of a batch element per task when there
 * are enough, see {@link #planesPerTask}), or over (plane, block of queries) when there are too few planes for the
 * threads; backward over planes (each owns its rows of dK and dV), grouped the same way. Every sum runs in a fixed
 * order, so results do not depend on the thread count. Operands are views whose last axis has stride 1 (any other
 * strides, as the heads of a projection); keys (and in backward values) are packed transposed, [feature][key], and
 * every product ({@code Q K^T}, {@code P V}, {@code dS K}, {@code dS^T Q}, ...) is one {@link #multiplyAdd} that keeps
 * four output rows in registers.
 */
final class AttentionKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    /** Query rows and keys per forward block of scores; query rows and keys per backward block. */
    static final int QUERIES = 32, FORWARD_KEYS = 128, BACKWARD_QUERIES = 128, KEYS = 64;

    private AttentionKernels() {}

    /** A [B, H, T, D] view with stride 1 along D. */
    record Operand(float[] data, int offset, int sb, int sh, int st, int heads) {
        static Operand of(float[] data, Layout l) {
            return new Operand(data, l.offset(), l.stride(0), l.stride(1), l.stride(2), l.shape().dim(1));
        }

        /** Where row t of plane p (= b * H + h) starts. */
        int row(int plane, int t) { return offset + (plane / heads) * sb + (plane % heads) * sh + t * st; }

        /**
         * Rows 0 .. n of a plane copied one after the other into {@code into} ({@code width} floats each, see
         * {@link AttentionKernels#packRows}), as an operand whose every plane is that copy; this operand itself when
         * its rows already follow one another.
         */
        Operand packed(int plane, int n, int width, float[] into) {
            if (st == width) return this;
            packRows(this, plane, n, width, into);
            return new Operand(into, 0, 0, 0, width, 1);
        }
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
     * Per-thread working memory: a [QUERIES, FORWARD_KEYS] block of scores and the packed keys in forward; in backward
     * the packed values too, the [BACKWARD_QUERIES, KEYS] block's weights with their gradients, and each query row's
     * {@code dO . O}.
     */
    private static final class Scratch {
        // Running max per query row, and its running sum kept as one vector of lane sums (plus the keys past the last
        // whole vector) so that the lanes are added together once per row rather than once per block.
        final float[] max = new float[QUERIES], sumTail = new float[QUERIES];
        final float[] sumLanes = new float[QUERIES * FS.length()];
        final float[][] blocks = new float[4][Math.max(QUERIES * FORWARD_KEYS, BACKWARD_QUERIES * KEYS)];
        float[] keys = new float[0], values = new float[0], rowDots = new float[0];
        /** Backward's copies of a plane's rows of q, dO and k. */
        final float[][] rows = {new float[0], new float[0], new float[0]};

        float[] rows(int which, int n) { return rows[which].length >= n ? rows[which] : (rows[which] = new float[n]); }

        float[] block(int which) { return blocks[which]; }

        float[] rowDots(int n) { return rowDots.length >= n ? rowDots : (rowDots = new float[n]); }

        float[] keys(int n) { return keys.length >= n ? keys : (keys = new float[n]); }

        float[] values(int n) { return values.length >= n ? values : (values = new float[n]); }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    // ---- forward ------------------------------------------------------------------------------------------------

    /**
     * out [B, H, Tq, Dv] (any layout with stride 1 along Dv, every element written) and lse [B, H, Tq], contiguous. A
     * task is a plane's query blocks, or one block of a plane when there are too few planes to keep the threads busy;
     * it packs the plane's keys once.
     */
    static void forward(Operand q, Operand k, Operand v, Mask mask, AttentionParams p, int planes, int tq, int tk,
                        int d, int dv, Operand out, float[] lse) {
        int blocks = (tq + QUERIES - 1) / QUERIES;
        long work = (long) planes * tq * tk * (d + dv);
        if (planes >= 4 * Parallel.THREADS) { // whole planes per task
            int group = planesPerTask(planes, q.heads());
            Parallel.forEach(planes / group, work, task -> {
                for (int plane = task * group; plane < (task + 1) * group; plane++) {
                    forwardBlocks(q, k, v, mask, p, plane, 0, blocks, tq, tk, d, dv, out, lse);
                }
            });
        } else {
            Parallel.forEach(planes * blocks, work, task -> forwardBlocks(q, k, v, mask, p, task / blocks,
                    task % blocks, 1, tq, tk, d, dv, out, lse));
        }
    }

    /** Query blocks first .. first + count of a plane: packs the keys and values they see, then runs them. */
    private static void forwardBlocks(Operand q, Operand k, Operand v, Mask mask, AttentionParams p, int plane,
                                      int first, int count, int tq, int tk, int d, int dv, Operand out, float[] lse) {
        int keyEnd = p.causal() ? Math.min(tk, Math.min(tq, (first + count) * QUERIES)) : tk;
        Scratch s = SCRATCH.get();
        float[] kt = s.keys(d * keyEnd), vp = s.values(dv * keyEnd);
        packTransposed(k, plane, 0, keyEnd, d, kt, (float) p.scale());
        packRows(v, plane, keyEnd, dv, vp);
        for (int b = first; b < first + count; b++) {
            int i0 = b * QUERIES, i1 = Math.min(tq, i0 + QUERIES);
            forwardRows(kt, vp, keyEnd, q, mask, p, plane, i0, i1, tq, tk, d, dv, out, lse);
        }
    }

    /**
     * Planes per task of a pass over whole planes: all the heads of a batch element when there are at least 4 batch
     * elements per thread, else one. Two threads then work on different tokens: in token-major outputs and gradients
     * (the heads of a projection) the rows of one token's neighbouring heads share the cache lines at their ends (a
     * float array's elements start 16 bytes into a line), and two threads writing neighbouring heads at once moved
     * those lines between the cores (forward and backward together, in alternating runs here: 5.9 % faster with
     * backward's tasks grouped, 2.8 % more with forward's).
     */
    private static int planesPerTask(int planes, int heads) {
        return heads > 1 && planes % heads == 0 && planes / heads >= 4 * Parallel.THREADS ? heads : 1;
    }

    /**
     * Query rows i0 .. i1 of a plane against its keys, packed transposed and scaled in kt ([feature][key], keyCount
     * keys), and its values packed in vp ([key][feature]).
     */
    private static void forwardRows(float[] kt, float[] vp, int keyCount, Operand q, Mask mask, AttentionParams p,
                                    int plane, int i0, int i1, int tq, int tk, int d, int dv, Operand o, float[] lse) {
        Scratch s = SCRATCH.get();
        float[] scores = s.block(0); // scores [row][key] of the block
        Dropout dropout = p.dropout() > 0 ? new Dropout(p) : null;
        int rows = i1 - i0;
        float[] max = s.max, sumLanes = s.sumLanes, sumTail = s.sumTail;
        int lanes = FS.length();
        Arrays.fill(max, 0, rows, Float.NEGATIVE_INFINITY);
        Arrays.fill(sumLanes, 0, rows * lanes, 0f);
        Arrays.fill(sumTail, 0, rows, 0f);
        float[] out = o.data();
        int keyEnd = p.causal() ? Math.min(tk, i1) : tk; // keys after the last query of the block are hidden
        if (keyEnd == 0) clearRows(o, plane, i0, i1, dv); // else the first key block's product writes the rows
        for (int j0 = 0; j0 < keyEnd; j0 += FORWARD_KEYS) {
            int n = Math.min(FORWARD_KEYS, keyEnd - j0);
            multiplyAdd(q.data(), q.row(plane, i0), q.st(), 1, rows, d, kt, j0, keyCount, scores, 0, FORWARD_KEYS, n,
                    true);
            for (int r = 0; r < rows; r++) {
                int i = i0 + r, so = r * FORWARD_KEYS;
                int visible = maskRow(mask, p.causal(), plane, i, j0, n, scores, so);
                float newMax = Math.max(max[r], rowMax(scores, so, n));
                if (visible == 0 || newMax == Float.NEGATIVE_INFINITY) { // nothing of this block to add to the row
                    Arrays.fill(scores, so, so + n, 0f);
                    continue;
                }
                float correction = max[r] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(max[r] - newMax);
                float tail = expAndSum(scores, so, n, newMax, correction, sumLanes, r * lanes);
                sumTail[r] = sumTail[r] * correction + tail;
                max[r] = newMax;
                if (j0 > 0 && correction != 1f) scaleRow(out, o.row(plane, i), dv, correction);
                if (dropout != null) {
                    long element = ((long) plane * tq + i) * tk + j0;
                    for (int c = 0; c < n; c++) scores[so + c] *= dropout.factor(element + c);
                }
            }
            multiplyAdd(scores, 0, FORWARD_KEYS, 1, rows, n, vp, j0 * dv, dv, out, o.row(plane, i0), o.st(), dv,
                    j0 == 0);
        }
        for (int r = 0; r < rows; r++) {
            int i = i0 + r;
            // The lane sums added in lane order in double, as Lanes.sum adds a vector's lanes: read from the array
            // rather than passed as a vector, which C2 sometimes left out of line here and boxed, once per row.
            double lanesSum = 0;
            for (int l = r * lanes; l < (r + 1) * lanes; l++) lanesSum += sumLanes[l];
            float sum = (float) lanesSum + sumTail[r];
            // A row with every key hidden: 0/0, NaN, as the composed softmax gives.
            scaleRow(out, o.row(plane, i), dv, 1f / sum);
            lse[plane * tq + i] = max[r] + (float) Math.log(sum);
        }
    }

    // ---- backward -----------------------------------------------------------------------------------------------

    /**
     * dq, dk, dv (any layouts with stride 1 along the features, every element written) from the output gradient g, the
     * output and lse.
     */
    static void backward(Operand g, Operand q, Operand k, Operand v, Mask mask, Operand out, float[] lse,
                         AttentionParams p, int planes, int tq, int tk, int d, int dv,
                         Operand dq, Operand dk, Operand dvOut) {
        long work = 2L * planes * tq * tk * (d + dv);
        int group = planesPerTask(planes, q.heads());
        Parallel.forEach(planes / group, work, task -> {
            for (int plane = task * group; plane < (task + 1) * group; plane++) {
                backwardPacked(g, q, k, v, mask, out, lse, p, plane, tq, tk, d, dv, dq, dk, dvOut);
            }
        });
    }

    /**
     * One plane's gradients: its rows of q, dO and k, which the products read many times over, copied one after the
     * other first (in place, the heads of a projection lie a token apart, 1-3 KB, and 128 rows crowd into a few cache
     * sets): forward and backward 5.5 % faster (interval 3.9-7.2) in alternating runs here. Forward reads its queries
     * in place: copying them too was 4 % slower. The copies are made here rather than in {@link #backwardPlane},
     * which C2 then no longer compiled whole: vectors it passed on were boxed, 24 MB a call.
     */
    private static void backwardPacked(Operand g, Operand q, Operand k, Operand v, Mask mask, Operand out,
                                       float[] lse, AttentionParams p, int plane, int tq, int tk, int d, int dv,
                                       Operand dq, Operand dk, Operand dvOut) {
        Scratch s = SCRATCH.get();
        Operand qp = q.packed(plane, tq, d, s.rows(0, tq * d)), gp = g.packed(plane, tq, dv, s.rows(1, tq * dv));
        Operand kp = k.packed(plane, tk, d, s.rows(2, tk * d));
        backwardPlane(gp, qp, kp, v, mask, out, lse, p, plane, tq, tk, d, dv, dq, dk, dvOut);
    }

    private static void backwardPlane(Operand g, Operand q, Operand k, Operand v, Mask mask, Operand out, float[] lse,
                                      AttentionParams p, int plane, int tq, int tk, int d, int dv,
                                      Operand dq, Operand dk, Operand dvOut) {
        Scratch s = SCRATCH.get();
        float[] kt = s.keys(d * KEYS), vt = s.values(dv * KEYS);
        float[] weights = s.block(0), dWeights = s.block(1), dScores = s.block(2), kept = s.block(3);
        Dropout dropout = p.dropout() > 0 ? new Dropout(p) : null;
        float scale = (float) p.scale();
        // D_i = dO_i . O_i: the weights' share of their own gradient (softmax's backward).
        float[] rowDot = s.rowDots(tq);
        for (int i = 0; i < tq; i++) rowDot[i] = dot(g.data(), g.row(plane, i), out.data(), out.row(plane, i), dv);
        // The gradients are not cleared first: the first product into each row writes it (dQ's rows with the first key
        // block, dK's and dV's with the first query block that sees their keys), later ones add to it (4 % faster).
        if (tk == 0) clearRows(dq, plane, 0, tq, d);
        for (int j0 = 0; j0 < tk; j0 += KEYS) {
            int n = Math.min(KEYS, tk - j0);
            // With causal, a query block that ends before the key block starts sees none of its keys.
            int firstBlock = p.causal() ? Math.min(j0, tq) / BACKWARD_QUERIES * BACKWARD_QUERIES : 0;
            if (firstBlock >= tq) { // no queries at all
                clearRows(dk, plane, j0, j0 + n, d);
                clearRows(dvOut, plane, j0, j0 + n, dv);
                continue;
            }
            packTransposed(k, plane, j0, n, d, kt, scale);
            packTransposed(v, plane, j0, n, dv, vt, 1f);
            for (int i0 = firstBlock; i0 < tq; i0 += BACKWARD_QUERIES) {
                int rows = Math.min(BACKWARD_QUERIES, tq - i0);
                multiplyAdd(q.data(), q.row(plane, i0), q.st(), 1, rows, d, kt, 0, n, weights, 0, KEYS, n, true);
                multiplyAdd(g.data(), g.row(plane, i0), g.st(), 1, rows, dv, vt, 0, n, dWeights, 0, KEYS, n, true);
                for (int r = 0; r < rows; r++) {
                    int i = i0 + r, wr = r * KEYS;
                    if (maskRow(mask, p.causal(), plane, i, j0, n, weights, wr) == 0) {
                        Arrays.fill(weights, wr, wr + n, 0f);
                    } else {
                        expShifted(weights, wr, n, lse[plane * tq + i]);
                    }
                    if (dropout == null) {
                        scoreGradients(weights, dWeights, wr, n, rowDot[i], scale, dScores);
                    } else {
                        long element = ((long) plane * tq + i) * tk + j0;
                        for (int c = 0; c < n; c++) {
                            float w = weights[wr + c], factor = dropout.factor(element + c);
                            kept[wr + c] = w * factor;
                            dScores[wr + c] = w == 0f ? 0f : w * (dWeights[wr + c] * factor - rowDot[i]) * scale;
                        }
                    }
                }
                // dV_j += sum_i P'_ij dO_i, dK_j += sum_i dS_ij Q_i (both read the blocks transposed),
                // dQ_i += sum_j dS_ij K_j.
                boolean keysFirst = i0 == firstBlock, queriesFirst = j0 == 0;
                multiplyAdd(dropout == null ? weights : kept, 0, 1, KEYS, n, rows, g.data(), g.row(plane, i0), g.st(),
                        dvOut.data(), dvOut.row(plane, j0), dvOut.st(), dv, keysFirst);
                multiplyAdd(dScores, 0, 1, KEYS, n, rows, q.data(), q.row(plane, i0), q.st(),
                        dk.data(), dk.row(plane, j0), dk.st(), d, keysFirst);
                multiplyAdd(dScores, 0, KEYS, 1, rows, n, k.data(), k.row(plane, j0), k.st(),
                        dq.data(), dq.row(plane, i0), dq.st(), d, queriesFirst);
            }
        }
    }

    /** {@code dS = P * (dP - D_i) * scale} for one row of a block without dropout (0 where the weight is 0). */
    private static void scoreGradients(float[] weights, float[] dWeights, int wr, int n, float rowDot, float scale,
                                       float[] dScores) {
        int c = 0, bound = FS.loopBound(n);
        for (; c < bound; c += FS.length()) {
            FloatVector w = FloatVector.fromArray(FS, weights, wr + c);
            FloatVector ds = w.mul(FloatVector.fromArray(FS, dWeights, wr + c).sub(rowDot)).mul(scale);
            ds.blend(0f, w.eq(0f)).intoArray(dScores, wr + c);
        }
        for (; c < n; c++) {
            float w = weights[wr + c];
            dScores[wr + c] = w == 0f ? 0f : w * (dWeights[wr + c] - rowDot) * scale;
        }
    }

    // ---- building blocks ----------------------------------------------------------------------------------------

    /**
     * Rows j0 .. j0+n of x's plane, transposed into {@code t[feature * n + key]} and multiplied by {@code factor}: the
     * keys take the scale there, so that the scores come out of their product scaled (the same values when the scale
     * is a power of two, as 1 / sqrt(D) is for D = 4, 16, 64, 256).
     */
    private static void packTransposed(Operand x, int plane, int j0, int n, int width, float[] t, float factor) {
        float[] data = x.data();
        int first = x.row(plane, j0), st = x.st(), b = BlockTranspose.B;
        // 8 x 8 blocks through registers, 8 rows at a time: the rows of a projection's heads lie a token's features
        // apart (3 KB in transformer-train's [32, 128, 768] projection), so 128 of them share a few cache sets, and
        // reading a feature of each in turn missed the cache on most reads (attention forward and backward 8.9 %
        // faster blocked, in alternating runs here)
        int keys = BlockTranspose.AVAILABLE ? n - n % b : 0;
        int features = BlockTranspose.AVAILABLE ? width - width % b : 0;
        for (int c = 0; c < keys; c += b) {
            for (int f = 0; f < features; f += b) {
                BlockTranspose.transpose8(data, first + c * st + f, st, t, f * n + c, n);
            }
        }
        for (int f = features; f < width; f++) { // what the blocks leave: the last features, then the last keys
            for (int c = 0; c < keys; c++) t[f * n + c] = data[first + c * st + f];
        }
        for (int f = 0; f < width; f++) {
            for (int c = keys; c < n; c++) t[f * n + c] = data[first + c * st + f];
        }
        if (factor != 1f) scaleRow(t, 0, width * n, factor); // the same rounding as scaling each copy
    }

    /**
     * Rows 0 .. n of x's plane, one after the other in {@code t} ({@code width} floats each): read from there, the
     * rows of a projection's heads (a whole token's features apart) do not crowd into the same cache sets.
     */
    private static void packRows(Operand x, int plane, int n, int width, float[] t) {
        for (int j = 0; j < n; j++) System.arraycopy(x.data(), x.row(plane, j), t, j * width, width);
    }

    /**
     * {@code y[yo + r * ys + f] += sum_c w[wo + r * ws + c * wc] * x[x0 + c * xs + f]} for r < rows, c < n,
     * f < width ({@code =} rather than {@code +=} with {@code overwrite}, which neither reads y nor needs it cleared
     * first): a small matrix product (w read either way round through its strides), four rows of y in registers at a
     * time so that each loaded row of x serves four FMAs; every element's sum runs in the order of c.
     *
     * <p>Each width of the register tile (four, two and one vectors) is its own method, and none passes vectors to a
     * helper: a method of all three, with a helper storing four vectors, was once in a few runs too large for C2 to
     * inline that helper (its node count past NodeCountInliningCutoff), and the vectors it passed were then boxed on
     * every FMA of the loop, 4.6 GB a step of transformer-train at a quarter of the speed.
     */
    static void multiplyAdd(float[] w, int wo, int ws, int wc, int rows, int n, float[] x, int x0, int xs,
                            float[] y, int yo, int ys, int width, boolean overwrite) {
        int lanes = FS.length();
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int wr = wo + r * ws, yr = yo + r * ys, f = 0;
            for (; f + 4 * lanes <= width; f += 4 * lanes) {
                fourRowsFourVectors(w, wr, ws, wc, n, x, x0 + f, xs, y, yr + f, ys, overwrite);
            }
            for (; f + 2 * lanes <= width; f += 2 * lanes) {
                fourRowsTwoVectors(w, wr, ws, wc, n, x, x0 + f, xs, y, yr + f, ys, overwrite);
            }
            for (; f + lanes <= width; f += lanes) {
                fourRowsOneVector(w, wr, ws, wc, n, x, x0 + f, xs, y, yr + f, ys, overwrite);
            }
            for (int q = 0; q < 4 && f < width; q++) { // the last columns, fewer than a vector: a row at a time
                weightedRowSum(w, wr + q * ws, wc, n, x, x0 + f, xs, y, yr + q * ys + f, width - f, overwrite);
            }
        }
        for (; r < rows; r++) weightedRowSum(w, wo + r * ws, wc, n, x, x0, xs, y, yo + r * ys, width, overwrite);
    }

    /** Four rows of y by four vectors from yo: 16 accumulators. */
    private static void fourRowsFourVectors(float[] w, int wo, int ws, int wc, int n, float[] x, int x0, int xs,
                                            float[] y, int yo, int ys, boolean overwrite) {
        int l1 = FS.length(), l2 = 2 * l1, l3 = 3 * l1;
        int w1 = wo + ws, w2 = w1 + ws, w3 = w2 + ws, y1 = yo + ys, y2 = y1 + ys, y3 = y2 + ys;
        FloatVector a00 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, yo);
        FloatVector a01 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, yo + l1);
        FloatVector a02 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, yo + l2);
        FloatVector a03 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, yo + l3);
        FloatVector a10 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y1);
        FloatVector a11 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y1 + l1);
        FloatVector a12 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y1 + l2);
        FloatVector a13 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y1 + l3);
        FloatVector a20 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y2);
        FloatVector a21 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y2 + l1);
        FloatVector a22 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y2 + l2);
        FloatVector a23 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y2 + l3);
        FloatVector a30 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y3);
        FloatVector a31 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y3 + l1);
        FloatVector a32 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y3 + l2);
        FloatVector a33 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y3 + l3);
        for (int c = 0; c < n; c++) {
            int xr = x0 + c * xs;
            FloatVector b0 = FloatVector.fromArray(FS, x, xr), b1 = FloatVector.fromArray(FS, x, xr + l1);
            FloatVector b2 = FloatVector.fromArray(FS, x, xr + l2), b3 = FloatVector.fromArray(FS, x, xr + l3);
            FloatVector s = FloatVector.broadcast(FS, w[wo + c * wc]);
            a00 = b0.fma(s, a00);
            a01 = b1.fma(s, a01);
            a02 = b2.fma(s, a02);
            a03 = b3.fma(s, a03);
            s = FloatVector.broadcast(FS, w[w1 + c * wc]);
            a10 = b0.fma(s, a10);
            a11 = b1.fma(s, a11);
            a12 = b2.fma(s, a12);
            a13 = b3.fma(s, a13);
            s = FloatVector.broadcast(FS, w[w2 + c * wc]);
            a20 = b0.fma(s, a20);
            a21 = b1.fma(s, a21);
            a22 = b2.fma(s, a22);
            a23 = b3.fma(s, a23);
            s = FloatVector.broadcast(FS, w[w3 + c * wc]);
            a30 = b0.fma(s, a30);
            a31 = b1.fma(s, a31);
            a32 = b2.fma(s, a32);
            a33 = b3.fma(s, a33);
        }
        a00.intoArray(y, yo);
        a01.intoArray(y, yo + l1);
        a02.intoArray(y, yo + l2);
        a03.intoArray(y, yo + l3);
        a10.intoArray(y, y1);
        a11.intoArray(y, y1 + l1);
        a12.intoArray(y, y1 + l2);
        a13.intoArray(y, y1 + l3);
        a20.intoArray(y, y2);
        a21.intoArray(y, y2 + l1);
        a22.intoArray(y, y2 + l2);
        a23.intoArray(y, y2 + l3);
        a30.intoArray(y, y3);
        a31.intoArray(y, y3 + l1);
        a32.intoArray(y, y3 + l2);
        a33.intoArray(y, y3 + l3);
    }

    /** Four rows of y by two vectors from yo (a head of 32 features with 16-lane vectors). */
    private static void fourRowsTwoVectors(float[] w, int wo, int ws, int wc, int n, float[] x, int x0, int xs,
                                           float[] y, int yo, int ys, boolean overwrite) {
        int l1 = FS.length();
        int w1 = wo + ws, w2 = w1 + ws, w3 = w2 + ws, y1 = yo + ys, y2 = y1 + ys, y3 = y2 + ys;
        FloatVector a00 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, yo);
        FloatVector a01 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, yo + l1);
        FloatVector a10 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y1);
        FloatVector a11 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y1 + l1);
        FloatVector a20 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y2);
        FloatVector a21 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y2 + l1);
        FloatVector a30 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y3);
        FloatVector a31 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y3 + l1);
        for (int c = 0; c < n; c++) {
            int xr = x0 + c * xs;
            FloatVector b0 = FloatVector.fromArray(FS, x, xr), b1 = FloatVector.fromArray(FS, x, xr + l1);
            FloatVector s = FloatVector.broadcast(FS, w[wo + c * wc]);
            a00 = b0.fma(s, a00);
            a01 = b1.fma(s, a01);
            s = FloatVector.broadcast(FS, w[w1 + c * wc]);
            a10 = b0.fma(s, a10);
            a11 = b1.fma(s, a11);
            s = FloatVector.broadcast(FS, w[w2 + c * wc]);
            a20 = b0.fma(s, a20);
            a21 = b1.fma(s, a21);
            s = FloatVector.broadcast(FS, w[w3 + c * wc]);
            a30 = b0.fma(s, a30);
            a31 = b1.fma(s, a31);
        }
        a00.intoArray(y, yo);
        a01.intoArray(y, yo + l1);
        a10.intoArray(y, y1);
        a11.intoArray(y, y1 + l1);
        a20.intoArray(y, y2);
        a21.intoArray(y, y2 + l1);
        a30.intoArray(y, y3);
        a31.intoArray(y, y3 + l1);
    }

    /** Four rows of y by one vector from yo. */
    private static void fourRowsOneVector(float[] w, int wo, int ws, int wc, int n, float[] x, int x0, int xs,
                                          float[] y, int yo, int ys, boolean overwrite) {
        int w1 = wo + ws, w2 = w1 + ws, w3 = w2 + ws, y1 = yo + ys, y2 = y1 + ys, y3 = y2 + ys;
        FloatVector a0 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, yo);
        FloatVector a1 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y1);
        FloatVector a2 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y2);
        FloatVector a3 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, y3);
        for (int c = 0; c < n; c++) {
            FloatVector b = FloatVector.fromArray(FS, x, x0 + c * xs);
            a0 = b.fma(FloatVector.broadcast(FS, w[wo + c * wc]), a0);
            a1 = b.fma(FloatVector.broadcast(FS, w[w1 + c * wc]), a1);
            a2 = b.fma(FloatVector.broadcast(FS, w[w2 + c * wc]), a2);
            a3 = b.fma(FloatVector.broadcast(FS, w[w3 + c * wc]), a3);
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, y1);
        a2.intoArray(y, y2);
        a3.intoArray(y, y3);
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

    /** The largest of {@code scores[so .. so + n)} (NaN if any is NaN, as Math.max). */
    private static float rowMax(float[] scores, int so, int n) {
        FloatVector acc = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
        int c = 0, bound = FS.loopBound(n);
        for (; c < bound; c += FS.length()) acc = acc.max(FloatVector.fromArray(FS, scores, so + c));
        float max = acc.reduceLanes(VectorOperators.MAX);
        for (; c < n; c++) max = Math.max(max, scores[so + c]);
        return max;
    }

    /**
     * {@code scores[so + c] = exp(scores[so + c] - shift)} in place; the row's running lane sums at {@code lo} become
     * {@code lanes * correction} plus the new values' (whole vectors, in key order); returns the sum of the keys past
     * the last whole vector.
     */
    private static float expAndSum(float[] scores, int so, int n, float shift, float correction, float[] lanes,
                                   int lo) {
        FloatVector acc = FloatVector.fromArray(FS, lanes, lo).mul(correction);
        int c = 0, bound = FS.loopBound(n);
        for (; c < bound; c += FS.length()) {
            FloatVector e = FloatExp.exp(FloatVector.fromArray(FS, scores, so + c).sub(shift));
            e.intoArray(scores, so + c);
            acc = acc.add(e);
        }
        acc.intoArray(lanes, lo);
        float tail = 0f;
        for (; c < n; c++) {
            scores[so + c] = (float) Math.exp(scores[so + c] - shift);
            tail += scores[so + c];
        }
        return tail;
    }

    /** {@code scores[so + c] = exp(scores[so + c] - shift)} in place. */
    private static void expShifted(float[] scores, int so, int n, float shift) {
        int c = 0, bound = FS.loopBound(n);
        for (; c < bound; c += FS.length()) {
            FloatExp.exp(FloatVector.fromArray(FS, scores, so + c).sub(shift)).intoArray(scores, so + c);
        }
        for (; c < n; c++) scores[so + c] = (float) Math.exp(scores[so + c] - shift);
    }

    /**
     * {@code y[yo + f] += sum_c w[wo + c * wc] * x[x0 + c * xs + f]} for f < width: rows of x weighted and summed into one
     * row of y, kept in registers over the rows, 4 vectors at a time; rows of weight 0 are skipped.
     */
    private static void weightedRowSum(float[] w, int wo, int wc, int n, float[] x, int x0, int xs,
                                       float[] y, int yo, int width, boolean overwrite) {
        int lanes = FS.length(), f = 0;
        for (; f + 4 * lanes <= width; f += 4 * lanes) {
            int at = yo + f;
            FloatVector a0 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, at);
            FloatVector a1 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, at + lanes);
            FloatVector a2 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, at + 2 * lanes);
            FloatVector a3 = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, at + 3 * lanes);
            for (int c = 0; c < n; c++) {
                float wk = w[wo + c * wc];
                if (wk == 0f) continue;
                FloatVector b = FloatVector.broadcast(FS, wk);
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
            FloatVector a = overwrite ? FloatVector.zero(FS) : FloatVector.fromArray(FS, y, yo + f);
            for (int c = 0; c < n; c++) {
                float wk = w[wo + c * wc];
                if (wk != 0f) a = FloatVector.fromArray(FS, x, x0 + c * xs + f).fma(FloatVector.broadcast(FS, wk), a);
            }
            a.intoArray(y, yo + f);
        }
        for (; f < width; f++) {
            float a = overwrite ? 0f : y[yo + f];
            for (int c = 0; c < n; c++) a = Math.fma(w[wo + c * wc], x[x0 + c * xs + f], a);
            y[yo + f] = a;
        }
    }

    /** Zeros rows i0 .. i1 (width floats each) of x's plane. */
    private static void clearRows(Operand x, int plane, int i0, int i1, int width) {
        for (int i = i0; i < i1; i++) {
            int at = x.row(plane, i);
            Arrays.fill(x.data(), at, at + width, 0f);
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
