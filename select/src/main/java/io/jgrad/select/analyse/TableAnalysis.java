package io.jgrad.select.analyse;

import io.jgrad.data.Preprocessing;
import io.jgrad.select.Modality;
import io.jgrad.select.PreparedData;
import io.jgrad.select.TaskProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The analysis of a table: profiles every column, reports what is notable and chooses each column's encoding from
 * its profile.
 * <ul>
 *   <li>Numeric: missing cells filled with the median, then standardised ({@code (x - mean) / std}).</li>
 *   <li>Categorical with at most {@value #MAX_ONE_HOT} categories: one-hot. With more: hashed into
 *       {@value #HASH_BUCKETS} one-hot buckets (a fixed width however many categories, unseen categories still
 *       encoded; an embedding would need a model input of its own, which the candidate families do not take).
 *       Missing cells take the most frequent category.</li>
 *   <li>A column with missing values also gets a 0/1 indicator feature.</li>
 *   <li>Dropped, each with a finding: constant or empty columns, identifier-like columns (a distinct string in every
 *       row), free-text columns beside other features (a text column alone with the target makes a text task).</li>
 * </ul>
 * The statistics are fitted on every row given; a caller that holds out test rows fits on the training rows only.
 */
final class TableAnalysis {
    /** The most categories one-hot encoded; more are hashed. */
    static final int MAX_ONE_HOT = 16;
    /** The buckets of a hashed categorical column. */
    static final int HASH_BUCKETS = 32;
    /** Standard deviations further apart than this factor are reported as very different scales. */
    private static final double SCALE_SPREAD = 100;

    private TableAnalysis() {
    }

    /**
     * The prepared table, or a text task when the features are one free-text column or {@code text} says that they
     * are (a text file's column, however short its texts).
     */
    static PreparedData analyse(RawTable table, AnalysisOptions options, boolean text) {
        String targetName = options.target() != null ? options.target() : table.columns().getLast();
        int targetColumn = table.requireColumn(targetName, "the target");
        if (table.columns().size() < 2) {
            throw new IllegalArgumentException(table.source() + ": only one column ('" + targetName + "'), the"
                    + " target; a table needs at least one input column beside it");
        }
        Target target = Target.fromColumn(table, targetColumn, options.task(), options.classNames());
        RawTable rows = keep(table, target.rows());
        List<ColumnProfile> profiles = new ArrayList<>();
        for (int c = 0; c < rows.columns().size(); c++) {
            if (c != targetColumn) profiles.add(TableProfiler.profile(rows, c));
        }
        int[] fitRows = options.fitRowsOf(rows.size());
        if (profiles.size() == 1 && (text || profiles.getFirst().kind() == ColumnProfile.Kind.TEXT)) {
            return TextAnalysis.analyse(rows, profiles.getFirst(), target, fitRows, options);
        }
        RawTable fit = keep(rows, fitRows);
        List<String> findings = new ArrayList<>(target.findings());
        findings.addFirst(String.format(Locale.ROOT, "A table of %d rows and %d input columns (%s), target '%s'.",
                rows.size(), profiles.size(), kinds(profiles), targetName));
        List<ColumnEncoding> encodings = new ArrayList<>();
        for (ColumnProfile p : profiles) {
            ColumnProfile fitted = fit == rows ? p : TableProfiler.profile(fit, fit.indexOf(p.name()), p.kind());
            ColumnEncoding e = choose(p, fitted, rows.size(), fit, findings);
            if (e != null) encodings.add(e);
        }
        if (encodings.isEmpty()) {
            throw new IllegalArgumentException(table.source() + ": no usable input column (" + String.join(" ",
                    findings.subList(1, findings.size())) + "); give a table with at least one varying column"
                    + " beside the target");
        }
        scaleFinding(profiles, findings);
        int duplicates = TableProfiler.duplicateRows(rows);
        if (duplicates > 0) {
            findings.add(String.format(Locale.ROOT, "%s (%.1f%%) %s an earlier row exactly; duplicates can land on"
                    + " both sides of a split and flatter the test figure.", count(duplicates, "row"),
                    100.0 * duplicates / rows.size(), duplicates == 1 ? "repeats" : "repeat"));
        }
        TableEncoding encoding = new TableEncoding(encodings);
        int width = encoding.width();
        TaskProfile profile = new TaskProfile(Modality.TABULAR, target.task(), rows.size(), List.of(width),
                target.classNames(), target.imbalanceRatio(), findings);
        return new PreparedData(profile, encoding.encode(rows), target.tensor(), Preprocessing.of(width), encoding);
    }

    /**
     * The encoding of a column: {@code all} profiles all {@code total} rows (for the findings and the kind),
     * {@code fitted} the rows in {@code fit}, which give the choices and statistics; both are the same object when
     * fitting on all rows.
     */
    private static ColumnEncoding choose(ColumnProfile all, ColumnProfile fitted, int total, RawTable fit,
                                         List<String> findings) {
        String name = all.name();
        String where = fitted == all ? "" : " of the rows the preprocessing is fitted on";
        if (fitted.distinct() == 0) {
            findings.add("The column '" + name + "' is empty (every cell" + where + " missing); it is dropped.");
            return null;
        }
        if (fitted.isConstant()) {
            findings.add("The column '" + name + "' has the same value in every row" + where + (fitted.missing() > 0
                    ? " that has one" : "") + "; it is dropped.");
            return null;
        }
        ColumnProfile p = fitted;
        boolean indicator = all.missing() > 0;
        if (indicator) {
            findings.add(String.format(Locale.ROOT, "The column '%s' has %s (%.1f%%); filled with the %s (%s) and"
                    + " flagged in an indicator column.", name, count(all.missing(), "missing value"),
                    100.0 * all.missing() / total, p.kind() == ColumnProfile.Kind.NUMERIC
                    ? "median" : "most frequent value", p.kind() == ColumnProfile.Kind.NUMERIC ? number(p.median())
                    : "'" + p.mostFrequent() + "'"));
        }
        int present = total - all.missing();
        switch (p.kind()) {
            case NUMERIC -> {
                return numeric(p, fit, indicator);
            }
            case TEXT -> {
                findings.add("The column '" + name + "' holds free text beside other columns; it is dropped (give it"
                        + " alone with the target for a text task).");
                return null;
            }
            case CATEGORICAL -> {
                if (all.distinct() == present && present > MAX_ONE_HOT) {
                    findings.add("The column '" + name + "' has a different value in every row (an identifier?);"
                            + " it is dropped.");
                    return null;
                }
                if (p.distinct() <= MAX_ONE_HOT) {
                    findings.add("The categorical column '" + name + "' (" + p.distinct() + " values) is one-hot"
                            + " encoded.");
                    return new ColumnEncoding.OneHot(name, p.counts().stream().map(e -> e.getKey()).toList(),
                            p.mostFrequent(), indicator);
                }
                findings.add("The categorical column '" + name + "' has " + p.distinct() + " values, more than "
                        + MAX_ONE_HOT + "; it is hashed into " + HASH_BUCKETS + " one-hot buckets.");
                return new ColumnEncoding.Hashed(name, HASH_BUCKETS, p.mostFrequent(), indicator);
            }
            default -> throw new AssertionError(p.kind());
        }
    }

    /** Standardisation statistics of the column with its missing cells filled by the median. */
    private static ColumnEncoding numeric(ColumnProfile p, RawTable rows, boolean indicator) {
        int c = rows.indexOf(p.name());
        double sum = 0, squares = 0;
        int n = rows.size();
        for (String[] row : rows.rows()) sum += RawTable.isMissing(row[c]) ? p.median() : Double.parseDouble(row[c]);
        double mean = sum / n;
        for (String[] row : rows.rows()) {
            double v = RawTable.isMissing(row[c]) ? p.median() : Double.parseDouble(row[c]);
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / n);
        return new ColumnEncoding.Numeric(p.name(), p.median(), mean, std > 0 ? std : 1, indicator);
    }

    private static void scaleFinding(List<ColumnProfile> profiles, List<String> findings) {
        ColumnProfile small = null, large = null;
        for (ColumnProfile p : profiles) {
            if (p.kind() != ColumnProfile.Kind.NUMERIC || !(p.std() > 0)) continue;
            if (small == null || p.std() < small.std()) small = p;
            if (large == null || p.std() > large.std()) large = p;
        }
        if (small != null && large.std() / small.std() > SCALE_SPREAD) {
            findings.add("The numeric columns have very different scales (standard deviation " + number(small.std())
                    + " for '" + small.name() + "' up to " + number(large.std()) + " for '" + large.name()
                    + "'); every numeric column is standardised to mean 0 and standard deviation 1.");
        }
    }

    private static String kinds(List<ColumnProfile> profiles) {
        List<String> parts = new ArrayList<>();
        for (ColumnProfile.Kind k : ColumnProfile.Kind.values()) {
            long n = profiles.stream().filter(p -> p.kind() == k).count();
            if (n > 0) parts.add(n + " " + k.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", parts);
    }

    /** The table's rows at {@code keep}, in order. */
    static RawTable keep(RawTable table, int[] keep) {
        if (keep.length == table.size()) return table;
        List<String[]> rows = new ArrayList<>(keep.length);
        long[] lines = new long[keep.length];
        for (int i = 0; i < keep.length; i++) {
            rows.add(table.rows().get(keep[i]));
            lines[i] = table.lines()[keep[i]];
        }
        return new RawTable(table.source(), table.columns(), rows, lines, table.classNames());
    }

    /** {@code "1 row"}, {@code "2 rows"}. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
