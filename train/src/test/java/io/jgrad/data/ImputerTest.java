package io.jgrad.data;

import io.jgrad.DType;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fill values against scikit-learn's SimpleImputer semantics, the indicator columns, state and errors. */
class ImputerTest {
    private static final float NAN = Float.NaN;
    // Column 0: 1, NaN, 3, 3, 10 (mean 4.25, median 3, most frequent 3); column 1: 2, 2, NaN, 4, 4 (tie: 2 wins);
    // column 2 has no missing value.
    private static final Tensor X = Tensor.of(new float[] {
        1, 2, 7,
        NAN, 2, 8,
        3, NAN, 9,
        3, 4, 7,
        10, 4, 7}, 5, 3);

    @Test
    void fillValuesPerStrategy() {
        assertArrayEquals(new float[] {4.25f, 3, 7.6f}, Imputer.mean().fit(X).fillValues().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {3, 3, 7}, Imputer.median().fit(X).fillValues().toFloatArray());
        assertArrayEquals(new float[] {3, 2, 7}, Imputer.mostFrequent().fit(X).fillValues().toFloatArray());
        assertArrayEquals(new float[] {-1, -1, -1}, Imputer.constant(-1).fit(X).fillValues().toFloatArray());
    }

    @Test
    void transformFillsOnlyTheMissingCellsWithTheTrainingValues() {
        Imputer imputer = Imputer.median().fit(X);
        Tensor other = Tensor.of(new float[] {NAN, NAN, NAN, 5, 6, 0}, 2, 3);
        assertArrayEquals(new float[] {3, 3, 7, 5, 6, 0}, imputer.transform(other).toFloatArray());
        Tensor filled = imputer.transform(X);
        assertEquals(0, filled.ne(filled).to(DType.I64).sum().longItem());
        assertEquals(3, filled.toFloatArray()[3]);
        assertEquals(DType.F32, filled.dtype());
    }

    @Test
    void indicatorColumnsForTheFeaturesThatHadMissingValues() {
        Imputer imputer = Imputer.mean().withIndicator();
        Tensor out = imputer.fitTransform(X);
        assertEquals(5, imputer.outputFeatures());
        assertArrayEquals(new int[] {5, 5}, out.dims());
        // The indicators follow the features: columns 0 and 1 had missing values, column 2 none.
        float[] v = out.toFloatArray();
        float[] flags0 = new float[5], flags1 = new float[5];
        for (int r = 0; r < 5; r++) {
            flags0[r] = v[r * 5 + 3];
            flags1[r] = v[r * 5 + 4];
        }
        assertArrayEquals(new float[] {0, 1, 0, 0, 0}, flags0);
        assertArrayEquals(new float[] {0, 0, 1, 0, 0}, flags1);
        // Without missing values at fit, no indicator columns.
        Imputer none = Imputer.mean().withIndicator().fit(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertArrayEquals(new int[] {1, 2}, none.transform(Tensor.of(new float[] {NAN, 1}, 1, 2)).dims());
    }

    @Test
    void stateRoundTripsWithTheStrategy() {
        Imputer imputer = Imputer.mostFrequent().withIndicator().fit(X);
        Map<String, Tensor> state = imputer.stateDict("imputer.");
        assertEquals(java.util.Set.of("imputer.fill", "imputer.indicator", "imputer.strategy"), state.keySet());
        Imputer restored = Imputer.fromState(state, "imputer.");
        assertEquals(Imputer.Strategy.MOST_FREQUENT, restored.strategy());
        assertTrue(restored.transform(X).equalValues(imputer.transform(X)));
        assertTrue(Imputer.mostFrequent().loadStateDict(state, "imputer.").transform(X).equalValues(imputer.transform(X)));
        var wrong = assertThrows(IllegalArgumentException.class, () -> Imputer.mean().loadStateDict(state, "imputer."));
        assertTrue(wrong.getMessage().contains("saved strategy MOST_FREQUENT"), wrong.getMessage());
    }

    /** The case: a CSV column with one empty cell, imputed then scaled, stays finite. */
    @Test
    void anEmptyCsvCellImputedThenScaled() throws DataFileException {
        CsvTable table = CsvTable.parse("a,b\n1,4\n,6\n3,8\n", "t.csv", CsvTable.Options.defaults().withEmptyAsMissing());
        Tensor x = Tensor.of(table.flatFeatures(), table.rows(), table.cols());
        Tensor scaled = new StandardScaler().fitTransform(Imputer.mean().fitTransform(x));
        float[] v = scaled.toFloatArray();
        for (float f : v) assertTrue(Float.isFinite(f), java.util.Arrays.toString(v));
        assertEquals(0, v[2], 1e-6, "the filled cell is the column's mean, so it scales to 0");
    }

    @Test
    void errorsNameTheProblem() {
        Tensor allMissing = Tensor.of(new float[] {1, NAN, 2, NAN}, 2, 2);
        var empty = assertThrows(IllegalArgumentException.class, () -> Imputer.median().fit(allMissing));
        assertTrue(empty.getMessage().contains("column 1 has no values (all 2 rows are missing) to compute the median from"),
                empty.getMessage());
        assertArrayEquals(new float[] {1, 0, 2, 0}, Imputer.constant(0).fit(allMissing).transform(allMissing).toFloatArray(), 0f);
        assertThrows(IllegalStateException.class, () -> Imputer.mean().transform(X));
        var features = assertThrows(IllegalArgumentException.class, () -> Imputer.mean().fit(X).transform(Tensor.zeros(2, 2)));
        assertTrue(features.getMessage().contains("fitted on 3 features"), features.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Imputer.constant(Double.NaN));
        var ints = assertThrows(IllegalArgumentException.class, () -> Imputer.mean().fit(Tensor.zeros(DType.I64, 2, 2)));
        assertTrue(ints.getMessage().contains("floating-point"), ints.getMessage());
    }
}
