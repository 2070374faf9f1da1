package io.jgrad.cpu;

import io.jgrad.backend.RecurrentCell;
import io.jgrad.cpu.gemm.Sgemm;
import io.jgrad.cpu.threads.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused F32 recurrence of {@link CpuBackend} on contiguous arrays (layouts as {@code Backend.recurrence} documents
 * them). Forward, per step: one GEMM {@code h W_hh^T} into a gates buffer reused by every step, then one pass over the
 * gates per sequence that adds the input projection and bias, applies the nonlinearities, updates the state and writes
 * the output and the saved gates. Backward, per step in reverse: one pass per sequence from the saved gates (nothing is
 * recomputed) to the gates' gradients, then one GEMM {@code dGates W_hh} accumulated into the carried {@code dh}.
 * A sequence past its length is skipped in both passes: its state and carried gradients stay, its outputs and gate
 * gradients stay zero. tanh and sigmoid are {@link FloatTanh} and {@link FloatExp}, the same bits in every JIT tier.
 */
final class RecurrenceKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int L = FS.length();

    private RecurrenceKernels() {}

    /** The shapes of one call. */
    record Dims(RecurrentCell cell, int steps, int batch, int hidden) {
        int width() { return cell.gates() * hidden; }
        int outWidth() { return cell.outputWidth(hidden); }
        int savedWidth() { return cell.savedWidth(hidden); }
    }

    /**
     * Runs the recurrence. {@code xp} [T, B, G*H], {@code w} [G*H, H], {@code bias} [G*H] or null, {@code h}/{@code c}
     * [B, H] (copies, updated in place; c null unless LSTM), {@code lengths} or null; writes {@code out} and
     * {@code saved} (zero-filled on entry).
     */
    static void forward(Dims d, boolean reverse, float[] xp, float[] w, float[] bias, float[] h, float[] c,
                        long[] lengths, float[] out, float[] saved) {
        int steps = d.steps(), batch = d.batch(), hidden = d.hidden(), width = d.width();
        float[] gates = new float[batch * width];
        long rowWork = 24L * width;
        for (int k = 0; k < steps; k++) {
            int t = reverse ? steps - 1 - k : k;
            if (hidden > 0 && batch > 0) Sgemm.gemm(false, true, batch, width, hidden, 1f, h, 0, hidden, w, 0, hidden, 0f, gates, 0, width);
            Parallel.forRange(batch, rowWork, (from, to) -> {
                for (int b = from; b < to; b++) {
                    int step = t * batch + b;
                    System.arraycopy(h, b * hidden, saved, step * d.savedWidth(), hidden);
                    if (lengths != null && t >= lengths[b]) continue;
                    switch (d.cell()) {
                        case RNN_TANH, RNN_RELU -> rnnRow(d, xp, step * width, bias, gates, b * width, h, b * hidden,
                                out, step * d.outWidth(), saved, step * d.savedWidth());
                        case LSTM -> lstmRow(d, xp, step * width, bias, gates, b * width, h, c, b * hidden,
                                out, step * d.outWidth(), saved, step * d.savedWidth());
                        case GRU -> gruRow(d, xp, step * width, bias, gates, b * width, h, b * hidden,
                                out, step * d.outWidth(), saved, step * d.savedWidth());
                    }
                }
            });
        }
    }

    private static FloatVector load(float[] a, int i, VectorMask<Float> m) {
        return m == null ? FloatVector.fromArray(FS, a, i) : FloatVector.fromArray(FS, a, i, m);
    }

    private static void store(FloatVector v, float[] a, int i, VectorMask<Float> m) {
        if (m == null) v.intoArray(a, i);
        else v.intoArray(a, i, m);
    }

    /** The mask of the chunk at {@code j} of a row of {@code n}: null for a full vector. */
    private static VectorMask<Float> chunk(int j, int n) { return j + L <= n ? null : FS.indexInRange(j, n); }

    private static FloatVector sigmoid(FloatVector v) { return FloatVector.broadcast(FS, 1f).div(FloatExp.exp(v.neg()).add(1f)); }

    /** Pre-activation of gate {@code g} at column j: input projection + recurrent projection (+ bias). */
    private static FloatVector pre(float[] xp, int xo, float[] bias, float[] gates, int go, int g, int hidden, int j,
                                   VectorMask<Float> m) {
        int col = g * hidden + j;
        FloatVector v = load(xp, xo + col, m).add(load(gates, go + col, m));
        return bias == null ? v : v.add(load(bias, col, m));
    }

    private static void rnnRow(Dims d, float[] xp, int xo, float[] bias, float[] gates, int go, float[] h, int ho,
                               float[] out, int oo, float[] saved, int so) {
        int hidden = d.hidden();
        boolean relu = d.cell() == RecurrentCell.RNN_RELU;
        for (int j = 0; j < hidden; j += L) {
            VectorMask<Float> m = chunk(j, hidden);
            FloatVector p = pre(xp, xo, bias, gates, go, 0, hidden, j, m);
            FloatVector hn = relu ? p.max(0f) : FloatTanh.tanh(p);
            store(hn, saved, so + hidden + j, m);
            store(hn, out, oo + j, m);
            store(hn, h, ho + j, m);
        }
    }

    private static void lstmRow(Dims d, float[] xp, int xo, float[] bias, float[] gates, int go, float[] h, float[] c,
                                int ho, float[] out, int oo, float[] saved, int so) {
        int hidden = d.hidden();
        for (int j = 0; j < hidden; j += L) {
            VectorMask<Float> m = chunk(j, hidden);
            FloatVector i = sigmoid(pre(xp, xo, bias, gates, go, 0, hidden, j, m));
            FloatVector f = sigmoid(pre(xp, xo, bias, gates, go, 1, hidden, j, m));
            FloatVector g = FloatTanh.tanh(pre(xp, xo, bias, gates, go, 2, hidden, j, m));
            FloatVector o = sigmoid(pre(xp, xo, bias, gates, go, 3, hidden, j, m));
            FloatVector cPrev = load(c, ho + j, m);
            FloatVector cNew = f.mul(cPrev).add(i.mul(g));
            FloatVector tc = FloatTanh.tanh(cNew);
            FloatVector hNew = o.mul(tc);
            store(cPrev, saved, so + hidden + j, m);
            store(i, saved, so + 2 * hidden + j, m);
            store(f, saved, so + 3 * hidden + j, m);
            store(g, saved, so + 4 * hidden + j, m);
            store(o, saved, so + 5 * hidden + j, m);
            store(tc, saved, so + 6 * hidden + j, m);
            store(hNew, out, oo + j, m);
            store(cNew, out, oo + hidden + j, m);
            store(hNew, h, ho + j, m);
            store(cNew, c, ho + j, m);
        }
    }

    private static void gruRow(Dims d, float[] xp, int xo, float[] bias, float[] gates, int go, float[] h, int ho,
                               float[] out, int oo, float[] saved, int so) {
        int hidden = d.hidden();
        for (int j = 0; j < hidden; j += L) {
            VectorMask<Float> m = chunk(j, hidden);
            FloatVector r = sigmoid(pre(xp, xo, bias, gates, go, 0, hidden, j, m));
            FloatVector z = sigmoid(pre(xp, xo, bias, gates, go, 1, hidden, j, m));
            FloatVector hn = load(gates, go + 2 * hidden + j, m);
            if (bias != null) hn = hn.add(load(bias, 2 * hidden + j, m));
            FloatVector n = FloatTanh.tanh(load(xp, xo + 2 * hidden + j, m).add(r.mul(hn)));
            FloatVector hPrev = load(h, ho + j, m);
            FloatVector hNew = z.mul(hPrev.sub(n)).add(n);
            store(r, saved, so + hidden + j, m);
            store(z, saved, so + 2 * hidden + j, m);
            store(n, saved, so + 3 * hidden + j, m);
            store(hn, saved, so + 4 * hidden + j, m);
            store(hNew, out, oo + j, m);
            store(hNew, h, ho + j, m);
        }
    }

    // ---- backward ------------------------------------------------------------------------------------------------

    /**
     * Backward through time: {@code gradOut} [T, B, outWidth] and {@code saved} contiguous; writes {@code dx} and
     * {@code dhh} [T, B, G*H] (the same array unless GRU; zero-filled on entry) and leaves the initial states'
     * gradients in {@code dh} and {@code dc} [B, H] (zero on entry; dc null unless LSTM).
     */
    static void backward(Dims d, boolean reverse, float[] gradOut, float[] saved, float[] w, long[] lengths,
                         float[] dx, float[] dhh, float[] dh, float[] dc) {
        int steps = d.steps(), batch = d.batch(), hidden = d.hidden(), width = d.width();
        long rowWork = 24L * width;
        for (int k = steps - 1; k >= 0; k--) {
            int t = reverse ? steps - 1 - k : k;
            Parallel.forRange(batch, rowWork, (from, to) -> {
                for (int b = from; b < to; b++) {
                    if (lengths != null && t >= lengths[b]) continue; // dh and dc pass through, gate gradients stay zero
                    int step = t * batch + b;
                    int go = step * d.outWidth(), so = step * d.savedWidth(), xo = step * width;
                    switch (d.cell()) {
                        case RNN_TANH, RNN_RELU -> rnnBackRow(d, gradOut, go, saved, so, dx, xo, dh, b * hidden);
                        case LSTM -> lstmBackRow(d, gradOut, go, saved, so, dx, xo, dh, dc, b * hidden);
                        case GRU -> gruBackRow(d, gradOut, go, saved, so, dx, dhh, xo, dh, b * hidden);
                    }
                }
            });
            // dh += dGates_t W_hh: rows past their length have zero gate gradients and keep their dh.
            if (hidden > 0 && batch > 0) Sgemm.gemm(false, false, batch, hidden, width, 1f, dhh, t * batch * width, width, w, 0, hidden, 1f, dh, 0, hidden);
        }
    }

    /** Leaves dh at zero for the GEMM to fill, after computing the gate gradient from it. */
    private static void rnnBackRow(Dims d, float[] gradOut, int go, float[] saved, int so, float[] dx, int xo,
                                   float[] dh, int ho) {
        int hidden = d.hidden();
        boolean relu = d.cell() == RecurrentCell.RNN_RELU;
        FloatVector zero = FloatVector.zero(FS);
        for (int j = 0; j < hidden; j += L) {
            VectorMask<Float> m = chunk(j, hidden);
            FloatVector dhc = load(dh, ho + j, m).add(load(gradOut, go + j, m));
            FloatVector hc = load(saved, so + hidden + j, m);
            FloatVector dpre = relu ? dhc.blend(zero, hc.compare(VectorOperators.LE, 0f))
                    : dhc.mul(FloatVector.broadcast(FS, 1f).sub(hc.mul(hc)));
            store(dpre, dx, xo + j, m);
            store(zero, dh, ho + j, m);
        }
    }

    private static void lstmBackRow(Dims d, float[] gradOut, int go, float[] saved, int so, float[] dx, int xo,
                                    float[] dh, float[] dc, int ho) {
        int hidden = d.hidden();
        FloatVector one = FloatVector.broadcast(FS, 1f), zero = FloatVector.zero(FS);
        for (int j = 0; j < hidden; j += L) {
            VectorMask<Float> m = chunk(j, hidden);
            FloatVector dhc = load(dh, ho + j, m).add(load(gradOut, go + j, m));
            FloatVector cPrev = load(saved, so + hidden + j, m), i = load(saved, so + 2 * hidden + j, m);
            FloatVector f = load(saved, so + 3 * hidden + j, m), g = load(saved, so + 4 * hidden + j, m);
            FloatVector o = load(saved, so + 5 * hidden + j, m), tc = load(saved, so + 6 * hidden + j, m);
            FloatVector dcc = load(dc, ho + j, m).add(load(gradOut, go + hidden + j, m))
                    .add(dhc.mul(o).mul(one.sub(tc.mul(tc))));
            store(dcc.mul(g).mul(i.mul(one.sub(i))), dx, xo + j, m);
            store(dcc.mul(cPrev).mul(f.mul(one.sub(f))), dx, xo + hidden + j, m);
            store(dcc.mul(i).mul(one.sub(g.mul(g))), dx, xo + 2 * hidden + j, m);
            store(dhc.mul(tc).mul(o.mul(one.sub(o))), dx, xo + 3 * hidden + j, m);
            store(dcc.mul(f), dc, ho + j, m);
            store(zero, dh, ho + j, m);
        }
    }

    private static void gruBackRow(Dims d, float[] gradOut, int go, float[] saved, int so, float[] dx, float[] dhh,
                                   int xo, float[] dh, int ho) {
        int hidden = d.hidden();
        FloatVector one = FloatVector.broadcast(FS, 1f);
        for (int j = 0; j < hidden; j += L) {
            VectorMask<Float> m = chunk(j, hidden);
            FloatVector dhc = load(dh, ho + j, m).add(load(gradOut, go + j, m));
            FloatVector hPrev = load(saved, so + j, m), r = load(saved, so + hidden + j, m);
            FloatVector z = load(saved, so + 2 * hidden + j, m), n = load(saved, so + 3 * hidden + j, m);
            FloatVector hn = load(saved, so + 4 * hidden + j, m);
            FloatVector dnPre = dhc.mul(one.sub(z)).mul(one.sub(n.mul(n)));
            FloatVector drPre = dnPre.mul(hn).mul(r.mul(one.sub(r)));
            FloatVector dzPre = dhc.mul(hPrev.sub(n)).mul(z.mul(one.sub(z)));
            store(drPre, dx, xo + j, m);
            store(dzPre, dx, xo + hidden + j, m);
            store(dnPre, dx, xo + 2 * hidden + j, m);
            store(drPre, dhh, xo + j, m);
            store(dzPre, dhh, xo + hidden + j, m);
            store(dnPre.mul(r), dhh, xo + 2 * hidden + j, m);
            store(dhc.mul(z), dh, ho + j, m);
        }
    }
}
