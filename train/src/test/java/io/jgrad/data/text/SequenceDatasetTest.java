package io.jgrad.data.text;

import io.jgrad.DType;
import io.jgrad.data.Batch;
import io.jgrad.data.DataLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SequenceDatasetTest {
    @Test
    void collatePadsToTheLongestItemAndReturnsLengths() {
        SequenceCollate.Padded p = SequenceCollate.pad(List.of(new int[] {5, 6}, new int[] {7, 8, 9}, new int[] {4}), 0);
        assertArrayEquals(new int[] {3, 3}, p.ids().dims());
        assertArrayEquals(new long[] {5, 6, 0, 7, 8, 9, 4, 0, 0}, p.ids().toLongArray());
        assertEquals(DType.I64, p.lengths().dtype());
        assertArrayEquals(new long[] {2, 3, 1}, p.lengths().toLongArray());
    }

    @Test
    void collateRejectsPaddingIdCollisionsAndEmptyItems() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SequenceCollate.pad(List.of(new int[] {1, 2}, new int[] {3, 0, 4}), 0));
        assertTrue(e.getMessage().contains("item 1 holds the padding id 0 at position 1"), e.getMessage());
        var empty = assertThrows(IllegalArgumentException.class,
                () -> SequenceCollate.pad(List.of(new int[] {1}, new int[0]), 0));
        assertTrue(empty.getMessage().contains("item 1 is empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SequenceCollate.pad(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> SequenceCollate.pad(List.of(new int[] {1}), -1));
        assertThrows(IllegalArgumentException.class, () -> SequenceCollate.pad(List.of(new int[] {-3}), 0));
    }

    @Test
    void classificationBatchesAreIdsLengthsAndLabels() {
        SequenceDataset d = SequenceDataset.classification(List.of(new int[] {3, 4, 5}, new int[] {6}), new long[] {1, 0}, 0);
        Batch b = DataLoader.of(d, 2).iterator().next();
        assertEquals(2, b.inputCount());
        assertArrayEquals(new long[] {3, 4, 5, 6, 0, 0}, b.input(0).toLongArray());
        assertArrayEquals(new long[] {3, 1}, b.input(1).toLongArray());
        assertArrayEquals(new long[] {1, 0}, b.targets().toLongArray());
        assertThrows(IllegalArgumentException.class,
                () -> SequenceDataset.classification(List.of(new int[] {1}), new long[] {1, 2}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> SequenceDataset.classification(List.of(new int[] {1, 9}), new long[] {1}, 9));
    }

    @Test
    void languageModelItemsPredictTheNextTokenWithPaddedTargets() {
        SequenceDataset d = SequenceDataset.languageModel(List.of(new int[] {1, 5, 6, 2}, new int[] {1, 7, 2}), 0);
        Batch b = d.get(new int[] {1, 0});
        assertArrayEquals(new long[] {1, 7, 0, 1, 5, 6}, b.input(0).toLongArray());
        assertArrayEquals(new long[] {2, 3}, b.input(1).toLongArray());
        assertArrayEquals(new long[] {7, 2, 0, 5, 6, 2}, b.targets().toLongArray());
        var shortOne = assertThrows(IllegalArgumentException.class,
                () -> SequenceDataset.languageModel(List.of(new int[] {1}), 0));
        assertTrue(shortOne.getMessage().contains("sequence 0 has 1 tokens"), shortOne.getMessage());
    }

    @Test
    void pairedBatchesFeedTheDecoderItsTargetOneStepLate() {
        int pad = 0, bos = 1, eos = 2;
        PairedSequenceDataset d = PairedSequenceDataset.of(List.of(new int[] {5, 6, 7}, new int[] {8}),
                List.of(new int[] {9}, new int[] {10, 11}), pad, bos, eos);
        Batch b = d.get(new int[] {0, 1});
        assertEquals(3, b.inputCount());
        assertArrayEquals(new long[] {5, 6, 7, 8, 0, 0}, b.input(0).toLongArray());
        assertArrayEquals(new long[] {3, 1}, b.input(1).toLongArray());
        assertArrayEquals(new long[] {1, 9, 0, 1, 10, 11}, b.input(2).toLongArray());
        assertArrayEquals(new long[] {9, 2, 0, 10, 11, 2}, b.targets().toLongArray());
        assertThrows(IllegalArgumentException.class, () -> PairedSequenceDataset.of(List.of(new int[] {5}),
                List.of(), pad, bos, eos));
        assertThrows(IllegalArgumentException.class, () -> PairedSequenceDataset.of(List.of(new int[] {5}),
                List.of(new int[] {6}), pad, pad, eos));
        assertThrows(IllegalArgumentException.class, () -> PairedSequenceDataset.of(List.of(new int[0]),
                List.of(new int[] {6}), pad, bos, eos));
        var collision = assertThrows(IllegalArgumentException.class, () -> PairedSequenceDataset.of(
                List.of(new int[] {5}), List.of(new int[] {6, 0}), pad, bos, eos));
        assertTrue(collision.getMessage().contains("padding id 0"), collision.getMessage());
    }
}
