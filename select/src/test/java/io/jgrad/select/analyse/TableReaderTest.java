package io.jgrad.select.analyse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.data.DataFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsScikitLearnLayoutWithClassNames() throws IOException {
        RawTable t = TableReader.read(SklearnData.file("breast_cancer.csv"));
        assertEquals(569, t.size());
        assertEquals(31, t.columns().size());
        assertEquals("feature_0", t.columns().getFirst());
        assertEquals("target", t.columns().getLast());
        assertEquals(List.of("malignant", "benign"), t.classNames());
        assertEquals("17.99", t.rows().getFirst()[0]);
        assertEquals(2, t.lines()[0]);
    }

    @Test
    void readsGzippedHeaderlessDigits() throws IOException {
        RawTable t = TableReader.read(SklearnData.file("digits.csv.gz"));
        assertEquals(1797, t.size());
        assertEquals(65, t.columns().size());
        assertEquals("column_64", t.columns().getLast());
        assertEquals(List.of(), t.classNames());
        assertEquals(1, t.lines()[0]);
    }

    @Test
    void readsAHeaderKeepingStringsAndEmptyCells() throws DataFileException {
        RawTable t = TableReader.parse("a,b,label\n1,x,yes\n,\"y, z\",no\n", "t.csv");
        assertEquals(List.of("a", "b", "label"), t.columns());
        assertArrayEquals(new String[] {"", "y, z", "no"}, t.rows().get(1));
        assertArrayEquals(new long[] {2, 3}, t.lines());
        assertTrue(RawTable.isMissing(t.rows().get(1)[0]));
        assertTrue(RawTable.isMissing("NA"));
        assertTrue(!RawTable.isMissing("0"));
    }

    @Test
    void semicolonsAndTabsSeparateAFileWithoutCommas() throws IOException {
        RawTable semi = TableReader.read(Files.writeString(dir.resolve("s.csv"), "a;b;y\n1,5;x;0\n"));
        assertEquals(List.of("a", "b", "y"), semi.columns());
        assertEquals("1,5", semi.rows().getFirst()[0]);
        RawTable tabs = TableReader.read(Files.writeString(dir.resolve("t.tsv"), "a\tb\n1\t2\n"));
        assertEquals(List.of("a", "b"), tabs.columns());
        RawTable spaces = TableReader.read(SklearnData.file("diabetes_data_raw.csv.gz"));
        assertEquals(10, spaces.columns().size());
        assertEquals(442, spaces.size());
        assertEquals("column_0", spaces.columns().getFirst());
        RawTable texts = TableReader.read(Files.writeString(dir.resolve("x.csv"), "review\na fine film\ndull\n"));
        assertEquals(List.of("review"), texts.columns());
    }

    @Test
    void sourcesAreToldApartByTheirPath() throws IOException {
        assertEquals(new DataSource.CsvFile(Files.writeString(dir.resolve("a.csv"), "x")),
                DataSource.of(dir.resolve("a.csv")));
        assertEquals(new DataSource.TextFile(Files.writeString(dir.resolve("a.txt"), "x")),
                DataSource.of(dir.resolve("a.txt")));
        Path images = Files.writeString(dir.resolve("t10k-images-idx3-ubyte.gz"), "");
        var e = assertThrows(DataFileException.class, () -> DataSource.of(images));
        assertTrue(e.getMessage().contains("no labels file t10k-labels-idx1-ubyte.gz beside it"), e.getMessage());
        Path labels = Files.writeString(dir.resolve("t10k-labels-idx1-ubyte.gz"), "");
        assertEquals(new DataSource.IdxFiles(images, labels), DataSource.of(images));
        Files.createDirectories(dir.resolve("pics"));
        assertEquals(new DataSource.ImageFolder(dir.resolve("pics")), DataSource.of(dir.resolve("pics")));
    }

    @Test
    void emptyFileSaysWhatToGive() throws IOException {
        Path f = Files.writeString(dir.resolve("empty.csv"), "\n\n");
        var e = assertThrows(DataFileException.class, () -> TableReader.read(f));
        assertTrue(e.getMessage().contains("empty.csv: the file is empty"), e.getMessage());
        assertTrue(e.getMessage().contains("header line"), e.getMessage());
    }

    @Test
    void headerWithoutRowsSaysSo() {
        var e = assertThrows(DataFileException.class, () -> TableReader.parse("a,b,y\n", "h.csv"));
        assertTrue(e.getMessage().contains("h.csv: a header (a, b, y) but no rows"), e.getMessage());
    }

    @Test
    void raggedRowNamesFileAndLine() {
        var e = assertThrows(DataFileException.class, () -> TableReader.parse("a,b,y\n1,2,3\n\n4,5\n", "r.csv"));
        assertTrue(e.getMessage().contains("r.csv: line 4 has 2 cells but the header has 3"), e.getMessage());
    }

    @Test
    void duplicateColumnNamesAreRefused() {
        var e = assertThrows(DataFileException.class, () -> TableReader.parse("a,a,y\n1,2,3\n", "d.csv"));
        assertTrue(e.getMessage().contains("'a' appears twice"), e.getMessage());
    }

    @Test
    void unknownColumnListsTheColumns() throws DataFileException {
        RawTable t = TableReader.parse("Age,b,y\n1,2,3\n", "u.csv");
        var e = assertThrows(IllegalArgumentException.class, () -> t.requireColumn("age", "the target"));
        assertTrue(e.getMessage().contains("no column 'age' for the target; the columns are Age, b, y"),
                e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'Age'"), e.getMessage());
    }
}
