package io.jgrad.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A numeric table read from a CSV file: feature columns as a {@code float[rows][cols]} matrix plus an optional
 * label column.
 *
 * <p>The first non-blank line is the header. Every cell must be a decimal number ({@code 3}, {@code -0.5},
 * {@code 1e-3}); anything else fails with the file line (1-based) and column name. Empty cells are missing
 * values: by default the whole file is checked and one exception lists them all; with
 * {@link Options#emptyAsMissing()} an empty cell is read as {@code NaN}, the one representation of a missing value
 * in jgrad's data path, and listed in {@link #missing()} (counted per column by {@link #missingPerColumn()}).
 * Fill them with an {@link Imputer} before scaling or training: the scalers refuse a NaN, naming its row and
 * column, rather than turn the whole column into NaN.
 *
 * @param featureNames the feature column names, in file order (the label column excluded)
 * @param labelName    the label column's name, or null if none was chosen
 * @param features     one row per record, one value per feature column
 * @param labels       the label column's values, or null if none was chosen
 * @param missing      the empty cells that were read as NaN (always empty unless {@code emptyAsMissing})
 * @param labelCells   the label column's cells as written (stripped; empty where a value is missing), or null if
 *                     none was chosen: class indices are parsed from these exactly (a float holds integers only up to
 *                     2^24, so {@code 16777217} in {@link #labels} reads as 16777216)
 */
public record CsvTable(List<String> featureNames, String labelName, float[][] features, float[] labels,
        List<Cell> missing, String[] labelCells) {

    /** A cell position: the 1-based file line and the column name. */
    public record Cell(long line, String column) {
        @Override
        public String toString() {
            return "line " + line + " column '" + column + "'";
        }
    }

    /**
     * How to read a table.
     *
     * @param separator      the field separator, ',' by default
     * @param label          the name of the label column, or null for features only
     * @param emptyAsMissing read empty cells as NaN instead of failing
     */
    public record Options(char separator, String label, boolean emptyAsMissing) {
        /** @return comma-separated, no label column, empty cells are errors */
        public static Options defaults() {
            return new Options(',', null, false);
        }

        /** @return these options with the label column {@code name} */
        public Options withLabel(String name) {
            return new Options(separator, Objects.requireNonNull(name, "label"), emptyAsMissing);
        }

        /** @return these options with the field separator {@code c} */
        public Options withSeparator(char c) {
            return new Options(c, label, emptyAsMissing);
        }

        /** @return these options, reading empty cells as NaN and recording them in {@link CsvTable#missing()} */
        public Options withEmptyAsMissing() {
            return new Options(separator, label, true);
        }
    }

    /**
     * Longest line {@link #read} accepts, in characters (16 Mi): a file without line breaks (or an endless stream)
     * is an error, not an out-of-memory failure.
     */
    public static final int MAX_LINE_LENGTH = 16 << 20;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final int MAX_LISTED = 20;

    /** Copies the name and cell lists; the arrays are shared. */
    public CsvTable {
        featureNames = List.copyOf(featureNames);
        missing = List.copyOf(missing);
    }

    /** @return the number of data rows */
    public int rows() {
        return features.length;
    }

    /** @return the number of feature columns */
    public int cols() {
        return featureNames.size();
    }

    /** @return the number of missing (empty) cells of each column that has any, in column order */
    public Map<String, Integer> missingPerColumn() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String name : featureNames) counts.put(name, 0);
        if (labelName != null) counts.put(labelName, 0);
        for (Cell c : missing) counts.merge(c.column(), 1, Integer::sum);
        counts.values().removeIf(n -> n == 0);
        return counts;
    }

    /** @return the features as one row-major array of {@code rows() * cols()} values */
    public float[] flatFeatures() {
        int cols = cols();
        float[] out = new float[features.length * cols];
        for (int r = 0; r < features.length; r++) {
            System.arraycopy(features[r], 0, out, r * cols, cols);
        }
        return out;
    }

    /**
     * Reads a UTF-8 CSV file, gzip'd or not.
     *
     * @throws DataFileException naming the line and column of a malformed cell, a wrong field count, an unknown
     *                           label column, or every missing value
     */
    public static CsvTable read(Path path, Options options) throws IOException {
        return parse(readText(path), path.toString(), options);
    }

    /**
     * The file as text, checking UTF-8 and the line length as it is read; a gzip'd file (found by its magic bytes,
     * e.g. {@code digits.csv.gz}) is decompressed.
     */
    static String readText(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new DataFileException(path + ": is a directory, not a CSV file");
        }
        StringBuilder text = new StringBuilder();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader in = new InputStreamReader(maybeGzip(path), decoder)) {
            char[] buf = new char[1 << 16];
            long line = 1;
            int length = 0;
            char previous = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (c == '\r' || (c == '\n' && previous != '\r')) {
                        line++;
                        length = 0;
                    } else if (c != '\n' && ++length > MAX_LINE_LENGTH) {
                        throw new DataFileException(path + ": line " + line + " is longer than " + MAX_LINE_LENGTH
                                + " characters (CsvTable.MAX_LINE_LENGTH); is it a CSV file?");
                    }
                    previous = c;
                }
                text.append(buf, 0, n);
            }
        } catch (CharacterCodingException e) {
            throw new DataFileException(path + ": not valid UTF-8 text", e);
        }
        return text.toString();
    }

    private static InputStream maybeGzip(Path path) throws IOException {
        InputStream file = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        file.mark(2);
        boolean gzip = file.read() == 0x1f && file.read() == 0x8b;
        file.reset();
        if (!gzip) return file;
        try {
            return new StrictGzipInputStream(file, path + " (gzip)");
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Parses CSV text held in memory.
     *
     * @param source a name for error messages, e.g. the file name
     */
    public static CsvTable parse(String text, String source, Options options) throws DataFileException {
        CsvRecords records = new CsvRecords(text, options.separator(), source);
        CsvRecords.Row header = records.next();
        if (header == null) {
            throw new DataFileException(source + ": no header line (the file is empty)");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CsvRecords.Field f : header.fields()) {
            String name = f.text().strip();
            if (!seen.add(name)) {
                throw new DataFileException(source + ": line " + header.line() + ": duplicate column name '"
                        + abbreviate(name) + "'");
            }
            names.add(name);
        }
        int labelIndex = -1;
        if (options.label() != null) {
            labelIndex = names.indexOf(options.label());
            if (labelIndex < 0) {
                throw new DataFileException(source + ": no label column '" + abbreviate(options.label())
                        + "'; columns are " + names.stream().limit(MAX_LISTED).map(CsvTable::abbreviate).toList()
                        + (names.size() > MAX_LISTED ? " and " + (names.size() - MAX_LISTED) + " more" : ""));
            }
        }
        List<String> featureNames = new ArrayList<>(names);
        if (labelIndex >= 0) {
            featureNames.remove(labelIndex);
        }

        List<float[]> rows = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        List<String> labelCells = new ArrayList<>();
        List<Cell> missing = new ArrayList<>();
        for (CsvRecords.Row row = records.next(); row != null; row = records.next()) {
            if (row.fields().size() != names.size()) {
                throw new DataFileException(source + ": line " + row.line() + ": expected " + names.size()
                        + " fields as in the header, found " + row.fields().size());
            }
            float[] values = new float[featureNames.size()];
            int k = 0;
            for (int c = 0; c < names.size(); c++) {
                String cell = row.fields().get(c).text().strip();
                float v;
                if (cell.isEmpty()) {
                    missing.add(new Cell(row.line(), names.get(c)));
                    v = Float.NaN;
                } else {
                    v = number(cell, source, row.line(), names.get(c));
                }
                if (c == labelIndex) {
                    labels.add(v);
                    labelCells.add(cell);
                } else {
                    values[k++] = v;
                }
            }
            rows.add(values);
        }
        if (!missing.isEmpty() && !options.emptyAsMissing()) {
            throw new DataFileException(source + ": " + missing.size() + " missing value" + (missing.size() == 1 ? "" : "s")
                    + " at " + String.join(", ", missing.stream().limit(MAX_LISTED).map(Cell::toString).toList())
                    + (missing.size() > MAX_LISTED ? ", ..." : "")
                    + "; to read them as NaN and fill them with an Imputer, use Options.withEmptyAsMissing()");
        }
        float[] labelArray = null;
        if (labelIndex >= 0) {
            labelArray = new float[labels.size()];
            for (int i = 0; i < labelArray.length; i++) {
                labelArray[i] = labels.get(i);
            }
        }
        return new CsvTable(featureNames, options.label(), rows.toArray(new float[0][]), labelArray, missing,
                labelIndex >= 0 ? labelCells.toArray(new String[0]) : null);
    }

    private static float number(String cell, String source, long line, String column) throws DataFileException {
        if (!DECIMAL.matcher(cell).matches()) {
            throw new DataFileException(source + ": line " + line + ", column '" + column + "': '" + abbreviate(cell)
                    + "' is not a number");
        }
        float v = Float.parseFloat(cell);
        if (Float.isInfinite(v)) {
            throw new DataFileException(source + ": line " + line + ", column '" + column + "': " + abbreviate(cell)
                    + " is out of float range");
        }
        return v;
    }

    /** At most 40 characters of a cell or name for a message, with the full length when cut. */
    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "... (" + s.length() + " characters)";
    }
}
