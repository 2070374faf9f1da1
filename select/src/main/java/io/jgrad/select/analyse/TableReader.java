package io.jgrad.select.analyse;

import io.jgrad.data.CsvCells;
import io.jgrad.data.DataFileException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a CSV file (comma-separated, or semicolons, tabs or spaces when a file has no comma; tab-separated for
 * {@code .tsv}; gzip'd files too) into a {@link RawTable}, in one of three layouts, told apart by the first line:
 * <ul>
 *   <li>a header of column names (the usual CSV);</li>
 *   <li>scikit-learn's bundled data sets ({@code breast_cancer.csv}, {@code wine_data.csv}, {@code iris.csv}): a first
 *       line {@code n_samples,n_features,class_0,class_1,...} and rows of {@code n_features} numbers plus the class
 *       index. The columns are named {@code feature_0 ... feature_{n-1}} and {@code target}, and the class names are
 *       kept. A first line {@code n_samples,n_features} followed by a line of column names
 *       ({@code boston_house_prices.csv}) is read with those names;</li>
 *   <li>no header, every cell of the first line a number ({@code digits.csv.gz}): the columns are named
 *       {@code column_0 ... column_{n-1}}.</li>
 * </ul>
 * Every row must have one cell per column.
 */
public final class TableReader {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern COUNT = Pattern.compile("\\d+");

    private TableReader() {
    }

    /**
     * Reads a table file.
     *
     * @throws DataFileException for an empty file, a header without rows, a row with another number of cells than the
     *                           header (naming the line), duplicate column names, or unreadable text
     */
    public static RawTable read(Path path) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        char separator = name.endsWith(".tsv") || name.endsWith(".tsv.gz") ? '\t' : ',';
        CsvCells cells = CsvCells.read(path, separator);
        char other = separator == ',' ? otherSeparator(cells) : 0;
        if (other != 0) return fromCells(CsvCells.read(path, other));
        return fromCells(separator == ',' && spaceSeparated(cells) ? splitOnSpaces(cells) : cells);
    }

    /**
     * True when every record is one cell that spaces split into the same number of fields, two or more
     * ({@code diabetes_data_raw.csv.gz}: numbers between spaces); a column of free text splits unevenly.
     */
    private static boolean spaceSeparated(CsvCells cells) {
        if (cells.records().isEmpty()) return false;
        int fields = -1;
        for (CsvCells.Row r : cells.records()) {
            if (r.cells().size() != 1) return false;
            int n = r.cells().getFirst().split("\\s+").length;
            if (n < 2 || (fields >= 0 && n != fields)) return false;
            fields = n;
        }
        return true;
    }

    private static CsvCells splitOnSpaces(CsvCells cells) {
        List<CsvCells.Row> rows = new ArrayList<>();
        for (CsvCells.Row r : cells.records()) rows.add(new CsvCells.Row(r.line(), List.of(r.cells().getFirst()
                .split("\\s+"))));
        return new CsvCells(cells.source(), rows);
    }

    /**
     * A semicolon or tab when a comma-separated reading found one cell in the first record and it holds semicolons
     * or tabs (as spreadsheets in locales with a decimal comma write CSV), else 0.
     */
    private static char otherSeparator(CsvCells cells) {
        if (cells.records().isEmpty() || cells.records().getFirst().cells().size() > 1) return 0;
        String first = cells.records().getFirst().cells().getFirst();
        long semicolons = first.chars().filter(ch -> ch == ';').count(), tabs = first.chars().filter(ch -> ch == '\t')
                .count();
        return semicolons == 0 && tabs == 0 ? 0 : semicolons >= tabs ? ';' : '\t';
    }

    /** Parses CSV text held in memory; {@code source} names it in messages. */
    public static RawTable parse(String text, String source) throws DataFileException {
        return fromCells(CsvCells.parse(text, source, ','));
    }

    private static RawTable fromCells(CsvCells cells) throws DataFileException {
        String source = cells.source();
        List<CsvCells.Row> records = cells.records();
        if (records.isEmpty()) {
            throw new DataFileException(source + ": the file is empty; give a CSV file with a header line of column"
                    + " names and one row per example");
        }
        CsvCells.Row first = records.getFirst();
        RawTable scikitLearn = scikitLearn(source, records);
        if (scikitLearn != null) return scikitLearn;
        boolean headerless = first.cells().stream().allMatch(TableReader::isNumber);
        List<String> columns = headerless ? generatedNames(first.cells().size()) : header(source, first);
        List<CsvCells.Row> data = headerless ? records : records.subList(1, records.size());
        if (data.isEmpty()) {
            throw new DataFileException(source + ": a header (" + RawTable.listed(columns) + ") but no rows of data;"
                    + " add one row per example below the header");
        }
        return table(source, columns, data, List.of(), headerless ? "the first row" : "the header");
    }

    private static List<String> header(String source, CsvCells.Row first) throws DataFileException {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < first.cells().size(); i++) {
            String name = first.cells().get(i);
            if (name.isEmpty()) name = "column_" + i;
            if (!seen.add(name)) {
                throw new DataFileException(source + ": line " + first.line() + ": the column name '" + name
                        + "' appears twice; give every column its own name");
            }
            names.add(name);
        }
        return names;
    }

    /**
     * The table in scikit-learn's layout, or null when the first line is not {@code n,f[,class names]} (trailing empty
     * cells allowed) followed either by n rows of f + 1 cells (then the first line's names are the classes), or by a
     * line of f + 1 column names and n rows ({@code boston_house_prices.csv}).
     */
    private static RawTable scikitLearn(String source, List<CsvCells.Row> records) throws DataFileException {
        List<String> c = new ArrayList<>(records.getFirst().cells());
        while (!c.isEmpty() && c.getLast().isEmpty()) c.removeLast();
        if (c.size() < 2 || !COUNT.matcher(c.get(0)).matches() || !COUNT.matcher(c.get(1)).matches()
                || c.stream().skip(2).anyMatch(TableReader::isNumber) || c.get(0).length() > 9
                || c.get(1).length() > 9 || records.size() < 2) {
            return null;
        }
        int samples = Integer.parseInt(c.get(0)), features = Integer.parseInt(c.get(1));
        List<String> second = records.get(1).cells();
        if (second.size() != features + 1) return null;
        if (records.size() == samples + 1) {
            List<String> columns = new ArrayList<>();
            for (int i = 0; i < features; i++) columns.add("feature_" + i);
            columns.add("target");
            return table(source, columns, records.subList(1, records.size()), c.subList(2, c.size()),
                    "the scikit-learn header (" + features + " features and the target)");
        }
        if (records.size() == samples + 2 && second.stream().noneMatch(TableReader::isNumber)) {
            return table(source, header(source, records.get(1)), records.subList(2, records.size()), List.of(),
                    "the header");
        }
        return null;
    }

    private static RawTable table(String source, List<String> columns, List<CsvCells.Row> data,
                                  List<String> classNames, String expected) throws DataFileException {
        List<String[]> rows = new ArrayList<>(data.size());
        long[] lines = new long[data.size()];
        for (int r = 0; r < data.size(); r++) {
            CsvCells.Row record = data.get(r);
            if (record.cells().size() != columns.size()) {
                throw new DataFileException(source + ": line " + record.line() + " has " + record.cells().size()
                        + " cells but " + expected + " has " + columns.size() + "; every row needs one cell per"
                        + " column (leave a missing value empty: a,,c)");
            }
            rows.add(record.cells().toArray(String[]::new));
            lines[r] = record.line();
        }
        return new RawTable(source, columns, rows, lines, classNames);
    }

    private static List<String> generatedNames(int n) {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) names.add("column_" + i);
        return names;
    }

    /**
     * True for a decimal number as jgrad's CSV readers take it ({@code 3}, {@code -0.5}, {@code 1e-3}) within the
     * range of a double ({@code 1e999} is not one: it would become infinity).
     */
    static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches() && Double.isFinite(Double.parseDouble(cell));
    }
}
