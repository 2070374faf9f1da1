package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Layout;
import io.jgrad.RecurrenceOutput;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.RecurrenceGradients;
import io.jgrad.backend.RecurrenceResult;
import io.jgrad.backend.RecurrentCell;
import io.jgrad.backend.Storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused recurrence ({@link Backend#recurrence}, {@link Backend#recurrenceBackward}) on the backend under test
 * against the reference, for every cell, both directions, with and without lengths, on contiguous and permuted
 * (batch-first seen time-first) input projections; F64 finite-difference checks of {@link F#recurrence} through the
 * Tensor API, and its double backward.
 */
public abstract class RecurrenceContract extends KitSuite {
    protected RecurrenceContract(BackendTestKit kit) { super(kit); }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (RecurrentCell cell : RecurrentCell.values()) {
            for (boolean reverse : new boolean[] {false, true}) {
                for (boolean lengths : new boolean[] {false, true}) all.add(Arguments.of(cell, reverse, lengths));
            }
        }
        return all.stream();
    }

    /** T, B, H: small, then odd sizes past a SIMD width with a batch big enough for parallel paths. */
    private static final int[][] SIZES = {{5, 3, 4}, {7, 19, 33}};

    @ParameterizedTest(name = "{0} reverse {1} lengths {2}")
    @MethodSource("cases")
    void forwardAndBackwardMatchTheReference(RecurrentCell cell, boolean reverse, boolean withLengths) {
        SplittableRandom rnd = new SplittableRandom(31);
        for (DType type : new DType[] {DType.F32, DType.F64}) {
            for (int[] size : SIZES) {
                for (boolean permuted : new boolean[] {false, true}) {
                    for (boolean withBias : new boolean[] {true, false}) {
                        Inputs in = Inputs.random(rnd, cell, type, size[0], size[1], size[2], permuted, withBias, withLengths);
                        String what = cell + " " + type + " T" + size[0] + " B" + size[1] + " H" + size[2]
                                + (reverse ? " reverse" : "") + (permuted ? " permuted" : "") + (withBias ? "" : " no bias")
                                + (withLengths ? " lengths" : "");
                        HostStorage[] expected = run(REFERENCE, cell, reverse, in), actual = run(backend(), cell, reverse, in);
                        String[] names = {"output", "grad xProj", "grad hidden projection", "grad h0", "grad c0"};
                        for (int i = 0; i < names.length; i++) {
                            if (expected[i] != null) assertClose(what + ": " + names[i], expected[i], actual[i]);
                        }
                    }
                }
            }
        }
    }

    /** Forward, then backward from a random output gradient: {output, dxProj, dHiddenProjection, dh0, dc0}. */
    private static HostStorage[] run(Backend b, RecurrentCell cell, boolean reverse, Inputs in) {
        Storage lengths = in.lengths == null ? null : b.upload(in.lengths);
        Layout lengthsLayout = in.lengths == null ? null : Layout.contiguous(Shape.of(in.lengths.length()));
        RecurrenceResult r = b.recurrence(cell, reverse, in.xProj.on(b), in.xProj.layout(), in.w.on(b), in.w.layout(),
                in.bias == null ? null : in.bias.on(b), in.bias == null ? null : in.bias.layout(),
                in.h0.on(b), in.h0.layout(), in.c0 == null ? null : in.c0.on(b), in.c0 == null ? null : in.c0.layout(),
                lengths, lengthsLayout);
        Shape savedShape = Shape.of(in.steps, in.batch, cell.savedWidth(in.hidden));
        RecurrenceGradients g = b.recurrenceBackward(cell, reverse, in.gradOut.on(b), in.gradOut.layout(),
                r.saved(), Layout.contiguous(savedShape), in.w.on(b), in.w.layout(), lengths, lengthsLayout);
        return new HostStorage[] {b.download(r.output()), b.download(g.inputProjection()), b.download(g.hiddenProjection()),
                b.download(g.h0()), g.c0() == null ? null : b.download(g.c0())};
    }

    private record Inputs(int steps, int batch, int hidden, Views.View xProj, Views.View w, Views.View bias,
                          Views.View h0, Views.View c0, HostStorage lengths, Views.View gradOut) {
        static Inputs random(SplittableRandom rnd, RecurrentCell cell, DType type, int steps, int batch, int hidden,
                             boolean permuted, boolean withBias, boolean withLengths) {
            int width = cell.gates() * hidden;
            Views.View xProj = permuted ? permutedView(rnd, type, steps, batch, width)
                    : Views.make(Views.Kind.CONTIGUOUS, Shape.of(steps, batch, width), type, rnd, r -> Views.uniform(r, -2, 2));
            // PyTorch's init scale: larger recurrent weights amplify F32 rounding differences exponentially over the steps.
            double bound = 1 / Math.sqrt(hidden);
            Views.View w = Views.make(Views.Kind.CONTIGUOUS, Shape.of(width, hidden), type, rnd, r -> Views.uniform(r, -bound, bound));
            Views.View bias = withBias ? Views.make(Views.Kind.STEP_SLICED, Shape.of(width), type, rnd, r -> Views.uniform(r, -1, 1)) : null;
            Views.View h0 = Views.make(Views.Kind.TRANSPOSED, Shape.of(batch, hidden), type, rnd, r -> Views.uniform(r, -1, 1));
            Views.View c0 = cell.hasCellState()
                    ? Views.make(Views.Kind.CONTIGUOUS, Shape.of(batch, hidden), type, rnd, r -> Views.uniform(r, -1, 1)) : null;
            HostStorage lengths = null;
            if (withLengths) {
                lengths = HostStorage.allocate(DType.I64, batch);
                for (int i = 0; i < batch; i++) lengths.setDouble(i, i == 0 ? steps : 1 + rnd.nextInt(steps));
            }
            Views.View gradOut = Views.make(Views.Kind.CONTIGUOUS, Shape.of(steps, batch, cell.outputWidth(hidden)), type, rnd,
                    r -> Views.uniform(r, -1, 1));
            return new Inputs(steps, batch, hidden, xProj, w, bias, h0, c0, lengths, gradOut);
        }

        /** A batch-first [B, T, W] storage seen time-first. */
        private static Views.View permutedView(SplittableRandom rnd, DType type, int steps, int batch, int width) {
            Views.View batchFirst = Views.make(Views.Kind.CONTIGUOUS, Shape.of(batch, steps, width), type, rnd, r -> Views.uniform(r, -2, 2));
            return new Views.View(batchFirst.storage(), batchFirst.layout().permute(1, 0, 2));
        }
    }

    // ---- gradients through the Tensor API --------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} reverse {1} lengths {2}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(RecurrentCell cell, boolean reverse, boolean withLengths) {
        Random rng = new Random(17);
        int steps = 4, batch = 3, hidden = 3, width = cell.gates() * hidden;
        Tensor lengths = withLengths ? Tensor.of(new long[] {2, 4, 1}, batch) : null;
        List<Tensor> inputs = new ArrayList<>(List.of(
                NumericGradient.random(rng, batch, steps, width), NumericGradient.random(rng, width, hidden),
                NumericGradient.random(rng, width), NumericGradient.random(rng, batch, hidden)));
        if (cell.hasCellState()) inputs.add(NumericGradient.random(rng, batch, hidden));
        assertOnBackend("the inputs", inputs.toArray(Tensor[]::new));
        // The input projection is a batch-first leaf seen time-first: a non-contiguous view.
        NumericGradient.check(cell + " reverse " + reverse, in -> flat(F.recurrence(cell, in.get(0).transpose(0, 1),
                in.get(1), in.get(2), in.get(3), cell.hasCellState() ? in.get(4) : null, lengths, reverse)),
                inputs.toArray(Tensor[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void gradientsOfGradientsMatchFiniteDifferences(RecurrentCell cell) {
        int steps = 3, batch = 2, hidden = 2, width = cell.gates() * hidden;
        Tensor lengths = Tensor.of(new long[] {3, 2}, batch);
        List<Tensor> inputs = new ArrayList<>(List.of(GradCheck.leaf(1, -1, 1, steps, batch, width),
                GradCheck.leaf(2, -1, 1, width, hidden), GradCheck.leaf(3, -1, 1, width), GradCheck.leaf(4, -1, 1, batch, hidden)));
        if (cell.hasCellState()) inputs.add(GradCheck.leaf(5, -1, 1, batch, hidden));
        GradCheck.checkSecondOrder(in -> flat(F.recurrence(cell, in[0], in[1], in[2], in[3],
                cell.hasCellState() ? in[4] : null, lengths, false)), inputs.toArray(Tensor[]::new));
    }

    static Stream<RecurrentCell> cells() { return Stream.of(RecurrentCell.values()); }

    /** Every output of the op in one vector, so a check covers them all. */
    private static Tensor flat(RecurrenceOutput o) {
        List<Tensor> parts = new ArrayList<>(List.of(o.output().reshape(-1), o.finalHidden().reshape(-1)));
        if (o.finalCell() != null) parts.add(o.finalCell().reshape(-1));
        return Tensor.concat(parts, 0);
    }

    @Test
    void paddedStepsKeepTheStateAndOutputZero() {
        Random rng = new Random(5);
        int steps = 4, batch = 2, hidden = 3;
        Tensor xProj = NumericGradient.random(rng, steps, batch, 4 * hidden), w = NumericGradient.random(rng, 4 * hidden, hidden);
        Tensor h0 = NumericGradient.random(rng, batch, hidden), c0 = NumericGradient.random(rng, batch, hidden);
        Tensor lengths = Tensor.of(new long[] {4, 2}, batch);
        RecurrenceOutput full = F.recurrence(RecurrentCell.LSTM, xProj, w, null, h0, c0, lengths, false);
        RecurrenceOutput shortOnly = F.recurrence(RecurrentCell.LSTM, xProj.narrow(0, 0, 2).narrow(1, 1, 1), w, null,
                h0.narrow(0, 1, 1), c0.narrow(0, 1, 1), null, false);
        assertArrayEquals(shortOnly.finalHidden().toDoubleArray(), full.finalHidden().narrow(0, 1, 1).toDoubleArray(), 1e-12, "final h of the short sequence");
        assertArrayEquals(shortOnly.finalCell().toDoubleArray(), full.finalCell().narrow(0, 1, 1).toDoubleArray(), 1e-12, "final c of the short sequence");
        double[] padded = full.output().narrow(0, 2, 2).narrow(1, 1, 1).toDoubleArray();
        for (double v : padded) assertTrue(v == 0, "outputs past the length are zero, got " + v);
        // Reverse: a sequence of length 2 starts at its step 1, so its output at step 0 is its final state.
        RecurrenceOutput back = F.recurrence(RecurrentCell.LSTM, xProj, w, null, h0, c0, lengths, true);
        RecurrenceOutput backShort = F.recurrence(RecurrentCell.LSTM, xProj.narrow(0, 0, 2).narrow(1, 1, 1), w, null,
                h0.narrow(0, 1, 1), c0.narrow(0, 1, 1), null, true);
        assertArrayEquals(backShort.finalHidden().toDoubleArray(), back.finalHidden().narrow(0, 1, 1).toDoubleArray(), 1e-12, "reverse final h");
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor xProj = Tensor.zeros(DType.F64, 3, 2, 8), w = Tensor.zeros(DType.F64, 8, 2), h0 = Tensor.zeros(DType.F64, 2, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> F.recurrence(RecurrentCell.LSTM, xProj, w, null, h0, h0, Tensor.of(new long[] {3, 4}, 2), false));
        assertTrue(e.getMessage().contains("lengths must lie in [1, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> F.recurrence(RecurrentCell.LSTM, xProj, w, null, Tensor.zeros(DType.F64, 3, 2), h0, null, false));
        assertTrue(e.getMessage().contains("h0 [2, 2], got shape [3, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> F.recurrence(RecurrentCell.GRU, xProj, w, null, h0, null, null, false));
        assertTrue(e.getMessage().contains("w_hh [3*H, H]"), e.getMessage());
    }
}
