package io.jgrad.select.compare;

import io.jgrad.Generator;
import io.jgrad.data.Splits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the development rows are split into folds for the comparison: one holdout split or k-fold cross-validation,
 * repeated with fresh shuffles if asked. Classification splits are stratified (each fold keeps the class
 * proportions); regression splits are plain shuffles.
 *
 * @param folds              the number of folds (1 for a holdout split)
 * @param repeats            how many times the whole split is drawn again
 * @param validationFraction the validation share of a holdout split (unused for k-fold)
 */
public record Resampling(int folds, int repeats, double validationFraction) {

    /** Checks the settings. */
    public Resampling {
        if (folds < 1 || repeats < 1) {
            throw new IllegalArgumentException("Resampling: folds and repeats must be >= 1, got " + folds + ", "
                    + repeats);
        }
        if (folds == 1 && !(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("Resampling: a holdout validation fraction must be in (0, 1), got "
                    + validationFraction);
        }
    }

    /** One train/validation split with {@code validationFraction} of the rows for validation. */
    public static Resampling holdout(double validationFraction) { return new Resampling(1, 1, validationFraction); }

    /** k-fold cross-validation (stratified for classification). */
    public static Resampling kFold(int k) {
        if (k < 2) throw new IllegalArgumentException("kFold: k must be >= 2, got " + k);
        return new Resampling(k, 1, 0);
    }

    /** This resampling drawn {@code times} times with different shuffles. */
    public Resampling repeated(int times) { return new Resampling(folds, times, validationFraction); }

    /** The number of folds over all repeats. */
    public int runs() { return folds * repeats; }

    /** The validation share of a training run's rows (for the corrected t-test's {@code n_test / n_train}). */
    public double validationShare() { return folds == 1 ? validationFraction : 1.0 / folds; }

    /** In words, e.g. {@code stratified 5-fold cross-validation, repeated 2 times}. */
    public String describe(boolean stratified) {
        String s = (stratified ? "stratified " : "") + (folds == 1
                ? "holdout validation (" + Math.round(validationFraction * 100) + "%)"
                : folds + "-fold cross-validation");
        return repeats > 1 ? s + ", repeated " + repeats + " times" : s;
    }

    /**
     * The folds of {@code rows}: stratified by {@code labels} (one per row of the prepared data) when not null.
     *
     * @throws IllegalArgumentException when there are no more rows than folds (a fold left empty fails in
     *                                  {@link Fold})
     */
    public List<Fold> split(int[] rows, long[] labels, long seed) {
        if (rows.length < folds + 1) {
            throw new IllegalArgumentException("Resampling: " + rows.length + " rows cannot make " + folds + " folds");
        }
        Generator g = new Generator(seed);
        List<Fold> out = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            long drawSeed = g.nextLong();
            if (folds == 1) {
                out.add(holdoutFold(rows, labels, r, drawSeed));
            } else {
                int[] foldOf = assignFolds(rows, labels, new Generator(drawSeed));
                for (int f = 0; f < folds; f++) out.add(fold(rows, foldOf, r, f));
            }
        }
        return out;
    }

    private Fold holdoutFold(int[] rows, long[] labels, int repeat, long seed) {
        Splits.Indices parts;
        if (labels == null) {
            parts = Splits.random(rows.length, validationFraction, 0, seed);
        } else {
            long[] rowLabels = new long[rows.length];
            for (int i = 0; i < rows.length; i++) rowLabels[i] = labels[rows[i]];
            parts = Splits.stratified(rowLabels, validationFraction, 0, seed);
        }
        return new Fold(repeat, 0, pick(rows, parts.train()), pick(rows, parts.validation()));
    }

    /** Each row's fold: rows shuffled (per class when stratified) and dealt round-robin. */
    private int[] assignFolds(int[] rows, long[] labels, Generator g) {
        Map<Long, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i++) {
            groups.computeIfAbsent(labels == null ? 0L : labels[rows[i]], k -> new ArrayList<>()).add(i);
        }
        int[] foldOf = new int[rows.length];
        int next = 0; // continue dealing where the last class stopped, so fold sizes stay within one
        for (List<Integer> members : groups.values()) {
            for (int i = members.size() - 1; i > 0; i--) {
                int j = g.nextInt(i + 1);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
            for (int position : members) foldOf[position] = next++ % folds;
        }
        return foldOf;
    }

    private static Fold fold(int[] rows, int[] foldOf, int repeat, int f) {
        int validation = 0;
        for (int v : foldOf) if (v == f) validation++;
        int[] train = new int[rows.length - validation], val = new int[validation];
        int t = 0, v = 0;
        for (int i = 0; i < rows.length; i++) {
            if (foldOf[i] == f) val[v++] = rows[i];
            else train[t++] = rows[i];
        }
        return new Fold(repeat, f, train, val);
    }

    private static int[] pick(int[] rows, int[] positions) {
        int[] out = new int[positions.length];
        for (int i = 0; i < positions.length; i++) out[i] = rows[positions[i]];
        return out;
    }
}
