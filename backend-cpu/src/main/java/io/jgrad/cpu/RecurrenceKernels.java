package io.jgrad.cpu;

import io.jgrad.backend.RecurrentCell;
import io.jgrad.backend.UnaryOp;
import io.jgrad.cpu.gemm.Sgemm;
import io.jgrad.cpu.threads.Parallel;

/**
 * The fused F32 recurrence of {@link CpuBackend} on contiguous arrays (layouts as {@code Backend.recurrence} documents
 * them). {@code W_hh} is packed for the GEMM once per call ({@link Sgemm#pack}). Forward, per step: one GEMM
 * {@code h W_hh^T} into a gates buffer reused by every step, then one pass over the
 * gates per sequence that adds the input projection and bias, applies the nonlinearities, updates the state and writes
 * the output and the saved gates. Backward, per step in reverse: one pass per sequence from the saved gates (nothing is
 * recomputed) to the gates' gradients, then one GEMM {@code dGates W_hh} accumulated into the carried {@code dh}.
 * A sequence past its length is skipped in both passes: its state and carried gradients stay, its outputs and gate
 * gradients stay zero. tanh and sigmoid run through {@link UnaryKernels} over whole gate blocks ({@link FloatTanh},
 * {@link FloatExp}: the same bits in every JIT tier); the rest are plain loops, which C2 vectorizes, kept small so
 * that they compile on their own (one big vector loop body is not inlined, and then every vector is boxed).
 */
final class RecurrenceKernels {
    private RecurrenceKernels() {}

    /** The shapes of one call. */
    record Dims(RecurrentCell cell, int steps, int batch, int hidden) {
        int width() { return cell.gates() * hidden; }
        int outWidth() { return cell.outputWidth(hidden); }
        int savedWidth() { return cell.savedWidth(hidden); }
    }

    /**
     * Runs the recurrence. {@code xp} [T, B, G*H], {@code w} [G*H, H], {@code bias} [G*H] or null, {@code h}/{@code c}
     * [B, H] (copies, updated in place; c null unless LSTM), {@code lengths} or null. Without lengths it writes every
     * element of {@code out} and {@code saved}; with them the padded steps' rows keep what they held (zeros on entry),
     * but for the state copied into {@code saved}.
     */
    static void forward(Dims d, boolean reverse, float[] xp, float[] w, float[] bias, float[] h, float[] c,
                        long[] lengths, float[] out, float[] saved) {
        int steps = d.steps(), batch = d.batch(), hidden = d.hidden(), width = d.width();
        float[] gates = new float[batch * width];
        float[] scratch = d.cell() == RecurrentCell.GRU ? new float[batch * hidden] : null;
        Sgemm.PackedB wT = Sgemm.pack(true, hidden, width, w, 0, hidden); // packed once, used by every step
        long rowWork = 24L * width;
        for (int k = 0; k < steps; k++) {
            int t = reverse ? steps - 1 - k : k;
            Sgemm.gemmPacked(false, batch, 1f, h, 0, hidden, wT, 0f, gates, 0, width);
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
                                out, step * d.outWidth(), saved, step * d.savedWidth(), scratch);
                    }
                }
            });
        }
    }

    private static void sigmoid(float[] a, int from, int n) { UnaryKernels.f32(UnaryOp.SIGMOID, 0f, 0f, a, from, a, from, n); }

    private static void tanh(float[] a, int from, float[] out, int to, int n) { UnaryKernels.f32(UnaryOp.TANH, 0f, 0f, a, from, out, to, n); }

    /** {@code gates[go + col] += xp[xo + col] + bias[col]} over columns [from, to): the gates' pre-activations. */
    private static void addInput(float[] gates, int go, float[] xp, int xo, float[] bias, int from, int to) {
        if (bias == null) {
            for (int col = from; col < to; col++) gates[go + col] += xp[xo + col];
        } else {
            for (int col = from; col < to; col++) gates[go + col] += xp[xo + col] + bias[col];
        }
    }

    private static void rnnRow(Dims d, float[] xp, int xo, float[] bias, float[] gates, int go, float[] h, int ho,
                               float[] out, int oo, float[] saved, int so) {
        int hidden = d.hidden();
        addInput(gates, go, xp, xo, bias, 0, hidden);
        UnaryOp act = d.cell() == RecurrentCell.RNN_RELU ? UnaryOp.RELU : UnaryOp.TANH;
        UnaryKernels.f32(act, 0f, 0f, gates, go, saved, so + hidden, hidden);
        System.arraycopy(saved, so + hidden, out, oo, hidden);
        System.arraycopy(saved, so + hidden, h, ho, hidden);
    }

    private static void lstmRow(Dims d, float[] xp, int xo, float[] bias, float[] gates, int go, float[] h, float[] c,
                                int ho, float[] out, int oo, float[] saved, int so) {
        int hidden = d.hidden();
        addInput(gates, go, xp, xo, bias, 0, 4 * hidden);
        sigmoid(gates, go, 2 * hidden);                          // i, f
        tanh(gates, go + 2 * hidden, gates, go + 2 * hidden, hidden); // g
        sigmoid(gates, go + 3 * hidden, hidden);                 // o
        int i = go, f = go + hidden, g = go + 2 * hidden, o = go + 3 * hidden;
        for (int j = 0; j < hidden; j++) {
            float cPrev = c[ho + j];
            float cNew = gates[f + j] * cPrev + gates[i + j] * gates[g + j];
            saved[so + hidden + j] = cPrev;
            out[oo + hidden + j] = cNew;
            c[ho + j] = cNew;
        }
        int tc = so + 6 * hidden;
        tanh(c, ho, saved, tc, hidden);
        for (int j = 0; j < hidden; j++) {
            float hNew = gates[o + j] * saved[tc + j];
            out[oo + j] = hNew;
            h[ho + j] = hNew;
        }
        System.arraycopy(gates, go, saved, so + 2 * hidden, 4 * hidden);
    }

    /** {@code scratch} holds this sequence's n pre-activation ([B, H], one row per sequence). */
    private static void gruRow(Dims d, float[] xp, int xo, float[] bias, float[] gates, int go, float[] h, int ho,
                               float[] out, int oo, float[] saved, int so, float[] scratch) {
        int hidden = d.hidden();
        addInput(gates, go, xp, xo, bias, 0, 2 * hidden);
        int hn = go + 2 * hidden;
        if (bias != null) for (int j = 0; j < hidden; j++) gates[hn + j] += bias[2 * hidden + j];
        sigmoid(gates, go, 2 * hidden); // r, z
        for (int j = 0; j < hidden; j++) scratch[ho + j] = xp[xo + 2 * hidden + j] + gates[go + j] * gates[hn + j];
        int n = so + 3 * hidden;
        tanh(scratch, ho, saved, n, hidden);
        int z = go + hidden;
        for (int j = 0; j < hidden; j++) {
            float nj = saved[n + j];
            float hNew = nj + gates[z + j] * (h[ho + j] - nj);
            out[oo + j] = hNew;
            h[ho + j] = hNew;
        }
        System.arraycopy(gates, go, saved, so + hidden, 2 * hidden);
        System.arraycopy(gates, hn, saved, so + 4 * hidden, hidden);
    }

    // ---- backward ------------------------------------------------------------------------------------------------

    /**
     * Backward through time: {@code gradOut} [T, B, outWidth] and {@code saved} contiguous; writes {@code dx} and
     * {@code dhh} [T, B, G*H] (the same array unless GRU; every element without lengths, else the padded steps' rows
     * keep their zeros) and leaves the initial states' gradients in {@code dh} and {@code dc} [B, H] (zero on entry; dc
     * null unless LSTM).
     */
    static void backward(Dims d, boolean reverse, float[] gradOut, float[] saved, float[] w, long[] lengths,
                         float[] dx, float[] dhh, float[] dh, float[] dc) {
        int steps = d.steps(), batch = d.batch(), hidden = d.hidden(), width = d.width();
        long rowWork = 24L * width;
        Sgemm.PackedB packedW = Sgemm.pack(false, width, hidden, w, 0, hidden);
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
            Sgemm.gemmPacked(false, batch, 1f, dhh, t * batch * width, width, packedW, 1f, dh, 0, hidden);
        }
    }

    /** Leaves dh at zero for the GEMM to fill, after computing the gate gradient from it. */
    private static void rnnBackRow(Dims d, float[] gradOut, int go, float[] saved, int so, float[] dx, int xo,
                                   float[] dh, int ho) {
        int hidden = d.hidden(), hc = so + hidden;
        boolean relu = d.cell() == RecurrentCell.RNN_RELU;
        for (int j = 0; j < hidden; j++) {
            float dhc = dh[ho + j] + gradOut[go + j], y = saved[hc + j];
            dx[xo + j] = relu ? (y <= 0f ? 0f : dhc) : dhc * (1f - y * y);
            dh[ho + j] = 0f;
        }
    }

    private static void lstmBackRow(Dims d, float[] gradOut, int go, float[] saved, int so, float[] dx, int xo,
                                    float[] dh, float[] dc, int ho) {
        int hidden = d.hidden();
        int cp = so + hidden, i = so + 2 * hidden, f = so + 3 * hidden, g = so + 4 * hidden, o = so + 5 * hidden, tc = so + 6 * hidden;
        for (int j = 0; j < hidden; j++) {
            float dhc = dh[ho + j] + gradOut[go + j];
            float ij = saved[i + j], fj = saved[f + j], gj = saved[g + j], oj = saved[o + j], tj = saved[tc + j];
            float dcc = dc[ho + j] + gradOut[go + hidden + j] + dhc * oj * (1f - tj * tj);
            dx[xo + j] = dcc * gj * (ij * (1f - ij));
            dx[xo + hidden + j] = dcc * saved[cp + j] * (fj * (1f - fj));
            dx[xo + 2 * hidden + j] = dcc * ij * (1f - gj * gj);
            dx[xo + 3 * hidden + j] = dhc * tj * (oj * (1f - oj));
            dc[ho + j] = dcc * fj;
            dh[ho + j] = 0f;
        }
    }

    private static void gruBackRow(Dims d, float[] gradOut, int go, float[] saved, int so, float[] dx, float[] dhh,
                                   int xo, float[] dh, int ho) {
        int hidden = d.hidden();
        int r = so + hidden, z = so + 2 * hidden, n = so + 3 * hidden, hn = so + 4 * hidden;
        for (int j = 0; j < hidden; j++) {
            float dhc = dh[ho + j] + gradOut[go + j];
            float rj = saved[r + j], zj = saved[z + j], nj = saved[n + j];
            float dnPre = dhc * (1f - zj) * (1f - nj * nj);
            float drPre = dnPre * saved[hn + j] * (rj * (1f - rj));
            float dzPre = dhc * (saved[so + j] - nj) * (zj * (1f - zj));
            dx[xo + j] = drPre;
            dx[xo + hidden + j] = dzPre;
            dx[xo + 2 * hidden + j] = dnPre;
            dhh[xo + j] = drPre;
            dhh[xo + hidden + j] = dzPre;
            dhh[xo + 2 * hidden + j] = dnPre * rj;
            dh[ho + j] = dhc * zj;
        }
    }
}
