package io.jgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    private static final CsvTable.Options DEFAULTS = CsvTable.Options.defaults();

    private static CsvTable parse(String text, CsvTable.Options o) throws DataFileException {
        return CsvTable.parse(text, "t.csv", o);
    }

    private static void assertRejected(String text, CsvTable.Options o, String... fragments) {
        DataFileException e = assertThrows(DataFileException.class, () -> parse(text, o));
        assertTrue(e.getMessage().startsWith("t.csv: "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void readsFeaturesAndLabelColumn() throws DataFileException {
        CsvTable t = parse("a,label,b\n1,0,2.5\n-3e2,1,.5\n", DEFAULTS.withLabel("label"));
        assertEquals(List.of("a", "b"), t.featureNames());
        assertEquals("label", t.labelName());
        assertArrayEquals(new float[][] {{1f, 2.5f}, {-300f, 0.5f}}, t.features());
        assertArrayEquals(new float[] {0f, 1f}, t.labels());
        assertArrayEquals(new float[] {1f, 2.5f, -300f, 0.5f}, t.flatFeatures());
        assertEquals(2, t.rows());
        assertEquals(2, t.cols());
        assertEquals(List.of(), t.missing());
    }

    @Test
    void withoutLabelEveryColumnIsAFeature() throws DataFileException {
        CsvTable t = parse("x,y\n1,2\n", DEFAULTS);
        assertEquals(List.of("x", "y"), t.featureNames());
        assertNull(t.labels());
        assertNull(t.labelName());
    }

    @Test
    void quotedFieldsSeparatorsBlankLinesAndLineEndings() throws DataFileException {
        String text = "\uFEFF\"first, name\";\"say \"\"hi\"\"\";y\r\n\r\n  \n\"1\"; \"2\" ;3\r4;5;\"6\"";
        CsvTable t = parse(text, DEFAULTS.withSeparator(';').withLabel("y"));
        assertEquals(List.of("first, name", "say \"hi\""), t.featureNames());
        assertArrayEquals(new float[][] {{1f, 2f}, {4f, 5f}}, t.features());
        assertArrayEquals(new float[] {3f, 6f}, t.labels());
    }

    @Test
    void multiLineQuotedHeaderKeepsLineNumbersRight() {
        // The header spans lines 1-2, so the bad cell is on file line 4.
        assertRejected("\"a\nb\",c\n1,2\n3,x\n", DEFAULTS, "line 4", "column 'c'", "'x' is not a number");
    }

    @Test
    void nonNumericCellNamesLineAndColumn() {
        assertRejected("a,b\n1,2\n\n3,abc\n", DEFAULTS, "line 4, column 'b'", "'abc' is not a number");
        assertRejected("a,b\n1,0x10\n", DEFAULTS, "line 2, column 'b'");
        assertRejected("a,b\n1,NaN\n", DEFAULTS, "line 2, column 'b'");
        assertRejected("a,b\n1,2f\n", DEFAULTS, "line 2, column 'b'");
        assertRejected("a,b\n1,1e999\n", DEFAULTS, "line 2, column 'b'", "out of float range");
    }

    @Test
    void missingValuesAreAllReported() {
        assertRejected("a,b,c\n1,,3\n4,5,6\n,8,\n", DEFAULTS,
                "3 missing values", "line 2 column 'b'", "line 4 column 'a'", "line 4 column 'c'",
                "use Options.withEmptyAsMissing()");
    }

    @Test
    void emptyAsMissingYieldsNaNAndListsTheCells() throws DataFileException {
        CsvTable t = parse("a,b,y\n1,,0\n\"\",5,\n", DEFAULTS.withLabel("y").withEmptyAsMissing());
        assertEquals(List.of(new CsvTable.Cell(2, "b"), new CsvTable.Cell(3, "a"), new CsvTable.Cell(3, "y")), t.missing());
        assertTrue(Float.isNaN(t.features()[0][1]));
        assertTrue(Float.isNaN(t.features()[1][0]));
        assertEquals(5f, t.features()[1][1]);
        assertTrue(Float.isNaN(t.labels()[1]));
        assertEquals(java.util.Map.of("a", 1, "b", 1, "y", 1), t.missingPerColumn());
        assertEquals(java.util.Map.of(), parse("a,b\n1,2\n", DEFAULTS.withEmptyAsMissing()).missingPerColumn());
    }

    @Test
    void structuralErrors() {
        assertRejected("a,b\n1,2,3\n", DEFAULTS, "line 2", "expected 2 fields", "found 3");
        assertRejected("a,b\n1\n", DEFAULTS, "line 2", "found 1");
        assertRejected("a,b\n1,2\n", DEFAULTS.withLabel("target"), "no label column 'target'", "[a, b]");
        assertRejected("a,a\n1,2\n", DEFAULTS, "duplicate column name 'a'");
        assertRejected("\n\n", DEFAULTS, "no header line");
        assertRejected("a,b\n1,\"2\n", DEFAULTS, "line 2", "never closed");
        assertRejected("a,b\n1,\"2\"x\n", DEFAULTS, "line 2", "after a closing quote");
        assertRejected("a,b\n1,2\"3\n", DEFAULTS, "line 2", "quote inside an unquoted field");
    }

    @Test
    void readsFilesAndRejectsBadUtf8(@TempDir Path dir) throws IOException {
        Path ok = Files.writeString(dir.resolve("d.csv"), "x,y\n0.25,1\n", StandardCharsets.UTF_8);
        CsvTable t = CsvTable.read(ok, DEFAULTS.withLabel("y"));
        assertArrayEquals(new float[][] {{0.25f}}, t.features());
        Path bad = Files.write(dir.resolve("bad.csv"), new byte[] {'x', '\n', (byte) 0xC3, '\n'});
        DataFileException e = assertThrows(DataFileException.class, () -> CsvTable.read(bad, DEFAULTS));
        assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void headerOnlyGivesAnEmptyTable() throws DataFileException {
        CsvTable t = parse("a,y\n", DEFAULTS.withLabel("y"));
        assertEquals(0, t.rows());
        assertEquals(0, t.labels().length);
    }

    @Test
    void aHugeBadCellOrNameIsCutInTheMessage() {
        String huge = "1" + "0".repeat(10_000_000); // matches the number syntax but is out of float range
        DataFileException e = assertThrows(DataFileException.class, () -> parse("a\n" + huge + "\n", DEFAULTS));
        assertTrue(e.getMessage().length() < 200 && e.getMessage().contains("(10000001 characters) is out of float range"),
                shortened(e));
        e = assertThrows(DataFileException.class, () -> parse("a\nx" + huge + "\n", DEFAULTS));
        assertTrue(e.getMessage().length() < 200 && e.getMessage().contains("is not a number"), shortened(e));
        String wide = String.join(",", java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "c" + i + "x".repeat(100)).toList());
        e = assertThrows(DataFileException.class, () -> parse(wide + "\n", DEFAULTS.withLabel("y")));
        assertTrue(e.getMessage().length() < 2000 && e.getMessage().contains("and 980 more"), shortened(e));
    }

    private static String shortened(Exception e) {
        return e.getMessage().substring(0, Math.min(300, e.getMessage().length()));
    }

    @Test
    void anEndlessLineIsAnErrorNotAnOutOfMemory() {
        Path endless = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(endless), "no /dev/zero here");
        DataFileException e = assertThrows(DataFileException.class, () -> CsvTable.read(endless, DEFAULTS));
        assertEquals("/dev/zero: line 1 is longer than " + CsvTable.MAX_LINE_LENGTH + " characters (CsvTable.MAX_LINE_LENGTH);"
                + " is it a CSV file?", e.getMessage());
    }

    @Test
    void readingADirectoryNamesIt(@TempDir Path dir) {
        DataFileException e = assertThrows(DataFileException.class, () -> CsvTable.read(dir, DEFAULTS));
        assertEquals(dir + ": is a directory, not a CSV file", e.getMessage());
    }

    @Test
    void labelCellsKeepTheTextForExactClassIndices() throws DataFileException {
        CsvTable t = parse("x,y\n1,16777217\n2,3.0\n3,\n", DEFAULTS.withLabel("y").withEmptyAsMissing());
        assertArrayEquals(new String[] {"16777217", "3.0", ""}, t.labelCells());
        assertNull(parse("x,y\n1,2\n", DEFAULTS).labelCells());
    }
}
