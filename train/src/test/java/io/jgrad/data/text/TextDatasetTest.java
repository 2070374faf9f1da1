package io.jgrad.data.text;

import io.jgrad.DType;
import io.jgrad.data.Batch;
import io.jgrad.data.DataLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TextDatasetTest {
    private static int[] range(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = i;
        return t;
    }

    @Test
    void windowsAreInputsAndTheSameTokensOneLater() {
        TextDataset d = TextDataset.windows(range(10), 3);
        assertEquals(3, d.size(), "(10 - 1 - 3) / 3 + 1");
        Batch b = d.get(new int[] {2, 0});
        assertEquals(DType.I64, b.inputs().dtype());
        assertArrayEquals(new int[] {2, 3}, b.inputs().dims());
        assertArrayEquals(new long[] {6, 7, 8, 0, 1, 2}, b.inputs().toLongArray());
        assertArrayEquals(new long[] {7, 8, 9, 1, 2, 3}, b.targets().toLongArray());
    }

    @Test
    void aStrideMakesWindowsOverlap() {
        TextDataset d = TextDataset.windows(range(10), 4, 1);
        assertEquals(6, d.size());
        assertArrayEquals(new long[] {5, 6, 7, 8}, d.get(new int[] {5}).inputs().toLongArray());
        assertArrayEquals(new long[] {6, 7, 8, 9}, d.get(new int[] {5}).targets().toLongArray());
        assertThrows(IndexOutOfBoundsException.class, () -> d.get(new int[] {6}));
    }

    @Test
    void theDataLoaderBatchesWindows() {
        DataLoader loader = DataLoader.of(TextDataset.windows(range(21), 4), 2);
        List<long[]> firsts = new ArrayList<>();
        for (Batch b : loader) firsts.add(b.inputs().toLongArray());
        assertEquals(3, firsts.size());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7}, firsts.get(0));
        assertArrayEquals(new long[] {16, 17, 18, 19}, firsts.get(2));
    }

    @Test
    void aWindowLongerThanTheCorpusIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> TextDataset.windows(range(5), 5));
        assertTrue(e.getMessage().contains("needs 6 tokens"), e.getMessage());
        assertTrue(e.getMessage().contains("has 5"), e.getMessage());
        assertEquals(1, TextDataset.windows(range(6), 5).size());
        assertThrows(IllegalArgumentException.class, () -> TextDataset.windows(new int[0], 1));
        assertThrows(IllegalArgumentException.class, () -> TextDataset.windows(range(5), 0));
        assertThrows(IllegalArgumentException.class, () -> TextDataset.windows(range(5), 2, 0));
        assertThrows(IllegalArgumentException.class, () -> TextDataset.windows(new int[] {1, -2, 3}, 1));
    }

    @Test
    void theWholePipelineFromACorpusToBatches() {
        String text = "hello world, hello jgrad";
        CharTokenizer tok = CharTokenizer.fit(text, SpecialTokens.of(SpecialTokens.PAD));
        TextDataset d = TextDataset.windows(tok.encode(text), 8, 4);
        Batch b = d.get(new int[] {1});
        assertEquals("o world,", tok.decode(toInts(b.inputs().toLongArray())));
        assertEquals(" world, ", tok.decode(toInts(b.targets().toLongArray())));
    }

    static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.toIntExact(v[i]);
        return out;
    }
}
