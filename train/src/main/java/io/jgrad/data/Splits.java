package io.jgrad.data;

import io.jgrad.Generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Train/validation/test splits by seeded random permutation; the stratified variant splits each class separately
 * so every part keeps the class proportions (up to rounding).
 */
public final class Splits {
    private Splits() {}

    /** The three parts as index arrays into the original dataset. */
    public record Indices(int[] train, int[] validation, int[] test) {}

    /** The three parts as datasets. */
    public record Parts(Dataset train, Dataset validation, Dataset test) {}

    /** Splits {@code n} examples: {@code valFraction} and {@code testFraction} of them (rounded) go to those parts. */
    public static Indices random(int n, double valFraction, double testFraction, long seed) {
        checkFractions(valFraction, testFraction);
        int[] all = shuffled(range(n), new Generator(seed));
        int nTest = (int) Math.round(n * testFraction);
        int nVal = (int) Math.round(n * valFraction);
        return cut(all, nVal, nTest);
    }

    /** Like {@link #random} but per class of {@code labels}: each part holds each class in the same proportion. */
    public static Indices stratified(long[] labels, double valFraction, double testFraction, long seed) {
        checkFractions(valFraction, testFraction);
        Map<Long, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        Generator g = new Generator(seed);
        List<Integer> train = new ArrayList<>(), val = new ArrayList<>(), test = new ArrayList<>();
        for (List<Integer> members : byClass.values()) {
            int[] idx = shuffled(members.stream().mapToInt(Integer::intValue).toArray(), g);
            int nTest = (int) Math.round(idx.length * testFraction);
            int nVal = (int) Math.round(idx.length * valFraction);
            Indices part = cut(idx, nVal, nTest);
            for (int i : part.train()) train.add(i);
            for (int i : part.validation()) val.add(i);
            for (int i : part.test()) test.add(i);
        }
        // Shuffle again so the classes are interleaved within each part.
        return new Indices(shuffled(toArray(train), g), shuffled(toArray(val), g), shuffled(toArray(test), g));
    }

    /** Applies a split to a dataset. */
    public static Parts apply(Dataset data, Indices indices) {
        return new Parts(data.subset(indices.train()), data.subset(indices.validation()), data.subset(indices.test()));
    }

    private static Indices cut(int[] idx, int nVal, int nTest) {
        if (nVal + nTest > idx.length) {
            throw new IllegalArgumentException("split: " + nVal + " validation + " + nTest + " test examples exceed " + idx.length);
        }
        int nTrain = idx.length - nVal - nTest;
        int[] train = java.util.Arrays.copyOfRange(idx, 0, nTrain);
        int[] val = java.util.Arrays.copyOfRange(idx, nTrain, nTrain + nVal);
        int[] test = java.util.Arrays.copyOfRange(idx, nTrain + nVal, idx.length);
        return new Indices(train, val, test);
    }

    private static void checkFractions(double val, double test) {
        if (val < 0 || test < 0 || val + test >= 1) {
            throw new IllegalArgumentException("split fractions must be >= 0 and leave some training data: validation "
                    + val + ", test " + test);
        }
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    private static int[] toArray(List<Integer> list) { return list.stream().mapToInt(Integer::intValue).toArray(); }

    private static int[] shuffled(int[] a, Generator g) {
        int[] out = a.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }
}
