package io.jgrad.select.analyse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A table as read from a file, before any typing: column names and every row's cells as text, each row with the file
 * line it came from. A cell is missing when it is empty or one of {@link #MISSING_MARKERS}; it is never turned into a
 * number here.
 *
 * @param source     the file, for messages
 * @param columns    the column names, unique, in file order
 * @param rows       each row's cells, one per column
 * @param lines      the 1-based file line of each row
 * @param classNames for a file in scikit-learn's layout, the class names its integer target indexes (else empty)
 */
public record RawTable(String source, List<String> columns, List<String[]> rows, long[] lines,
                       List<String> classNames) {
    /** Cells read as missing besides the empty cell (case-sensitive, after stripping spaces). */
    public static final Set<String> MISSING_MARKERS = Set.of("NA", "N/A", "NaN", "nan", "null", "NULL", "?");

    /** The at most 20 column names listed in a message. */
    private static final int LISTED = 20;

    /** Checks every row has one cell per column. */
    public RawTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        classNames = List.copyOf(classNames);
        if (lines.length != rows.size()) {
            throw new IllegalArgumentException("RawTable: " + rows.size() + " rows but " + lines.length + " lines");
        }
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).length != columns.size()) {
                throw new IllegalArgumentException(source + ": line " + lines[r] + " has " + rows.get(r).length
                        + " cells, the header " + columns.size());
            }
        }
    }

    /** True when {@code cell} is a missing value. */
    public static boolean isMissing(String cell) {
        return cell == null || cell.isEmpty() || MISSING_MARKERS.contains(cell);
    }

    /** The number of rows. */
    public int size() {
        return rows.size();
    }

    /** The position of column {@code name}, or -1. */
    public int indexOf(String name) {
        return columns.indexOf(name);
    }

    /**
     * The position of column {@code name}.
     *
     * @throws IllegalArgumentException naming the column and listing the table's columns when there is none
     */
    public int requireColumn(String name, String what) {
        int i = columns.indexOf(name);
        if (i >= 0) return i;
        String lower = name.toLowerCase(Locale.ROOT);
        List<String> similar = columns.stream().filter(c -> c.toLowerCase(Locale.ROOT).equals(lower)).toList();
        throw new IllegalArgumentException(source + ": no column '" + name + "' for " + what + "; the columns are "
                + listed(columns) + (similar.isEmpty() ? "" : " (did you mean '" + similar.getFirst() + "'?)"));
    }

    /** Column {@code c}'s cells, one per row. */
    public List<String> column(int c) {
        List<String> out = new ArrayList<>(rows.size());
        for (String[] row : rows) out.add(row[c]);
        return out;
    }

    /** A list of names for a message: all of them, or the first 20 and how many more. */
    static String listed(List<String> names) {
        if (names.size() <= LISTED) return String.join(", ", names);
        return String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more";
    }
}
