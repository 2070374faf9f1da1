package io.jgrad.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CsvDatasetTest {
    private static final String CSV = "a,b,label\n1,2,0\n3,4,1\n5,6,2\n";

    @Test
    void classificationTableBecomesFeaturesAndClassIndices() throws Exception {
        CsvTable t = CsvTable.parse(CSV, "test.csv", CsvTable.Options.defaults().withLabel("label"));
        TensorDataset d = Datasets.classification(t);
        assertEquals(3, d.size());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.inputs().toFloatArray());
        assertArrayEquals(new long[] {0, 1, 2}, d.targets().toLongArray());
        assertEquals(io.jgrad.DType.I64, d.targets().dtype());
    }

    @Test
    void regressionTargetsAreAColumn() throws Exception {
        CsvTable t = CsvTable.parse(CSV, "test.csv", CsvTable.Options.defaults().withLabel("b"));
        TensorDataset d = Datasets.regression(t);
        assertArrayEquals(new int[] {3, 1}, d.targets().dims());
        assertArrayEquals(new float[] {2, 4, 6}, d.targets().toFloatArray());
    }

    @Test
    void nonIntegerClassLabelsAreRejectedWithTheRow() throws Exception {
        CsvTable t = CsvTable.parse("x,y\n1,0\n2,0.5\n", "t.csv", CsvTable.Options.defaults().withLabel("y"));
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.classification(t));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("'y'"), e.getMessage());
        CsvTable noLabel = CsvTable.parse("x,y\n1,0\n", "t.csv", CsvTable.Options.defaults());
        assertThrows(IllegalArgumentException.class, () -> Datasets.classification(noLabel));
    }

    @Test
    void fashionMnistSearchPathStartsWithTheGivenFolder() {
        var path = Datasets.fashionMnistSearchPath(java.nio.file.Path.of("/x"));
        assertEquals(java.nio.file.Path.of("/x"), path.get(0));
        assertEquals(java.nio.file.Path.of("/usr/share/datasets/fashion-mnist"), path.get(path.size() - 2));
    }

    @Test
    void classLabelsAreParsedExactlyNotThroughFloat() throws Exception {
        CsvTable t = CsvTable.parse("x,y\n1,16777217\n2,3.0\n3,2e1\n", "t.csv", CsvTable.Options.defaults().withLabel("y"));
        assertArrayEquals(new long[] {16777217, 3, 20}, Datasets.classification(t).targets().toLongArray());
        CsvTable missing = CsvTable.parse("x,y\n1,\n", "t.csv", CsvTable.Options.defaults().withLabel("y").withEmptyAsMissing());
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.classification(missing));
        assertEquals("label column 'y', row 1: a missing value is not a class index (a non-negative integer)", e.getMessage());
        CsvTable negative = CsvTable.parse("x,y\n1,-1\n", "t.csv", CsvTable.Options.defaults().withLabel("y"));
        assertThrows(IllegalArgumentException.class, () -> Datasets.classification(negative));
    }
}
