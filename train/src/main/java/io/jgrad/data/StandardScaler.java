package io.jgrad.data;

import io.jgrad.Tensor;

import java.util.Map;

/** Scales each feature to zero mean and unit variance (population variance; constant features are only centred). */
public final class StandardScaler implements Scaler {
    private Tensor mean;
    private Tensor scale;

    @Override
    public StandardScaler fit(Tensor x) {
        Scaler.requireMatrix("StandardScaler.fit", x);
        MissingValues.requireNone("StandardScaler.fit", x);
        Tensor xf = x.to(io.jgrad.DType.F64);
        mean = xf.mean(0, false);
        Tensor std = xf.var(new int[] {0}, 0, false).sqrt();
        scale = Tensor.where(std.eq(0), Tensor.onesLike(std), std); // a constant column stays as it is, centred
        mean = mean.to(x.dtype());
        scale = scale.to(x.dtype());
        return this;
    }

    @Override
    public Tensor transform(Tensor x) {
        check(x);
        MissingValues.requireNone("StandardScaler.transform", x);
        return x.sub(mean).div(scale);
    }

    @Override
    public Tensor inverseTransform(Tensor x) {
        check(x);
        return x.mul(scale).add(mean);
    }

    private void check(Tensor x) {
        if (mean == null) throw new IllegalStateException("StandardScaler: call fit before transform");
        Scaler.requireMatrix("StandardScaler", x);
        if (x.dim(1) != mean.dim(0)) {
            throw new IllegalArgumentException("StandardScaler: fitted on " + mean.dim(0) + " features, got shape " + x.shape());
        }
    }

    public Tensor mean() { return mean; }

    public Tensor scale() { return scale; }

    @Override
    public boolean isFitted() { return mean != null; }

    @Override
    public Map<String, Tensor> stateDict(String prefix) {
        if (mean == null) throw new IllegalStateException("StandardScaler: nothing to save before fit");
        return Scaler.named(prefix, "mean", mean, "scale", scale);
    }

    @Override
    public StandardScaler loadStateDict(Map<String, Tensor> state, String prefix) {
        mean = Scaler.required(state, prefix + "mean");
        scale = Scaler.required(state, prefix + "scale");
        return this;
    }
}
