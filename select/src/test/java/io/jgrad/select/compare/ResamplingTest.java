package io.jgrad.select.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResamplingTest {

    private static final int[] ROWS = range(100, 40); // rows 100..139 of a larger data set; the rest is test data

    private static int[] range(int from, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = from + i;
        return a;
    }

    /** Labels for 140 rows: among rows 100..139, 30 of class 0 and 10 of class 1. */
    private static long[] labels() {
        long[] y = new long[140];
        for (int i = 100; i < 140; i++) y[i] = i % 4 == 0 ? 1 : 0;
        return y;
    }

    @Test
    void stratifiedKFoldPartitionsTheRowsKeepingTheClassShares() {
        long[] y = labels();
        List<Fold> folds = Resampling.kFold(5).split(ROWS, y, 9);
        assertEquals(5, folds.size());
        Set<Integer> validated = new HashSet<>();
        for (Fold f : folds) {
            assertEquals(8, f.validation().length);
            assertEquals(32, f.train().length);
            int positives = 0;
            for (int r : f.validation()) {
                assertTrue(r >= 100 && r < 140, "only development rows");
                assertTrue(validated.add(r), "row " + r + " validated twice");
                if (y[r] == 1) positives++;
            }
            assertEquals(2, positives, "each fold holds a fifth of class 1");
            Set<Integer> train = new HashSet<>();
            for (int r : f.train()) train.add(r);
            for (int r : f.validation()) assertTrue(!train.contains(r), "row " + r + " on both sides");
        }
        assertEquals(40, validated.size());
    }

    @Test
    void repeatsDrawNewFoldsAndTheSeedFixesThem() {
        Resampling twice = Resampling.kFold(4).repeated(2);
        List<Fold> a = twice.split(ROWS, null, 1), b = twice.split(ROWS, null, 1);
        assertEquals(8, a.size());
        assertEquals("r2 f1", a.get(4).label());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).validation(), b.get(i).validation());
        assertTrue(!java.util.Arrays.equals(a.get(0).validation(), a.get(4).validation()), "a new shuffle per repeat");
        assertEquals(0.25, twice.validationShare());
    }

    @Test
    void holdoutIsOneStratifiedSplit() {
        long[] y = labels();
        List<Fold> folds = Resampling.holdout(0.2).split(ROWS, y, 3);
        assertEquals(1, folds.size());
        assertEquals(8, folds.getFirst().validation().length); // 6 of class 0's 30, 2 of class 1's 10
        assertEquals(32, folds.getFirst().train().length);
        assertEquals(2, java.util.Arrays.stream(folds.getFirst().validation()).filter(r -> y[r] == 1).count());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Resampling.kFold(1));
        assertThrows(IllegalArgumentException.class, () -> Resampling.holdout(1.0));
        var e = assertThrows(IllegalArgumentException.class, () -> Resampling.kFold(5).split(range(0, 4), null, 0));
        assertTrue(e.getMessage().contains("4 rows cannot make 5 folds"), e.getMessage());
    }
}
