package io.jgrad.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file as text cells, for readers that decide themselves what the cells mean (typed columns with strings and
 * missing values, a header or none): every non-blank record with its 1-based line, cells stripped of surrounding
 * whitespace and quotes. The CSV dialect and the file checks are {@link CsvTable}'s: RFC 4180 quoting, UTF-8 (checked),
 * lines of at most {@link CsvTable#MAX_LINE_LENGTH} characters, a gzip'd file decompressed. Records may have different
 * numbers of cells; the caller checks that against its header.
 *
 * @param source  the file name, for messages
 * @param records the non-blank records in file order
 */
public record CsvCells(String source, List<Row> records) {
    /** One record: the line it starts on and its cells. */
    public record Row(long line, List<String> cells) {
        /** Copies the cells. */
        public Row {
            cells = List.copyOf(cells);
        }
    }

    /** Copies the records. */
    public CsvCells {
        records = List.copyOf(records);
    }

    /**
     * Reads a CSV file with the given separator.
     *
     * @throws DataFileException if the file is not UTF-8 text, has an over-long line or a malformed quote (naming the
     *                           line)
     */
    public static CsvCells read(Path path, char separator) throws IOException {
        return parse(CsvTable.readText(path), path.toString(), separator);
    }

    /** Parses CSV text held in memory; {@code source} names it in messages. */
    public static CsvCells parse(String text, String source, char separator) throws DataFileException {
        CsvRecords parser = new CsvRecords(text, separator, source);
        List<Row> out = new ArrayList<>();
        for (CsvRecords.Row row = parser.next(); row != null; row = parser.next()) {
            List<String> cells = new ArrayList<>(row.fields().size());
            for (CsvRecords.Field f : row.fields()) cells.add(f.text().strip());
            out.add(new Row(row.line(), cells));
        }
        return new CsvCells(source, out);
    }
}
