package io.jgrad.select.analyse;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the user told the analysis step; everything else it infers.
 *
 * @param target        the target column of a table (null: the last column)
 * @param task          classification, regression, or inferred from the target
 * @param maxSamples    read at most this many examples (the first ones; 0: all), e.g. a 10,000-image subset
 * @param maxTextLength the most token ids per text example
 * @param maxVocabulary the most words a text vocabulary keeps (the most frequent)
 * @param fitRows       the examples the preprocessing is fitted on (indices into the prepared examples, in order), or
 *                      null for all: set it to the training rows so that no statistic of the held-out rows (fill
 *                      values, scales, categories, vocabulary, pixel statistics) reaches the model; the findings still
 *                      describe all the data
 * @param classNames    names for the classes of a target whose labels are integer codes (IDX labels, a CSV column of
 *                      0, 1, 2, ...), the i-th name for the i-th smallest code; empty: the codes themselves
 */
public record AnalysisOptions(String target, Task task, int maxSamples, int maxTextLength, int maxVocabulary,
                              int[] fitRows, List<String> classNames) {
    /** The kind of task asked for. */
    public enum Task {
        /** Inferred from the target: strings or few integer values are classes, other numbers a regression. */
        AUTO,
        /** Classes (binary or multi-class by their count). */
        CLASSIFICATION,
        /** A real number. */
        REGRESSION;

        /**
         * The task named on the command line: {@code classification}, {@code regression} or {@code auto} (any case);
         * null is {@link #AUTO}.
         *
         * @throws IllegalArgumentException for another name, listing the known ones
         */
        public static Task parse(String name) {
            if (name == null) return AUTO;
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "classification" -> CLASSIFICATION;
                case "regression" -> REGRESSION;
                default -> throw new IllegalArgumentException("--task '" + name + "' is not a task; use"
                        + " classification or regression (or leave it out to infer it from the target)");
            };
        }
    }

    /** Checks the limits. */
    public AnalysisOptions {
        if (task == null) task = Task.AUTO;
        if (maxSamples < 0) throw new IllegalArgumentException("maxSamples must be >= 0 (0: all), got " + maxSamples);
        if (maxTextLength < 1) throw new IllegalArgumentException("maxTextLength must be >= 1, got " + maxTextLength);
        if (maxVocabulary < 1) throw new IllegalArgumentException("maxVocabulary must be >= 1, got " + maxVocabulary);
        fitRows = fitRows == null ? null : fitRows.clone();
        classNames = classNames == null ? List.of() : classNames.stream().map(String::strip).toList();
        Set<String> seen = new HashSet<>();
        for (String name : classNames) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a class name is empty in " + classNames + "; give every class a"
                        + " name, separated by commas");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("the class name '" + name + "' is given twice in " + classNames
                        + "; give each class its own name");
            }
        }
    }

    /**
     * The last column as target, the task inferred, every example, texts of up to 256 ids and 20,000 words, the
     * classes named as the data names them.
     */
    public static AnalysisOptions defaults() {
        return new AnalysisOptions(null, Task.AUTO, 0, 256, 20_000, null, List.of());
    }

    /** These options with the target column {@code name}. */
    public AnalysisOptions withTarget(String name) {
        return new AnalysisOptions(name, task, maxSamples, maxTextLength, maxVocabulary, fitRows, classNames);
    }

    /** These options with the task {@code t}. */
    public AnalysisOptions withTask(Task t) {
        return new AnalysisOptions(target, t, maxSamples, maxTextLength, maxVocabulary, fitRows, classNames);
    }

    /** These options reading at most {@code n} examples (0: all). */
    public AnalysisOptions withMaxSamples(int n) {
        return new AnalysisOptions(target, task, n, maxTextLength, maxVocabulary, fitRows, classNames);
    }

    /** These options with texts cut to at most {@code n} ids and a vocabulary of at most {@code words}. */
    public AnalysisOptions withText(int n, int words) {
        return new AnalysisOptions(target, task, maxSamples, n, words, fitRows, classNames);
    }

    /**
     * These options fitting the preprocessing on the prepared examples {@code rows} only (e.g. the training rows of a
     * split made on a first analysis of all the data); null: on all.
     */
    public AnalysisOptions withFitRows(int[] rows) {
        return new AnalysisOptions(target, task, maxSamples, maxTextLength, maxVocabulary, rows, classNames);
    }

    /**
     * These options naming the classes of an integer-coded target {@code names}, the i-th name for the i-th smallest
     * code (for IDX labels 0, 1, 2, ...; the analysis checks that there are as many names as classes); empty: none.
     */
    public AnalysisOptions withClassNames(List<String> names) {
        return new AnalysisOptions(target, task, maxSamples, maxTextLength, maxVocabulary, fitRows, names);
    }

    /** The rows to fit on among {@code n} examples: {@link #fitRows()}, checked, or all of them. */
    int[] fitRowsOf(int n) {
        if (fitRows == null) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        if (fitRows.length == 0) throw new IllegalArgumentException("fitRows is empty: fit on at least one example");
        for (int i = 0; i < fitRows.length; i++) {
            if (fitRows[i] < 0 || fitRows[i] >= n || (i > 0 && fitRows[i] <= fitRows[i - 1])) {
                throw new IllegalArgumentException("fitRows must be increasing indices in [0, " + n + "), got "
                        + fitRows[i] + " at position " + i);
            }
        }
        return fitRows.clone();
    }
}
