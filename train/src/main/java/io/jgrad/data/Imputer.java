package io.jgrad.data;

import io.jgrad.DType;
import io.jgrad.Tensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fills missing values (NaN) per feature column of {@code [rows, features]} matrices, as scikit-learn's
 * {@code SimpleImputer}: fitted on the training data, applied to it and to any other data. The fill value of a
 * column is its mean, median or most frequent value (the smallest among ties) over the training rows that have a
 * value, or a given constant. With {@link #withIndicator()} the result gains one 0/1 column per feature that had
 * missing values in the training data, after the features, saying where a value was filled.
 *
 * <pre>{@code
 * CsvTable table = CsvTable.read(path, CsvTable.Options.defaults().withLabel("y").withEmptyAsMissing());
 * Imputer imputer = Imputer.median().withIndicator();
 * Tensor train = imputer.fitTransform(trainFeatures), test = imputer.transform(testFeatures);
 * }</pre>
 *
 * <p>Like the scalers its state is a map of tensors ({@code fill}, {@code indicator}, {@code strategy}), saved with a
 * model. Fitting reads
 * the matrix to the host once; {@link #transform} runs on the tensor's device.
 */
public final class Imputer {
    /** How a column's fill value is chosen. */
    public enum Strategy { MEAN, MEDIAN, MOST_FREQUENT, CONSTANT }

    private final Strategy strategy;
    private final double constant;
    private final boolean addIndicator;
    private Tensor fill;               // [features], the fitted data's dtype
    private Tensor indicator;          // [features] I64: 1 where the column gets an indicator column
    private Tensor indicatorColumns;   // I64 positions of those columns, or null for none

    private Imputer(Strategy strategy, double constant, boolean addIndicator) {
        this.strategy = strategy;
        this.constant = constant;
        this.addIndicator = addIndicator;
    }

    /** Fills with the column's mean. */
    public static Imputer mean() { return new Imputer(Strategy.MEAN, 0, false); }

    /** Fills with the column's median (the mean of the two middle values for an even count). */
    public static Imputer median() { return new Imputer(Strategy.MEDIAN, 0, false); }

    /** Fills with the column's most frequent value, the smallest among ties. */
    public static Imputer mostFrequent() { return new Imputer(Strategy.MOST_FREQUENT, 0, false); }

    /** Fills every column with {@code value} (which must not be NaN). */
    public static Imputer constant(double value) {
        if (Double.isNaN(value)) throw new IllegalArgumentException("Imputer.constant: the fill value must not be NaN");
        return new Imputer(Strategy.CONSTANT, value, false);
    }

    /** This strategy, also adding a 0/1 missing-indicator column for each feature that had missing values at fit. */
    public Imputer withIndicator() { return new Imputer(strategy, constant, true); }

    /** Restores an imputer saved by {@link #stateDict(String)} with the same prefix, with the saved strategy. */
    public static Imputer fromState(Map<String, Tensor> state, String prefix) {
        return new Imputer(savedStrategy(state, prefix), 0, false).loadStateDict(state, prefix);
    }

    private static Strategy savedStrategy(Map<String, Tensor> state, String prefix) {
        Tensor t = Scaler.required(state, prefix + "strategy");
        long ordinal = t.numel() == 1 && !t.dtype().isFloating() ? t.longItem() : -1;
        if (ordinal < 0 || ordinal >= Strategy.values().length) {
            throw new IllegalArgumentException("Imputer: '" + prefix + "strategy' must be one integer in [0, "
                    + Strategy.values().length + "), got " + t.dtype() + " " + t.shape());
        }
        return Strategy.values()[(int) ordinal];
    }

    public Strategy strategy() { return strategy; }

    /**
     * Learns each column's fill value from the rows that have one, and which columns had missing values; returns this.
     *
     * @throws IllegalArgumentException if {@code x} is not a floating-point [rows, features] matrix with rows, or
     *                                  (except for a constant) a column has no value at all, naming it
     */
    public Imputer fit(Tensor x) {
        Scaler.requireMatrix("Imputer.fit", x);
        if (!x.dtype().isFloating()) throw new IllegalArgumentException("Imputer.fit: expects a floating-point matrix, got " + x.dtype());
        int rows = x.dim(0), cols = x.dim(1);
        if (rows == 0) throw new IllegalArgumentException("Imputer.fit: no rows to learn from (shape " + x.shape() + ")");
        double[] values = x.toDoubleArray();
        double[] fills = new double[cols];
        long[] flags = new long[cols];
        double[] column = new double[rows];
        for (int c = 0; c < cols; c++) {
            int present = 0;
            for (int r = 0; r < rows; r++) {
                double v = values[r * cols + c];
                if (!Double.isNaN(v)) column[present++] = v;
            }
            if (present < rows && addIndicator) flags[c] = 1;
            if (present == 0 && strategy != Strategy.CONSTANT) {
                throw new IllegalArgumentException("Imputer.fit: column " + c + " has no values (all " + rows
                        + " rows are missing) to compute the " + strategy.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + " from; drop it or use Imputer.constant");
            }
            fills[c] = fillValue(Arrays.copyOf(column, present));
        }
        setState(Tensor.of(fills, cols).to(x.dtype()).to(x.device()), Tensor.of(flags, cols).to(x.device()));
        return this;
    }

    private double fillValue(double[] present) {
        return switch (strategy) {
            case CONSTANT -> constant;
            case MEAN -> {
                double sum = 0;
                for (double v : present) sum += v;
                yield sum / present.length;
            }
            case MEDIAN -> {
                Arrays.sort(present);
                int n = present.length;
                yield n % 2 == 1 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2;
            }
            case MOST_FREQUENT -> {
                Map<Double, Integer> counts = new HashMap<>();
                double best = Double.NaN;
                int bestCount = 0;
                for (double v : present) {
                    int n = counts.merge(v == 0 ? 0.0 : v, 1, Integer::sum); // -0.0 counts as 0.0
                    if (n > bestCount || (n == bestCount && v < best)) {
                        best = v == 0 ? 0.0 : v;
                        bestCount = n;
                    }
                }
                yield best;
            }
        };
    }

    private void setState(Tensor fillValues, Tensor indicatorFlags) {
        fill = fillValues;
        indicator = indicatorFlags;
        long[] flags = indicatorFlags.toLongArray();
        long[] positions = new long[flags.length];
        int k = 0;
        for (int c = 0; c < flags.length; c++) if (flags[c] != 0) positions[k++] = c;
        indicatorColumns = k == 0 ? null : Tensor.of(Arrays.copyOf(positions, k), k).to(fill.device());
    }

    /**
     * {@code x} with each NaN replaced by its column's fill value, followed by the indicator columns if any (1 where a
     * value was missing), in x's dtype.
     */
    public Tensor transform(Tensor x) {
        if (fill == null) throw new IllegalStateException("Imputer: call fit before transform");
        Scaler.requireMatrix("Imputer", x);
        if (x.dim(1) != fill.dim(0)) {
            throw new IllegalArgumentException("Imputer: fitted on " + fill.dim(0) + " features, got shape " + x.shape());
        }
        Tensor missing = x.ne(x);
        Tensor filled = Tensor.where(missing, fill.to(x.dtype()).to(x.device()), x);
        if (indicatorColumns == null) return filled;
        Tensor flags = missing.indexSelect(1, indicatorColumns.to(x.device())).to(x.dtype());
        return Tensor.concat(java.util.List.of(filled, flags), 1);
    }

    public Tensor fitTransform(Tensor x) { return fit(x).transform(x); }

    public boolean isFitted() { return fill != null; }

    /** The number of columns {@link #transform} returns: the features plus the indicator columns. */
    public int outputFeatures() {
        if (fill == null) throw new IllegalStateException("Imputer: call fit first");
        return fill.dim(0) + (indicatorColumns == null ? 0 : indicatorColumns.numel());
    }

    /** The fitted fill value of each column. */
    public Tensor fillValues() { return fill; }

    /**
     * The fitted state, named {@code prefix + "fill"}, {@code prefix + "indicator"} (I64 0/1 per feature) and
     * {@code prefix + "strategy"} (the {@link Strategy}'s ordinal, I64).
     */
    public Map<String, Tensor> stateDict(String prefix) {
        if (fill == null) throw new IllegalStateException("Imputer: nothing to save before fit");
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(prefix + "fill", fill);
        m.put(prefix + "indicator", indicator);
        m.put(prefix + "strategy", Tensor.scalar(DType.I64, strategy.ordinal()));
        return m;
    }

    /** Restores state saved by {@link #stateDict(String)} with the same prefix and strategy; returns this. */
    public Imputer loadStateDict(Map<String, Tensor> state, String prefix) {
        Strategy saved = savedStrategy(state, prefix);
        if (saved != strategy) {
            throw new IllegalArgumentException("Imputer: the saved strategy " + saved + " differs from this imputer's "
                    + strategy + "; use Imputer.fromState");
        }
        Tensor f = Scaler.required(state, prefix + "fill"), ind = Scaler.required(state, prefix + "indicator");
        if (f.rank() != 1 || !f.dtype().isFloating() || !ind.shape().equals(f.shape()) || ind.dtype().isFloating()) {
            throw new IllegalArgumentException("Imputer: '" + prefix + "fill' must be a floating-point vector and '" + prefix
                    + "indicator' an integer vector of the same length, got " + f.dtype() + " " + f.shape() + " and "
                    + ind.dtype() + " " + ind.shape());
        }
        setState(f, ind.to(DType.I64));
        return this;
    }

    @Override
    public String toString() {
        return "Imputer(" + strategy + (strategy == Strategy.CONSTANT ? " " + constant : "") + (addIndicator ? ", indicator" : "") + ")";
    }
}
