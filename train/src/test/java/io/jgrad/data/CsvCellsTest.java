package io.jgrad.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvCellsTest {
    @TempDir
    Path dir;

    @Test
    void keepsEveryCellAsTextWithItsLine() throws DataFileException {
        CsvCells cells = CsvCells.parse("name, kind\n\n\"a, b\" ,x\nc,\n", "t.csv", ',');
        assertEquals(List.of(new CsvCells.Row(1, List.of("name", "kind")),
                new CsvCells.Row(3, List.of("a, b", "x")), new CsvCells.Row(4, List.of("c", ""))),
                cells.records());
    }

    @Test
    void readsGzippedFilesAndTheirCsvTables() throws IOException {
        Path f = dir.resolve("t.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("1", "2"), CsvCells.read(f, ',').records().get(1).cells());
        assertEquals(2f, CsvTable.read(f, CsvTable.Options.defaults()).features()[0][1]);
        Path truncated = Files.write(dir.resolve("cut.csv.gz"), java.util.Arrays.copyOf(Files.readAllBytes(f), 12));
        var e = assertThrows(DataFileException.class, () -> CsvCells.read(truncated, ','));
        assertTrue(e.getMessage().contains("cut.csv.gz"), e.getMessage());
    }
}
