package io.jgrad.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class SplitsTest {
    private static void assertPartition(int n, Splits.Indices s) {
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.validation())), Arrays.stream(s.test()))
                .sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all, "parts are disjoint and cover everything");
    }

    @Test
    void randomSplitHasTheRequestedSizesAndIsSeeded() {
        Splits.Indices s = Splits.random(100, 0.2, 0.1, 3);
        assertEquals(70, s.train().length);
        assertEquals(20, s.validation().length);
        assertEquals(10, s.test().length);
        assertPartition(100, s);
        assertArrayEquals(s.train(), Splits.random(100, 0.2, 0.1, 3).train());
        assertFalse(Arrays.equals(s.train(), Splits.random(100, 0.2, 0.1, 4).train()));
    }

    @Test
    void stratifiedSplitKeepsClassProportionsInEveryPart() {
        // 600 of class 0, 300 of class 1, 100 of class 2, interleaved.
        long[] labels = new long[1000];
        for (int i = 0; i < 1000; i++) labels[i] = i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2;
        Splits.Indices s = Splits.stratified(labels, 0.2, 0.2, 11);
        assertPartition(1000, s);
        for (int[] part : new int[][] {s.train(), s.validation(), s.test()}) {
            long[] counts = new long[3];
            for (int i : part) counts[(int) labels[i]]++;
            assertEquals(0.6, counts[0] / (double) part.length, 1e-9);
            assertEquals(0.3, counts[1] / (double) part.length, 1e-9);
            assertEquals(0.1, counts[2] / (double) part.length, 1e-9);
        }
        assertEquals(200, s.test().length);
    }

    @Test
    void rejectsFractionsLeavingNoTrainingData() {
        assertThrows(IllegalArgumentException.class, () -> Splits.random(10, 0.5, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(10, -0.1, 0.2, 0));
    }
}
