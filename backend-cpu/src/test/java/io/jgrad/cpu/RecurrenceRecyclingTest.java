package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.RecurrenceGradients;
import io.jgrad.backend.RecurrenceResult;
import io.jgrad.backend.RecurrentCell;
import io.jgrad.backend.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The recurrence's results may come from recycled arrays (whatever they hold) where its kernels write every element:
 * without lengths. Run over a pool of NaN-filled arrays of every result length, forward and backward must give a
 * fresh backend's bits, with lengths too (whose padded rows must stay zero, so they never take such arrays).
 */
class RecurrenceRecyclingTest {
    private static final int STEPS = 16, BATCH = 32, HIDDEN = 128;

    /** Every F32 result of one forward and backward, in order. */
    private static List<float[]> run(CpuBackend cpu, RecurrentCell cell, long[] lengths) {
        SplittableRandom rnd = new SplittableRandom(7);
        int width = cell.gates() * HIDDEN;
        Storage x = random(rnd, STEPS * BATCH * width), w = random(rnd, width * HIDDEN), b = random(rnd, width);
        Storage h0 = random(rnd, BATCH * HIDDEN), c0 = cell.hasCellState() ? random(rnd, BATCH * HIDDEN) : null;
        Storage lens = lengths == null ? null : HostStorage.wrap(lengths);
        Layout lensLayout = lengths == null ? null : Layout.contiguous(Shape.of(BATCH));
        Layout state = Layout.contiguous(Shape.of(BATCH, HIDDEN));
        RecurrenceResult r = cpu.recurrence(cell, false, x, Layout.contiguous(Shape.of(STEPS, BATCH, width)), w,
                Layout.contiguous(Shape.of(width, HIDDEN)), b, Layout.contiguous(Shape.of(width)), h0, state, c0,
                c0 == null ? null : state, lens, lensLayout);
        Layout savedLayout = Layout.contiguous(Shape.of(STEPS, BATCH, cell.savedWidth(HIDDEN)));
        Storage gradOut = random(rnd, STEPS * BATCH * cell.outputWidth(HIDDEN));
        RecurrenceGradients g = cpu.recurrenceBackward(cell, false, gradOut,
                Layout.contiguous(Shape.of(STEPS, BATCH, cell.outputWidth(HIDDEN))), r.saved(), savedLayout, w,
                Layout.contiguous(Shape.of(width, HIDDEN)), lens, lensLayout);
        List<float[]> all = new ArrayList<>();
        for (Storage s : new Storage[] {r.output(), r.saved(), g.inputProjection(), g.hiddenProjection(), g.h0(), g.c0()}) {
            if (s != null) all.add(HostStorage.of(s).floats());
        }
        return all;
    }

    private static Storage random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        return HostStorage.wrap(a);
    }

    @ParameterizedTest
    @EnumSource(value = RecurrentCell.class, names = {"RNN_TANH", "LSTM", "GRU"})
    void resultsOverDirtyRecycledArraysMatchFreshOnes(RecurrentCell cell) {
        long[] lengths = new long[BATCH];
        for (int b = 0; b < BATCH; b++) lengths[b] = 1 + (b * 5) % STEPS;
        for (long[] lens : new long[][] {null, lengths}) {
            List<float[]> fresh = run(new CpuBackend(), cell, lens);
            CpuBackend cpu = new CpuBackend();
            run(cpu, cell, lens); // asks for every length once, so that the pool keeps arrays of them
            List<float[]> dirty = new ArrayList<>();
            for (float[] a : fresh) {
                if (a.length < RecycledArrays.MIN_LENGTH) continue;
                HostStorage s = HostStorage.of(cpu.full(DType.F32, a.length, Float.NaN)); // the backend's own array
                dirty.add(s.floats());
                cpu.recycle(s);
            }
            assertTrue(cpu.recycledBytes() > 0, "the pool holds the dirty arrays");
            List<float[]> again = run(cpu, cell, lens);
            assertEquals(fresh.size(), again.size());
            for (int i = 0; i < fresh.size(); i++) {
                assertArrayEquals(fresh.get(i), again.get(i), cell + (lens == null ? "" : " with lengths") + ", result " + i);
            }
            if (lens == null) { // the results took the dirty arrays, so the test saw the recycled path
                for (float[] a : dirty) assertTrue(again.stream().anyMatch(r -> r == a), "a dirty array was reused");
            } else {
                for (float[] a : dirty) assertTrue(again.stream().noneMatch(r -> r == a), "no dirty array with lengths");
            }
        }
    }
}
