package io.jgrad.select.analyse;

import java.util.List;
import java.util.Map;

/**
 * What one column of a table holds.
 *
 * @param name       the column name
 * @param kind       numbers, categories or free text
 * @param missing    the missing cells (see {@link RawTable#isMissing})
 * @param distinct   the distinct values among the present cells
 * @param min        the smallest value (numeric columns; NaN otherwise or when all cells are missing)
 * @param max        the largest value (numeric columns)
 * @param mean       the mean of the present values (numeric columns)
 * @param std        the population standard deviation of the present values (numeric columns)
 * @param median     the median of the present values (numeric columns)
 * @param counts     each category's count, most frequent first (categorical and text columns; empty otherwise)
 */
public record ColumnProfile(String name, Kind kind, int missing, int distinct, double min, double max, double mean,
                            double std, double median, List<Map.Entry<String, Integer>> counts) {
    /** What a column's cells are. */
    public enum Kind {
        /** Every present cell is a decimal number. */
        NUMERIC,
        /** Words or codes from a limited set. */
        CATEGORICAL,
        /** Free text: mostly distinct cells of several words. */
        TEXT
    }

    /** Copies the counts. */
    public ColumnProfile {
        counts = List.copyOf(counts);
    }

    /** True when every present cell holds the same value (or none is present). */
    public boolean isConstant() {
        return distinct <= 1;
    }

    /** The most frequent category (the first in file order among ties), or null for a numeric column. */
    public String mostFrequent() {
        return counts.isEmpty() ? null : counts.getFirst().getKey();
    }
}
