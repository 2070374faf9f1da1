package io.jgrad.data;

import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ScalerTest {
    // Column 0: 1, 2, 3, 6 (mean 3, population std sqrt(3.5)); column 1 constant 5.
    private static final Tensor X = Tensor.of(new float[] {1, 5, 2, 5, 3, 5, 6, 5}, 4, 2);

    @Test
    void standardScalerCentresAndScalesByPopulationStd() {
        StandardScaler s = new StandardScaler();
        Tensor z = s.fitTransform(X);
        float[] v = z.toFloatArray();
        double std = Math.sqrt(3.5);
        assertEquals((1 - 3) / std, v[0], 1e-6);
        assertEquals((6 - 3) / std, v[6], 1e-6);
        assertEquals(0, v[1], 0, "a constant column is only centred");
        assertArrayEquals(new float[] {3, 5}, s.mean().toFloatArray(), 1e-6f);
        assertTrue(s.inverseTransform(z).allClose(X, 1e-6, 1e-6));
    }

    @Test
    void minMaxScalerMapsOntoTheRangeAndBack() {
        MinMaxScaler s = new MinMaxScaler(-1, 1);
        Tensor z = s.fitTransform(X);
        float[] v = z.toFloatArray();
        assertEquals(-1, v[0], 1e-6);
        assertEquals(-1 + 2 * (2 - 1) / 5.0, v[2], 1e-6);
        assertEquals(1, v[6], 1e-6);
        assertEquals(-1, v[1], 1e-6, "a constant column maps to the low end");
        assertTrue(s.inverseTransform(z).allClose(X, 1e-6, 1e-6));
    }

    @Test
    void stateRoundTripsThroughAMap() {
        StandardScaler s = new StandardScaler().fit(X);
        Map<String, Tensor> state = s.stateDict("scaler.");
        assertEquals(java.util.Set.of("scaler.mean", "scaler.scale"), state.keySet());
        StandardScaler restored = new StandardScaler().loadStateDict(state, "scaler.");
        assertTrue(restored.transform(X).equalValues(s.transform(X)));

        MinMaxScaler m = new MinMaxScaler(0, 10).fit(X);
        MinMaxScaler m2 = MinMaxScaler.fromState(m.stateDict("mm."), "mm.");
        assertTrue(m2.transform(X).equalValues(m.transform(X)));
        assertThrows(IllegalArgumentException.class, () -> new MinMaxScaler().loadStateDict(m.stateDict("mm."), "mm."));
    }

    /** One empty cell used to turn the whole column into NaN; now the scaler names it. */
    @Test
    void aMissingValueIsRefusedNamingItsRowAndColumn() {
        Tensor withHole = Tensor.of(new float[] {1, 5, 2, Float.NaN, 3, 5, 6, Float.NaN}, 4, 2);
        for (Scaler s : new Scaler[] {new StandardScaler(), new MinMaxScaler()}) {
            var fit = assertThrows(IllegalArgumentException.class, () -> s.fit(withHole));
            assertTrue(fit.getMessage().contains("column 1 has a missing value (NaN) at row 1 (2 missing values in all)")
                    && fit.getMessage().contains("Imputer"), fit.getMessage());
            s.fit(X);
            var transform = assertThrows(IllegalArgumentException.class, () -> s.transform(withHole));
            assertTrue(transform.getMessage().contains(".transform: column 1 has a missing value (NaN) at row 1"), transform.getMessage());
        }
    }

    @Test
    void errorsNameTheProblem() {
        assertThrows(IllegalStateException.class, () -> new StandardScaler().transform(X));
        StandardScaler s = new StandardScaler().fit(X);
        var e = assertThrows(IllegalArgumentException.class, () -> s.transform(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("2 features"), e.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> new StandardScaler().loadStateDict(Map.of(), "x."));
        assertTrue(missing.getMessage().contains("x.mean"), missing.getMessage());
    }
}
