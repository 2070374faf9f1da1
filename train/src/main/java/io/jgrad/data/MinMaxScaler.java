package io.jgrad.data;

import io.jgrad.DType;
import io.jgrad.Tensor;

import java.util.Map;

/** Maps each feature's fitted [min, max] onto [low, high] (default [0, 1]); constant features map to low. */
public final class MinMaxScaler implements Scaler {
    private final double low;
    private final double high;
    private Tensor min;
    private Tensor range;

    public MinMaxScaler() { this(0, 1); }

    public MinMaxScaler(double low, double high) {
        if (!(high > low)) throw new IllegalArgumentException("MinMaxScaler: need low < high, got [" + low + ", " + high + "]");
        this.low = low;
        this.high = high;
    }

    @Override
    public MinMaxScaler fit(Tensor x) {
        Scaler.requireMatrix("MinMaxScaler.fit", x);
        MissingValues.requireNone("MinMaxScaler.fit", x);
        Tensor xf = x.to(DType.F64);
        Tensor lo = xf.min(0, false);
        Tensor r = xf.max(0, false).sub(lo);
        range = Tensor.where(r.eq(0), Tensor.onesLike(r), r).to(x.dtype());
        min = lo.to(x.dtype());
        return this;
    }

    @Override
    public Tensor transform(Tensor x) {
        check(x);
        MissingValues.requireNone("MinMaxScaler.transform", x);
        return x.sub(min).div(range).mul(high - low).add(low);
    }

    @Override
    public Tensor inverseTransform(Tensor x) {
        check(x);
        return x.sub(low).div(high - low).mul(range).add(min);
    }

    private void check(Tensor x) {
        if (min == null) throw new IllegalStateException("MinMaxScaler: call fit before transform");
        Scaler.requireMatrix("MinMaxScaler", x);
        if (x.dim(1) != min.dim(0)) {
            throw new IllegalArgumentException("MinMaxScaler: fitted on " + min.dim(0) + " features, got shape " + x.shape());
        }
    }

    @Override
    public boolean isFitted() { return min != null; }

    /** The target range is saved too, as a 2-element tensor, so a loaded scaler needs no constructor arguments. */
    @Override
    public Map<String, Tensor> stateDict(String prefix) {
        if (min == null) throw new IllegalStateException("MinMaxScaler: nothing to save before fit");
        Map<String, Tensor> m = Scaler.named(prefix, "min", min, "range", range);
        m.put(prefix + "feature_range", Tensor.of(new double[] {low, high}, 2));
        return m;
    }

    @Override
    public MinMaxScaler loadStateDict(Map<String, Tensor> state, String prefix) {
        double[] fr = Scaler.required(state, prefix + "feature_range").toDoubleArray();
        MinMaxScaler s = fr[0] == low && fr[1] == high ? this : null;
        if (s == null) {
            throw new IllegalArgumentException("MinMaxScaler: saved feature range [" + fr[0] + ", " + fr[1]
                    + "] differs from this scaler's [" + low + ", " + high + "]; use MinMaxScaler.fromState");
        }
        min = Scaler.required(state, prefix + "min");
        range = Scaler.required(state, prefix + "range");
        return this;
    }

    /** A scaler restored from saved state, with the saved feature range. */
    public static MinMaxScaler fromState(Map<String, Tensor> state, String prefix) {
        double[] fr = Scaler.required(state, prefix + "feature_range").toDoubleArray();
        return new MinMaxScaler(fr[0], fr[1]).loadStateDict(state, prefix);
    }
}
