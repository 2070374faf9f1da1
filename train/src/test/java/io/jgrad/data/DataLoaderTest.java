package io.jgrad.data;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class DataLoaderTest {
    /** Example i has input [i, 10 i] and target i, so a batch tells which examples it holds. */
    static TensorDataset numbered(int n) {
        float[] x = new float[n * 2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n));
    }

    static List<long[]> epoch(DataLoader loader) {
        List<long[]> out = new ArrayList<>();
        for (Batch b : loader) {
            long[] ids = b.targets().toLongArray();
            float[] x = b.inputs().toFloatArray();
            for (int i = 0; i < ids.length; i++) {
                assertEquals(ids[i], x[2 * i], "inputs and targets of one example stay together");
                assertEquals(10f * ids[i], x[2 * i + 1]);
            }
            out.add(ids);
        }
        return out;
    }

    @Test
    void batchesCoverTheDataInOrderWithASmallerLastBatch() {
        DataLoader loader = DataLoader.of(numbered(10), 4);
        List<long[]> batches = epoch(loader);
        assertEquals(3, loader.batchCount());
        assertEquals(List.of(4, 4, 2), batches.stream().map(b -> b.length).toList());
        assertArrayEquals(new long[] {0, 1, 2, 3}, batches.get(0));
        assertArrayEquals(new long[] {8, 9}, batches.get(2));
        assertEquals(Shape.of(4, 2), loader.iterator().next().inputs().shape());
    }

    @Test
    void dropLastDropsTheIncompleteBatch() {
        DataLoader loader = DataLoader.builder(numbered(10)).batchSize(4).dropLast(true).build();
        assertEquals(2, loader.batchCount());
        assertEquals(8, loader.exampleCount());
        assertEquals(List.of(4, 4), epoch(loader).stream().map(b -> b.length).toList());
        DataLoader exact = DataLoader.builder(numbered(8)).batchSize(4).dropLast(true).build();
        assertEquals(2, epoch(exact).size());
    }

    private static long[] flat(List<long[]> batches) {
        return batches.stream().flatMapToLong(Arrays::stream).toArray();
    }

    @Test
    void seededShuffleIsAPermutationReproducibleAndNewEachEpoch() {
        DataLoader a = DataLoader.builder(numbered(50)).batchSize(8).shuffle(42).build();
        DataLoader b = DataLoader.builder(numbered(50)).batchSize(8).shuffle(42).build();
        long[] a1 = flat(epoch(a)), a2 = flat(epoch(a));
        long[] b1 = flat(epoch(b)), b2 = flat(epoch(b));
        assertArrayEquals(a1, b1, "same seed, same first epoch");
        assertArrayEquals(a2, b2, "same seed, same second epoch");
        assertFalse(Arrays.equals(a1, a2), "each epoch draws a new order");
        long[] sorted = a1.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
        assertFalse(Arrays.equals(sorted, a1), "the order is shuffled");
        DataLoader c = DataLoader.builder(numbered(50)).batchSize(8).shuffle(43).build();
        assertFalse(Arrays.equals(a1, flat(epoch(c))), "another seed, another order");
    }

    @Test
    void skippedEpochsGiveTheOrderAnUninterruptedRunSeesNext() {
        DataLoader a = DataLoader.builder(numbered(50)).batchSize(8).shuffle(42).build();
        epoch(a);
        epoch(a);
        long[] third = flat(epoch(a));
        DataLoader resumed = DataLoader.builder(numbered(50)).batchSize(8).shuffle(42).build();
        resumed.skipEpochs(2);
        assertArrayEquals(third, flat(epoch(resumed)));
        DataLoader plain = DataLoader.builder(numbered(5)).batchSize(2).build();
        plain.skipEpochs(3);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, flat(epoch(plain)), "without shuffling nothing changes");
        assertThrows(IllegalArgumentException.class, () -> plain.skipEpochs(-1));
    }

    @Test
    void prefetchGivesTheSameBatchesAsDirectLoading() {
        DataLoader direct = DataLoader.builder(numbered(37)).batchSize(5).shuffle(7).build();
        DataLoader prefetch = DataLoader.builder(numbered(37)).batchSize(5).shuffle(7).prefetch(2).build();
        for (int e = 0; e < 2; e++) assertArrayEquals(flat(epoch(direct)), flat(epoch(prefetch)));
    }

    @Test
    void prefetchPropagatesLoadingErrorsToTheConsumer() {
        AtomicInteger calls = new AtomicInteger();
        TensorDataset base = numbered(20);
        Dataset failing = new Dataset() {
            @Override public int size() { return base.size(); }

            @Override public Batch get(int[] indices) {
                if (calls.incrementAndGet() == 3) throw new IllegalStateException("disk on fire");
                return base.get(indices);
            }
        };
        DataLoader loader = DataLoader.builder(failing).batchSize(4).prefetch(2).build();
        DataLoader.Epoch it = loader.iterator();
        it.next();
        it.next();
        var e = assertThrows(DataLoader.DataLoadingException.class, it::next);
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("disk on fire", e.getCause().getMessage());
        assertFalse(it.hasNext(), "a failed epoch is over");
    }

    @Test
    void closingAnEpochEarlyStopsTheLoaderThread() throws Exception {
        DataLoader loader = DataLoader.builder(numbered(1000)).batchSize(1).prefetch(2).build();
        long before = loaderThreads();
        try (DataLoader.Epoch it = loader.iterator()) {
            it.next();
        }
        for (int i = 0; i < 100 && loaderThreads() > before; i++) Thread.sleep(10);
        assertEquals(before, loaderThreads());
    }

    private static long loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("jgrad-dataloader") && t.isAlive()).count();
    }

    @Test
    void rejectsMismatchedDatasetAndBadIndices() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> numbered(3).get(new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(numbered(3)).batchSize(0));
    }

    @Test
    void subsetMapsIndices() {
        Dataset sub = numbered(10).subset(new int[] {7, 2, 5});
        assertEquals(3, sub.size());
        assertArrayEquals(new long[] {5, 7}, sub.get(new int[] {2, 0}).targets().toLongArray());
    }

    @Test
    void aDatasetWithSeveralInputsAndTargetsBatchesThemTogether() {
        Tensor a = Tensor.arange(0, 10, 1).reshape(5, 2), b = Tensor.arange(0, 5, 1, io.jgrad.DType.I64);
        TensorDataset data = TensorDataset.of(List.of(a, a.mul(10)), List.of(b, a.sum(1, false)));
        Batch batch = data.get(new int[] {3, 1});
        assertEquals(2, batch.inputCount());
        assertEquals(2, batch.targetCount());
        assertEquals(2, batch.size());
        assertArrayEquals(new float[] {60, 70, 20, 30}, batch.input(1).toFloatArray());
        assertArrayEquals(new long[] {3, 1}, batch.target(0).toLongArray());
        assertArrayEquals(new float[] {13, 5}, batch.allTargets().get(1).toFloatArray());
        var one = assertThrows(IllegalStateException.class, batch::inputs);
        assertEquals("batch: has 2 inputs; use input(i) or allInputs()", one.getMessage());
        assertThrows(IllegalStateException.class, data::inputs);
        List<Batch> batches = new ArrayList<>();
        DataLoader.builder(data).batchSize(2).shuffle(3).build().forEach(batches::add);
        assertEquals(List.of(2, 2, 1), batches.stream().map(Batch::size).toList());

        var rows = assertThrows(IllegalArgumentException.class, () -> TensorDataset.of(List.of(a, Tensor.zeros(4, 2)), List.of(b)));
        assertEquals("dataset: inputs ([5, 2], [4, 2]) and targets [5] must have the same number of examples (first dimension)", rows.getMessage());
        var batchRows = assertThrows(IllegalArgumentException.class, () -> Batch.of(List.of(a), List.of(b, Tensor.zeros(3))));
        assertEquals("batch: inputs [5, 2] and targets ([5], [3]) must share their first dimension", batchRows.getMessage());
    }
}
