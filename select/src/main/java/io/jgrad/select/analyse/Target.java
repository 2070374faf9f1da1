package io.jgrad.select.analyse;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.select.TaskType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What is predicted, read from a target column or from image labels: the task, the class names and each kept
 * example's class or value. Rows whose target is missing are left out (and said so in a finding): a missing target
 * cannot be learnt from and is never turned into a number.
 *
 * @param task       the task
 * @param classNames the class names in index order (empty for regression)
 * @param classes    each kept example's class index (classification), else null
 * @param values     each kept example's value (regression), else null
 * @param rows       the kept rows of the source, in order
 * @param findings   what a user should know about the target
 */
public record Target(TaskType task, List<String> classNames, long[] classes, float[] values, int[] rows,
                     List<String> findings) {
    /**
     * Integer-valued targets with at most this many distinct values, and at least two rows per value on average, are
     * classes unless told otherwise (two values always are).
     */
    public static final int MAX_INFERRED_CLASSES = 20;
    /** Classes whose count ratio (largest over smallest) exceeds this are reported as imbalanced. */
    private static final double IMBALANCED = 3;

    /** Copies the lists. */
    public Target {
        classNames = List.copyOf(classNames);
        findings = List.copyOf(findings);
    }

    /**
     * The target in column {@code c} of {@code table}, its classes named {@code classNames} when given (for integer
     * codes; the i-th name for the i-th smallest code).
     *
     * @throws IllegalArgumentException if no row has a target, the target has one value only, a regression target
     *                                  is not numeric, or the class names do not fit the target, saying what to change
     */
    public static Target fromColumn(RawTable table, int c, AnalysisOptions.Task hint, List<String> classNames) {
        String name = table.columns().get(c);
        List<String> findings = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        boolean numeric = true, integral = true;
        for (int r = 0; r < table.size(); r++) {
            String cell = table.rows().get(r)[c];
            if (RawTable.isMissing(cell)) continue;
            kept.add(r);
            if (numeric && !TableReader.isNumber(cell)) numeric = false;
            if (numeric && integral) {
                double v = Double.parseDouble(cell);
                integral = v == Math.rint(v) && Math.abs(v) < 1e9;
            }
        }
        int missing = table.size() - kept.size();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException(table.source() + ": the target column '" + name + "' has no values"
                    + " (all " + table.size() + " cells are missing); choose another --target (columns: "
                    + RawTable.listed(table.columns()) + ")");
        }
        if (missing > 0) {
            findings.add(String.format(Locale.ROOT, "%s (%.1f%%) without a value in the target column '%s' %s left"
                    + " out.", TableAnalysis.count(missing, "row"), 100.0 * missing / table.size(), name,
                    missing == 1 ? "is" : "are"));
        }
        int[] rows = kept.stream().mapToInt(Integer::intValue).toArray();
        List<String> cells = new ArrayList<>(rows.length);
        for (int r : rows) cells.add(numeric ? canonicalNumber(table.rows().get(r)[c]) : table.rows().get(r)[c]);
        TreeSet<String> distinct = new TreeSet<>(numeric ? Comparator.comparingDouble(Double::parseDouble)
                : Comparator.<String>naturalOrder());
        distinct.addAll(cells);
        String what = "the target column '" + name + "' of " + table.source();
        if (distinct.size() < 2) {
            throw new IllegalArgumentException(what + " has the single value '" + distinct.first() + "' in all "
                    + rows.length + " rows: there is nothing to predict; choose another --target (columns: "
                    + RawTable.listed(table.columns()) + ")");
        }
        boolean classification = switch (hint) {
            case CLASSIFICATION -> true;
            case REGRESSION -> {
                if (!numeric) {
                    throw new IllegalArgumentException(what + " holds words ('" + firstWord(cells) + "'), not"
                            + " numbers: it cannot be a regression target; use --task classification");
                }
                yield false;
            }
            case AUTO -> !numeric || (integral && (distinct.size() == 2
                    || (distinct.size() <= MAX_INFERRED_CLASSES && 2 * distinct.size() <= rows.length)));
        };
        if (hint == AnalysisOptions.Task.AUTO) {
            findings.add(classification
                    ? "The target '" + name + "' is taken as classes (" + (numeric ? distinct.size()
                    + " distinct integer values); give --task regression to predict it as a number." : "words).")
                    : "The target '" + name + "' is taken as a number to predict (regression"
                    + (integral ? ", " + distinct.size() + " distinct integer values" : "")
                    + "); give --task classification to predict classes.");
        }
        if (!classification && !classNames.isEmpty()) {
            throw new IllegalArgumentException(what + " is a regression target (numbers to predict), so there are no"
                    + " classes to name: leave out the class names (--class-names), or give --task classification");
        }
        if (!classification) {
            float[] values = new float[rows.length];
            for (int i = 0; i < rows.length; i++) values[i] = Float.parseFloat(cells.get(i));
            findings.add(regressionScale(name, values));
            return new Target(TaskType.REGRESSION, List.of(), null, values, rows, findings);
        }
        List<String> labels = new ArrayList<>(distinct);
        long[] classes = new long[rows.length];
        for (int i = 0; i < rows.length; i++) classes[i] = labels.indexOf(cells.get(i));
        List<String> names = table.classNames().isEmpty() ? labels : scikitLearnNames(table, labels, what);
        return classes(named(names, classNames, what, findings), classes, rows, findings);
    }

    /**
     * Image labels: class indices into {@code names}, the classes renamed {@code classNames} when given (for integer
     * codes such as IDX labels).
     *
     * @throws IllegalArgumentException if every example has the same label, or the class names do not fit
     */
    public static Target fromLabels(List<String> names, long[] classes, String source, List<String> classNames) {
        int[] rows = new int[classes.length];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        long[] counts = counts(names.size(), classes);
        long present = Arrays.stream(counts).filter(n -> n > 0).count();
        if (present < 2) {
            throw new IllegalArgumentException(source + ": every example has the same label; a classifier needs"
                    + " examples of at least two classes");
        }
        List<String> findings = new ArrayList<>();
        return classes(named(names, classNames, source + "'s labels", findings), classes, rows, findings);
    }

    /**
     * The class names: {@code given} in place of {@code codes} when given (with a finding saying so), else the codes.
     *
     * @throws IllegalArgumentException if the classes are named already (not integer codes) or the count differs,
     *                                  saying what to change
     */
    private static List<String> named(List<String> codes, List<String> given, String what, List<String> findings) {
        if (given.isEmpty()) return codes;
        if (!codes.stream().allMatch(c -> c.matches("-?\\d+"))) {
            throw new IllegalArgumentException(what + " names its classes already (" + RawTable.listed(codes)
                    + "); class names (--class-names) name integer codes such as 0, 1, 2: leave them out");
        }
        if (given.size() != codes.size()) {
            throw new IllegalArgumentException(what + " has " + codes.size() + " classes (codes "
                    + RawTable.listed(codes) + ") but " + given.size() + " class names were given ("
                    + String.join(", ", given) + "): give " + codes.size() + " names, separated by commas, one per"
                    + " code in increasing order");
        }
        List<String> pairs = new ArrayList<>();
        for (int k = 0; k < codes.size(); k++) pairs.add(codes.get(k) + " = " + given.get(k));
        findings.add("The classes are named as given: " + String.join(", ", pairs) + ".");
        return given;
    }

    private static Target classes(List<String> names, long[] classes, int[] rows, List<String> findings) {
        List<String> out = new ArrayList<>(findings);
        long[] counts = counts(names.size(), classes);
        int largest = 0, smallest = 0;
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] > counts[largest]) largest = k;
            if (counts[k] < counts[smallest]) smallest = k;
        }
        double ratio = counts[smallest] == 0 ? Double.POSITIVE_INFINITY : (double) counts[largest] / counts[smallest];
        if (ratio > IMBALANCED) {
            out.add(String.format(Locale.ROOT, "The classes are imbalanced: '%s' has %d examples, '%s' %d (ratio"
                    + " %.1f); accuracy flatters a model that favours the large class, so compare on balanced accuracy"
                    + " or F1.", names.get(largest), counts[largest], names.get(smallest), counts[smallest], ratio));
        }
        List<String> small = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) if (counts[k] < 5) small.add("'" + names.get(k) + "' " + counts[k]);
        if (!small.isEmpty()) {
            out.add((small.size() == 1 ? "A class has" : small.size() + " classes have") + " fewer than 5 examples ("
                    + RawTable.listed(small) + "); stratified 5-fold cross-validation needs at least 5 per class.");
        }
        TaskType task = names.size() == 2 ? TaskType.BINARY_CLASSIFICATION : TaskType.MULTICLASS_CLASSIFICATION;
        return new Target(task, names, classes, null, rows, out);
    }

    private static long[] counts(int k, long[] classes) {
        long[] counts = new long[k];
        for (long c : classes) counts[(int) c]++;
        return counts;
    }

    /** The largest class count over the smallest (1 for regression). */
    public double imbalanceRatio() {
        if (classes == null) return 1;
        long[] counts = counts(classNames.size(), classes);
        long max = Arrays.stream(counts).max().orElse(1), min = Arrays.stream(counts).min().orElse(1);
        return min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
    }

    /** {@code [N]} I64 class indices, or {@code [N, 1]} F32 values for regression. */
    public Tensor tensor() {
        if (classes != null) return Tensor.wrap(classes.clone(), Shape.of(classes.length));
        return Tensor.wrap(values.clone(), Shape.of(values.length, 1));
    }

    private static String regressionScale(String name, float[] values) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, squares = 0;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        double mean = sum / values.length;
        for (float v : values) squares += (v - mean) * (v - mean);
        return "The target '" + name + "' ranges from " + TableAnalysis.number(min) + " to "
                + TableAnalysis.number(max) + " (mean " + TableAnalysis.number(mean) + ", standard deviation "
                + TableAnalysis.number(Math.sqrt(squares / values.length)) + ").";
    }

    /** In scikit-learn's layout the target values 0, 1, ... index the class names of the first line. */
    private static List<String> scikitLearnNames(RawTable table, List<String> labels, String what) {
        List<String> names = new ArrayList<>();
        for (String label : labels) {
            int i = label.matches("\\d+") ? Integer.parseInt(label) : -1;
            if (i < 0 || i >= table.classNames().size()) {
                throw new IllegalArgumentException(what + " holds '" + label + "', but the first line names "
                        + table.classNames().size() + " classes " + table.classNames() + " (indices 0 to "
                        + (table.classNames().size() - 1) + ")");
            }
            names.add(table.classNames().get(i));
        }
        return names;
    }

    /** A numeric cell as one spelling per value: {@code 1.0} and {@code 1} are the same class. */
    private static String canonicalNumber(String cell) {
        double v = Double.parseDouble(cell);
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String firstWord(List<String> cells) {
        return cells.stream().filter(s -> !TableReader.isNumber(s)).findFirst().orElse("?");
    }
}
