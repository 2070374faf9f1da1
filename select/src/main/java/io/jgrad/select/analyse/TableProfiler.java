package io.jgrad.select.analyse;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Profiles the columns of a {@link RawTable}: kind, missing cells, distinct values, scale, category counts. */
public final class TableProfiler {
    /** A string column is free text when most cells are distinct and have at least this many words on average. */
    private static final double TEXT_MIN_WORDS = 3;

    private TableProfiler() {
    }

    /** The profile of column {@code c}, its kind told by its cells. */
    public static ColumnProfile profile(RawTable table, int c) {
        return profile(table, c, null);
    }

    /**
     * The profile of column {@code c} as a column of {@code kind} (as found on more rows than these; null: told by
     * these cells). A numeric kind needs numbers in every present cell.
     */
    public static ColumnProfile profile(RawTable table, int c, ColumnProfile.Kind kind) {
        List<String> cells = table.column(c);
        int missing = 0;
        boolean numeric = true;
        for (String cell : cells) {
            if (RawTable.isMissing(cell)) {
                missing++;
            } else if (numeric && !TableReader.isNumber(cell)) {
                numeric = false;
            }
        }
        String name = table.columns().get(c);
        if (kind == ColumnProfile.Kind.NUMERIC && !numeric) {
            throw new IllegalArgumentException("column '" + name + "' is not numeric in " + table.source());
        }
        if (kind == null ? numeric : kind == ColumnProfile.Kind.NUMERIC) return numeric(name, cells, missing);
        Map<String, Integer> counts = new LinkedHashMap<>();
        long words = 0;
        for (String cell : cells) {
            if (RawTable.isMissing(cell)) continue;
            counts.merge(cell, 1, Integer::sum);
            words += cell.split("\\s+").length;
        }
        int present = cells.size() - missing;
        boolean text = present > 0 && counts.size() > present / 2 && (double) words / present >= TEXT_MIN_WORDS;
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>();
        counts.forEach((k, v) -> sorted.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
        sorted.sort(Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue())); // stable: file order
        if (kind != null) text = kind == ColumnProfile.Kind.TEXT;
        return new ColumnProfile(name, text ? ColumnProfile.Kind.TEXT : ColumnProfile.Kind.CATEGORICAL, missing,
                counts.size(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, sorted);
    }

    private static ColumnProfile numeric(String name, List<String> cells, int missing) {
        double[] values = new double[cells.size() - missing];
        int k = 0;
        for (String cell : cells) if (!RawTable.isMissing(cell)) values[k++] = Double.parseDouble(cell);
        if (values.length == 0) {
            return new ColumnProfile(name, ColumnProfile.Kind.NUMERIC, missing, 0, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, List.of());
        }
        double sum = 0;
        for (double v : values) sum += v;
        double mean = sum / values.length, squares = 0;
        for (double v : values) squares += (v - mean) * (v - mean);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length, distinct = 1;
        for (int i = 1; i < n; i++) if (sorted[i] != sorted[i - 1]) distinct++;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new ColumnProfile(name, ColumnProfile.Kind.NUMERIC, missing, distinct, sorted[0], sorted[n - 1], mean,
                Math.sqrt(squares / n), median, List.of());
    }

    /** The rows that repeat an earlier row cell for cell (all columns, the target included). */
    public static int duplicateRows(RawTable table) {
        Set<List<String>> seen = new HashSet<>();
        int duplicates = 0;
        for (String[] row : table.rows()) if (!seen.add(Arrays.asList(row))) duplicates++;
        return duplicates;
    }
}
