package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * The {@link Backend} defaults of the fused recurrence ({@link Backend#recurrence} and its backward), composed from
 * primitives: per step one {@link Backend#linear} for {@code W_hh h + b_hh} and elementwise ops over [B, H] blocks of
 * the gates. Steps past a sequence's length are masked with a compare of the lengths against the step (no host pass
 * over the lengths): the state is kept, the output is zero and no gradient flows through the cell there.
 */
final class ComposedRecurrence {
    private ComposedRecurrence() {}

    static RecurrenceResult forward(Backend b, RecurrentCell cell, boolean reverse, Storage xp, Layout xpLayout,
                                    Storage w, Layout wLayout, Storage bias, Layout biasLayout, Storage h0, Layout h0Layout,
                                    Storage c0, Layout c0Layout, Storage lengths, Layout lengthsLayout) {
        Shape shape = xpLayout.shape();
        int steps = shape.dim(0), batch = shape.dim(1), hidden = wLayout.shape().dim(1);
        DType type = xp.dtype();
        Layout outLayout = Layout.contiguous(Shape.of(steps, batch, cell.outputWidth(hidden)));
        Layout savedLayout = Layout.contiguous(Shape.of(steps, batch, cell.savedWidth(hidden)));
        try (var tmp = new Temporaries()) {
            Storage out = tmp.add(b.allocate(type, outLayout.numel()));
            Storage saved = tmp.add(b.allocate(type, savedLayout.numel()));
            Calc c = new Calc(b, tmp, type, batch, hidden, lengths, lengthsLayout);
            // The carried state is owned here: each step replaces it with a fresh copy and closes the old one.
            StorageView h = StorageView.owning(b.copy(h0, h0Layout, type), c.state);
            StorageView cs = c0 == null ? null : StorageView.owning(b.copy(c0, c0Layout, type), c.state);
            try {
                for (int k = 0; k < steps; k++) {
                    int t = reverse ? steps - 1 - k : k;
                    try (var stepTmp = new Temporaries()) {
                        Calc s = c.withTemporaries(stepTmp);
                        StorageView mask = s.maskAt(t);
                        StorageView x = StorageView.borrowed(xp, at(xpLayout, t, 0, cell.gates() * hidden));
                        StorageView gh = s.own(b.linear(h.storage(), h.layout(), w, wLayout, bias, biasLayout), batch, cell.gates() * hidden);
                        b.assign(saved, at(savedLayout, t, 0, hidden), h.storage(), h.layout());
                        StorageView hNew, cNew = null;
                        switch (cell) {
                            case RNN_TANH, RNN_RELU -> {
                                StorageView pre = s.add(x, gh);
                                hNew = cell == RecurrentCell.RNN_TANH ? s.unary(UnaryOp.TANH, pre) : s.unary(UnaryOp.RELU, pre);
                                s.write(saved, at(savedLayout, t, hidden, hidden), hNew);
                            }
                            case LSTM -> {
                                StorageView pre = s.add(x, gh);
                                StorageView i = s.unary(UnaryOp.SIGMOID, block(pre, 0, hidden));
                                StorageView f = s.unary(UnaryOp.SIGMOID, block(pre, 1, hidden));
                                StorageView g = s.unary(UnaryOp.TANH, block(pre, 2, hidden));
                                StorageView o = s.unary(UnaryOp.SIGMOID, block(pre, 3, hidden));
                                cNew = s.add(s.mul(f, cs), s.mul(i, g));
                                StorageView tc = s.unary(UnaryOp.TANH, cNew);
                                hNew = s.mul(o, tc);
                                StorageView[] parts = {cs, i, f, g, o, tc};
                                for (int p = 0; p < parts.length; p++) s.write(saved, at(savedLayout, t, (p + 1) * hidden, hidden), parts[p]);
                            }
                            case GRU -> {
                                StorageView r = s.unary(UnaryOp.SIGMOID, s.add(block(x, 0, hidden), block(gh, 0, hidden)));
                                StorageView z = s.unary(UnaryOp.SIGMOID, s.add(block(x, 1, hidden), block(gh, 1, hidden)));
                                StorageView hn = block(gh, 2, hidden);
                                StorageView n = s.unary(UnaryOp.TANH, s.add(block(x, 2, hidden), s.mul(r, hn)));
                                hNew = s.add(n, s.mul(z, s.sub(h, n)));
                                StorageView[] parts = {r, z, n, hn};
                                for (int p = 0; p < parts.length; p++) s.write(saved, at(savedLayout, t, (p + 1) * hidden, hidden), parts[p]);
                            }
                            default -> throw new IllegalStateException("unknown cell " + cell);
                        }
                        s.write(out, at(outLayout, t, 0, hidden), s.masked(mask, hNew, c.zero));
                        if (cNew != null) s.write(out, at(outLayout, t, hidden, hidden), s.masked(mask, cNew, c.zero));
                        // The carried state: the new one where the step is valid, the old one elsewhere (a fresh copy).
                        StorageView carriedH = s.keepCopy(s.masked(mask, hNew, h));
                        StorageView carriedC = cNew == null ? null : s.keepCopy(s.masked(mask, cNew, cs));
                        h.storage().close();
                        h = carriedH;
                        if (carriedC != null) {
                            cs.storage().close();
                            cs = carriedC;
                        }
                    }
                }
            } finally {
                h.storage().close();
                if (cs != null) cs.storage().close();
            }
            tmp.keep(out);
            tmp.keep(saved);
            return new RecurrenceResult(out, saved);
        }
    }

    static RecurrenceGradients backward(Backend b, RecurrentCell cell, boolean reverse, Storage gradOut, Layout gLayout,
                                        Storage saved, Layout savedLayout, Storage w, Layout wLayout,
                                        Storage lengths, Layout lengthsLayout) {
        Shape shape = savedLayout.shape();
        int steps = shape.dim(0), batch = shape.dim(1), hidden = wLayout.shape().dim(1), width = cell.gates() * hidden;
        DType type = saved.dtype();
        Layout gatesLayout = Layout.contiguous(Shape.of(steps, batch, width));
        Layout wBatch = Backend.batchOfOne(wLayout);
        try (var tmp = new Temporaries()) {
            Storage dx = tmp.add(b.allocate(type, gatesLayout.numel()));
            Storage dhh = cell == RecurrentCell.GRU ? tmp.add(b.allocate(type, gatesLayout.numel())) : dx;
            Calc c = new Calc(b, tmp, type, batch, hidden, lengths, lengthsLayout);
            StorageView dh = StorageView.owning(b.allocate(type, batch * hidden), c.state);
            StorageView dc = cell.hasCellState() ? StorageView.owning(b.allocate(type, batch * hidden), c.state) : null;
            boolean done = false;
            try {
                for (int k = steps - 1; k >= 0; k--) {
                    int t = reverse ? steps - 1 - k : k;
                    try (var stepTmp = new Temporaries()) {
                        Calc s = c.withTemporaries(stepTmp);
                        StorageView mask = s.maskAt(t);
                        StorageView[] sv = new StorageView[cell.savedWidth(hidden) / hidden];
                        for (int p = 0; p < sv.length; p++) sv[p] = StorageView.borrowed(saved, at(savedLayout, t, p * hidden, hidden));
                        // The gradient reaching the cell's new state: carried plus this step's output, zero on a padded step.
                        StorageView dhCell = s.masked(mask, s.add(dh, StorageView.borrowed(gradOut, at(gLayout, t, 0, hidden))), c.zero);
                        StorageView dhNext = mask == null ? null : s.masked(mask, c.zero, dh);
                        Layout dxAt = at(gatesLayout, t, 0, width);
                        switch (cell) {
                            case RNN_TANH -> s.write(dx, dxAt, s.mul(dhCell, s.oneMinus(s.mul(sv[1], sv[1]))));
                            case RNN_RELU -> s.write(dx, dxAt, s.own(b.reluBackward(dhCell.storage(), dhCell.layout(),
                                    sv[1].storage(), sv[1].layout()), batch, hidden));
                            case LSTM -> {
                                StorageView cPrev = sv[1], i = sv[2], f = sv[3], g = sv[4], o = sv[5], tc = sv[6];
                                StorageView dcOut = StorageView.borrowed(gradOut, at(gLayout, t, hidden, hidden));
                                StorageView dcCell = s.add(s.masked(mask, s.add(dc, dcOut), c.zero),
                                        s.mul(s.mul(dhCell, o), s.oneMinus(s.mul(tc, tc))));
                                StorageView[] dGates = {
                                        s.mul(s.mul(dcCell, g), s.sigmoidSlope(i)),
                                        s.mul(s.mul(dcCell, cPrev), s.sigmoidSlope(f)),
                                        s.mul(s.mul(dcCell, i), s.oneMinus(s.mul(g, g))),
                                        s.mul(s.mul(dhCell, tc), s.sigmoidSlope(o))};
                                for (int p = 0; p < 4; p++) s.write(dx, at(gatesLayout, t, p * hidden, hidden), dGates[p]);
                                StorageView dcPrev = s.mul(dcCell, f);
                                if (mask != null) dcPrev = s.add(dcPrev, s.masked(mask, c.zero, dc));
                                StorageView kept = s.keepCopy(dcPrev);
                                dc.storage().close();
                                dc = kept;
                            }
                            case GRU -> {
                                StorageView hPrev = sv[0], r = sv[1], z = sv[2], n = sv[3], hn = sv[4];
                                StorageView dnPre = s.mul(s.mul(dhCell, s.oneMinus(z)), s.oneMinus(s.mul(n, n)));
                                StorageView drPre = s.mul(s.mul(dnPre, hn), s.sigmoidSlope(r));
                                StorageView dzPre = s.mul(s.mul(dhCell, s.sub(hPrev, n)), s.sigmoidSlope(z));
                                StorageView[] dxGates = {drPre, dzPre, dnPre};
                                StorageView[] dhGates = {drPre, dzPre, s.mul(dnPre, r)};
                                for (int p = 0; p < 3; p++) {
                                    s.write(dx, at(gatesLayout, t, p * hidden, hidden), dxGates[p]);
                                    s.write(dhh, at(gatesLayout, t, p * hidden, hidden), dhGates[p]);
                                }
                                StorageView direct = s.mul(dhCell, z);
                                dhNext = dhNext == null ? direct : s.add(dhNext, direct);
                            }
                            default -> throw new IllegalStateException("unknown cell " + cell);
                        }
                        Layout gatesAt = Backend.batchOfOne(at(gatesLayout, t, 0, width));
                        StorageView through = s.own(b.matmul(dhh, gatesAt, w, wBatch), batch, hidden);
                        StorageView kept = s.keepCopy(dhNext == null ? through : s.add(dhNext, through));
                        dh.storage().close();
                        dh = kept;
                    }
                }
                done = true;
            } finally {
                if (!done) {
                    dh.storage().close();
                    if (dc != null) dc.storage().close();
                }
            }
            tmp.keep(dx);
            if (dhh != dx) tmp.keep(dhh);
            return new RecurrenceGradients(dx, dhh, dh.storage(), dc == null ? null : dc.storage());
        }
    }

    /** The [B, width] view of step t of a [T, B, *] layout, from column {@code from}. */
    static Layout at(Layout sequence, int t, int from, int width) {
        Layout step = sequence.narrow(0, t, 1, 1).narrow(2, from, width, 1);
        return step.withShapeAndStrides(Shape.of(sequence.shape().dim(1), width), new int[] {step.stride(1), step.stride(2)});
    }

    /** Gate block {@code index} (of width H) of a [B, G*H] view. */
    private static StorageView block(StorageView gates, int index, int hidden) {
        Layout l = gates.layout();
        Layout narrowed = l.narrow(1, index * hidden, hidden, 1);
        return StorageView.borrowed(gates.storage(), narrowed);
    }

    /** Elementwise helpers over [B, H] views; every result is a contiguous storage registered with the temporaries. */
    private static final class Calc {
        final Backend b;
        final Temporaries tmp;
        final DType type;
        final Layout state;
        final StorageView zero, one;
        final Storage lengths;
        final Layout lengthsPerState;

        Calc(Backend b, Temporaries tmp, DType type, int batch, int hidden, Storage lengths, Layout lengthsLayout) {
            this(b, tmp, type, Layout.contiguous(Shape.of(batch, hidden)), null, null, lengths,
                    lengths == null ? null : new Layout(Shape.of(batch, hidden), new int[] {lengthsLayout.stride(0), 0}, lengthsLayout.offset()));
        }

        private Calc(Backend b, Temporaries tmp, DType type, Layout state, StorageView zero, StorageView one,
                     Storage lengths, Layout lengthsPerState) {
            this.b = b;
            this.tmp = tmp;
            this.type = type;
            this.state = state;
            Layout scalar = Layout.contiguous(Shape.scalar()).broadcastTo(state.shape(), "recurrence");
            this.zero = zero != null ? zero : StorageView.borrowed(tmp.add(b.full(type, 1, 0)), scalar);
            this.one = one != null ? one : StorageView.borrowed(tmp.add(b.full(type, 1, 1)), scalar);
            this.lengths = lengths;
            this.lengthsPerState = lengthsPerState;
        }

        Calc withTemporaries(Temporaries stepTmp) {
            return new Calc(b, stepTmp, type, state, zero, one, lengths, lengthsPerState);
        }

        StorageView own(Storage s, int rows, int cols) { return StorageView.borrowed(tmp.add(s), Layout.contiguous(Shape.of(rows, cols))); }

        /** BOOL [B, H]: whether step t is within each sequence's length; null when there are no lengths. */
        StorageView maskAt(int t) {
            if (lengths == null) return null;
            Layout scalar = Layout.contiguous(Shape.scalar()).broadcastTo(state.shape(), "recurrence");
            Storage step = tmp.add(b.full(DType.I64, 1, t));
            return StorageView.borrowed(tmp.add(b.compare(CompareOp.GT, lengths, lengthsPerState, step, scalar)), state);
        }

        StorageView masked(StorageView mask, StorageView valid, StorageView padded) {
            if (mask == null) return valid;
            Storage r = b.where(mask.storage(), mask.layout(), valid.storage(), valid.layout(), padded.storage(), padded.layout());
            return StorageView.borrowed(tmp.add(r), state);
        }

        private StorageView binary(BinaryOp op, StorageView x, StorageView y) {
            return StorageView.borrowed(tmp.add(b.binary(op, x.storage(), x.layout(), y.storage(), y.layout())), Layout.contiguous(x.layout().shape()));
        }

        StorageView add(StorageView x, StorageView y) { return binary(BinaryOp.ADD, x, y); }

        StorageView sub(StorageView x, StorageView y) { return binary(BinaryOp.SUB, x, y); }

        StorageView mul(StorageView x, StorageView y) { return binary(BinaryOp.MUL, x, y); }

        StorageView oneMinus(StorageView x) { return binary(BinaryOp.SUB, one, x); }

        /** {@code s (1 - s)}: the sigmoid's derivative from its value. */
        StorageView sigmoidSlope(StorageView s) { return mul(s, oneMinus(s)); }

        StorageView unary(UnaryOp op, StorageView x) {
            return StorageView.borrowed(tmp.add(b.unary(op, x.storage(), x.layout(), 0, 0)), Layout.contiguous(x.layout().shape()));
        }

        void write(Storage dst, Layout dstLayout, StorageView src) { b.assign(dst, dstLayout, src.storage(), src.layout()); }

        /** A contiguous copy of x that these temporaries do not close (the caller owns it). */
        StorageView keepCopy(StorageView x) {
            return StorageView.owning(b.copy(x.storage(), x.layout(), type), state);
        }
    }
}
