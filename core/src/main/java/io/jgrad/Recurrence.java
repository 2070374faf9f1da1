package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;
import io.jgrad.backend.RecurrenceGradients;
import io.jgrad.backend.RecurrenceResult;
import io.jgrad.backend.RecurrentCell;
import io.jgrad.backend.Storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fused recurrence as a recorded op ({@link F#recurrence}): the backend runs every step and keeps the activated
 * gates, and the gradient rule runs the backend's backward through time over them, then gets {@code W_hh}'s gradient
 * with one GEMM over all steps. When the rule itself is recorded (double backward), it differentiates the same
 * recurrence composed step by step from differentiable tensor ops instead ({@link #composed}), so gradients of
 * gradients come out without second-order kernels.
 */
final class Recurrence {
    private Recurrence() {}

    static RecurrenceOutput run(RecurrentCell cell, Tensor xProj, Tensor w, Tensor bias, Tensor h0, Tensor c0,
                                Tensor lengths, boolean reverse) {
        String op = cell.name().toLowerCase(java.util.Locale.ROOT);
        check(op, cell, xProj, w, bias, h0, c0, lengths);
        List<Tensor> all = new ArrayList<>(Arrays.asList(xProj, w, h0));
        if (bias != null) all.add(bias);
        if (c0 != null) all.add(c0);
        if (lengths != null) all.add(lengths);
        Elementwise.checkSameDevice(op, all.toArray(Tensor[]::new));
        DType type = xProj.dtype().isFloating() ? xProj.dtype() : DType.F32;
        Tensor x = xProj.to(type), wt = w.to(type), b = bias == null ? null : bias.to(type);
        Tensor h = h0.to(type), c = c0 == null ? null : c0.to(type);
        int steps = x.dim(0), batch = x.dim(1), hidden = wt.dim(1);
        Backend backend = x.backend();
        RecurrenceResult r = backend.recurrence(cell, reverse, x.storage(), x.layout(), wt.storage(), wt.layout(),
                b == null ? null : b.storage(), b == null ? null : b.layout(), h.storage(), h.layout(),
                c == null ? null : c.storage(), c == null ? null : c.layout(),
                lengths == null ? null : lengths.storage(), lengths == null ? null : lengths.layout());
        Tensor out = Tensor.fresh(r.output(), Shape.of(steps, batch, cell.outputWidth(hidden)), backend);
        Tensor saved = Tensor.fresh(r.saved(), Shape.of(steps, batch, cell.savedWidth(hidden)), backend);
        out.recordedAs(new Op.Recurrence(cell, reverse, x, wt, b, h, c, lengths, out, saved));
        return split(cell, out, hidden, lengths, reverse);
    }

    /** The per-step output, final h and final c out of the op's [T, B, H or 2H] result. */
    private static RecurrenceOutput split(RecurrentCell cell, Tensor out, int hidden, Tensor lengths, boolean reverse) {
        int steps = out.dim(0);
        Tensor last;
        if (lengths == null || reverse) {
            last = out.select(0, reverse ? 0 : steps - 1);
        } else {
            Tensor index = lengths.sub(1).reshape(1, out.dim(1), 1).expand(1, out.dim(1), out.dim(2));
            last = out.gather(0, index).squeeze(0);
        }
        if (!cell.hasCellState()) return new RecurrenceOutput(out, last, null);
        return new RecurrenceOutput(out.narrow(2, 0, hidden), last.narrow(1, 0, hidden), last.narrow(1, hidden, hidden));
    }

    private static void check(String op, RecurrentCell cell, Tensor xProj, Tensor w, Tensor bias, Tensor h0, Tensor c0,
                              Tensor lengths) {
        if (xProj.rank() != 3) {
            throw new IllegalArgumentException(op + ": expected an input projection [T, B, G*H] of rank 3, got shape " + xProj.shape());
        }
        int steps = xProj.dim(0), batch = xProj.dim(1);
        if (w.rank() != 2 || w.dim(0) != cell.gates() * w.dim(1) || xProj.dim(2) != w.dim(0)) {
            throw new IllegalArgumentException(op + ": expected w_hh [" + cell.gates() + "*H, H] matching the input projection's "
                    + xProj.dim(2) + " columns, got w_hh " + w.shape() + " and input projection " + xProj.shape());
        }
        int hidden = w.dim(1);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != w.dim(0))) {
            throw new IllegalArgumentException(op + ": expected b_hh [" + w.dim(0) + "], got shape " + bias.shape());
        }
        Shape state = Shape.of(batch, hidden);
        if (!h0.shape().equals(state)) {
            throw new IllegalArgumentException(op + ": expected the initial state h0 " + state + ", got shape " + h0.shape());
        }
        if (cell.hasCellState() != (c0 != null)) {
            throw new IllegalArgumentException(op + ": " + (cell.hasCellState() ? "needs" : "takes no") + " initial cell state c0");
        }
        if (c0 != null && !c0.shape().equals(state)) {
            throw new IllegalArgumentException(op + ": expected the initial cell state c0 " + state + ", got shape " + c0.shape());
        }
        if (lengths != null) {
            if (lengths.dtype() != DType.I64 || !lengths.shape().equals(Shape.of(batch))) {
                throw new IllegalArgumentException(op + ": expected lengths I64 [" + batch + "], got " + lengths.dtype() + " " + lengths.shape());
            }
            if (batch > 0) {
                long min = (long) lengths.min().item(), max = (long) lengths.max().item();
                if (min < 1 || max > steps) {
                    throw new IllegalArgumentException(op + ": lengths must lie in [1, " + steps + "] (the number of steps), got values from "
                            + min + " to " + max);
                }
            }
        }
    }

    /** The tensors the rule reads besides its inputs. */
    static Tensor[] saved(Op.Recurrence r) {
        return r.lengths() == null ? new Tensor[] {r.saved()} : new Tensor[] {r.saved(), r.lengths()};
    }

    /** The gradients of {@link Op.Recurrence#inputs()}, in order. */
    static Tensor[] gradients(Op.Recurrence r, Tensor g) {
        Tensor[] grads = Grad.isEnabled() ? composedGradients(r, g) : fusedGradients(r, g);
        List<Tensor> inputs = r.inputs();
        Tensor[] out = new Tensor[inputs.size()];
        Tensor[] byRole = {r.xProj(), r.w(), r.bias(), r.h0(), r.c0()};
        for (int role = 0, i = 0; role < byRole.length; role++) {
            if (byRole[role] == null) continue;
            out[i++] = byRole[role].requiresGrad() ? grads[role] : null;
        }
        return out;
    }

    /** {xProj, w, bias, h0, c0} through the backend's backward through time. */
    private static Tensor[] fusedGradients(Op.Recurrence r, Tensor g) {
        Tensor saved = r.saved(), lengths = r.lengths(), w = r.w();
        Tensor gy = g.to(saved.dtype());
        Backend backend = saved.backend();
        RecurrenceGradients grads = backend.recurrenceBackward(r.cell(), r.reverse(), gy.storage(), gy.layout(),
                saved.storage(), saved.layout(), w.storage(), w.layout(),
                lengths == null ? null : lengths.storage(), lengths == null ? null : lengths.layout());
        int steps = saved.dim(0), batch = saved.dim(1), hidden = w.dim(1), width = w.dim(0);
        Shape gates = Shape.of(steps, batch, width), state = Shape.of(batch, hidden);
        Tensor gx = Tensor.fresh(grads.inputProjection(), gates, backend);
        Tensor ghh = grads.hiddenProjection() == grads.inputProjection() ? gx : Tensor.fresh(grads.hiddenProjection(), gates, backend);
        Tensor gh0 = Tensor.fresh(grads.h0(), state, backend);
        Tensor gc0 = grads.c0() == null ? null : Tensor.fresh(grads.c0(), state, backend);
        Tensor gw = null, gb = null;
        if (w.requiresGrad()) {
            // One GEMM over every step: the sum over t of ghh_t^T h_{t-1}, h_{t-1} being the first H saved columns.
            Tensor hPrev = saved.reshape(steps * batch, saved.dim(2)).narrow(1, 0, hidden);
            gw = ghh.reshape(steps * batch, width).t().matmul(hPrev);
        }
        if (r.bias() != null && r.bias().requiresGrad()) gb = ghh.sum(new int[] {0, 1}, false);
        return new Tensor[] {gx, gw, gb, gh0, gc0};
    }

    /**
     * {xProj, w, bias, h0, c0} by differentiating {@link #composed} with the graph recorded, so the result can be
     * differentiated again. The inputs enter through recorded aliases, so that gradients stop at them even where one
     * input was computed from another.
     */
    private static Tensor[] composedGradients(Op.Recurrence r, Tensor g) {
        Tensor[] byRole = {r.xProj(), r.w(), r.bias(), r.h0(), r.c0()};
        Tensor[] alias = new Tensor[byRole.length];
        List<Tensor> wanted = new ArrayList<>();
        for (int i = 0; i < byRole.length; i++) {
            Tensor t = byRole[i];
            if (t == null) continue;
            alias[i] = t.requiresGrad() ? t.view(t.layout()).recordedAs(new Op.Copy(t)) : t;
            if (t.requiresGrad()) wanted.add(alias[i]);
        }
        Tensor out = composed(r.cell(), r.reverse(), alias[0], alias[1], alias[2], alias[3], alias[4], r.lengths());
        List<Tensor> grads = Autograd.grad(List.of(out), wanted, List.of(g), true, true, true);
        Tensor[] result = new Tensor[byRole.length];
        for (int i = 0, k = 0; i < byRole.length; i++) {
            if (byRole[i] == null || !byRole[i].requiresGrad()) continue;
            Tensor gi = grads.get(k++);
            result[i] = gi != null ? gi : Tensor.zerosLike(byRole[i]);
        }
        return result;
    }

    /**
     * The recurrence composed step by step from differentiable tensor ops: the op's output [T, B, H or 2H] (h, then c
     * for LSTM), with the same masking of padded steps. Used for double backward and as a test oracle.
     */
    static Tensor composed(RecurrentCell cell, boolean reverse, Tensor xProj, Tensor w, Tensor bias, Tensor h0, Tensor c0,
                           Tensor lengths) {
        int steps = xProj.dim(0), batch = xProj.dim(1), hidden = w.dim(1);
        Tensor[] outs = new Tensor[steps];
        Tensor h = h0, c = c0;
        Tensor zeros = lengths == null ? null : Tensor.zerosLike(h0); // the output at padded steps
        for (int k = 0; k < steps; k++) {
            int t = reverse ? steps - 1 - k : k;
            Tensor x = xProj.select(0, t);
            Tensor gh = F.linear(h, w, bias);
            Tensor mask = lengths == null ? null : lengths.gt(t).reshape(batch, 1);
            Tensor hNew, cNew = null;
            switch (cell) {
                case RNN_TANH -> hNew = x.add(gh).tanh();
                case RNN_RELU -> hNew = x.add(gh).relu();
                case LSTM -> {
                    Tensor pre = x.add(gh);
                    Tensor i = pre.narrow(1, 0, hidden).sigmoid(), f = pre.narrow(1, hidden, hidden).sigmoid();
                    Tensor gg = pre.narrow(1, 2 * hidden, hidden).tanh(), o = pre.narrow(1, 3 * hidden, hidden).sigmoid();
                    cNew = f.mul(c).add(i.mul(gg));
                    hNew = o.mul(cNew.tanh());
                }
                case GRU -> {
                    Tensor r = x.narrow(1, 0, hidden).add(gh.narrow(1, 0, hidden)).sigmoid();
                    Tensor z = x.narrow(1, hidden, hidden).add(gh.narrow(1, hidden, hidden)).sigmoid();
                    Tensor n = x.narrow(1, 2 * hidden, hidden).add(r.mul(gh.narrow(1, 2 * hidden, hidden))).tanh();
                    hNew = n.add(z.mul(h.sub(n)));
                }
                default -> throw new IllegalStateException("unknown cell " + cell);
            }
            Tensor outH = mask == null ? hNew : Tensor.where(mask, hNew, zeros);
            outs[t] = cNew == null ? outH : Tensor.concat(List.of(outH, mask == null ? cNew : Tensor.where(mask, cNew, zeros)), 1);
            h = mask == null ? hNew : Tensor.where(mask, hNew, h);
            if (cNew != null) c = mask == null ? cNew : Tensor.where(mask, cNew, c);
        }
        if (steps == 0) return Tensor.zerosLike(xProj).narrow(2, 0, cell.outputWidth(hidden));
        return Tensor.stack(Arrays.asList(outs), 0);
    }
}
