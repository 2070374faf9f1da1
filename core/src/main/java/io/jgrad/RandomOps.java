package io.jgrad;

import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;

/** Random tensors, drawn on the host from a {@link Generator} so every backend sees the same values for a seed. */
final class RandomOps {
    private RandomOps() {}

    static Tensor uniform(Generator g, Shape shape, double low, double high) {
        if (!(low <= high)) throw new IllegalArgumentException("uniform: low " + low + " must be <= high " + high);
        float[] data = new float[shape.numel()];
        for (int i = 0; i < data.length; i++) data[i] = (float) (low + (high - low) * g.nextDouble());
        return Creation.fromFlat(data, shape);
    }

    static Tensor normal(Generator g, Shape shape, double mean, double std) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        float[] data = new float[shape.numel()];
        for (int i = 0; i < data.length; i++) data[i] = (float) (mean + std * g.nextGaussian());
        return Creation.fromFlat(data, shape);
    }

    static Tensor randint(Generator g, long low, long high, Shape shape) {
        if (low >= high) throw new IllegalArgumentException("randint: low " + low + " must be < high " + high);
        long span = high - low;
        if (span <= 0) throw new IllegalArgumentException("randint: the range [" + low + ", " + high + ") is wider than a long can count");
        long[] data = new long[shape.numel()];
        for (int i = 0; i < data.length; i++) data[i] = low + g.nextLong(span);
        return Creation.fromFlat(data, shape);
    }

    static Tensor bernoulli(Generator g, double p, Shape shape) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: probability must be in [0, 1], got " + p);
        float[] data = new float[shape.numel()];
        for (int i = 0; i < data.length; i++) data[i] = g.nextDouble() < p ? 1f : 0f;
        return Creation.fromFlat(data, shape);
    }

    static Tensor bernoulli(Generator g, Tensor probs) {
        double[] p = probs.toDoubleArray();
        float[] data = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("bernoulli: probability at flat index " + i + " is " + p[i] + ", not in [0, 1]");
            }
            data[i] = g.nextDouble() < p[i] ? 1f : 0f;
        }
        Tensor t = Creation.fromFlat(data, probs.shape());
        return probs.dtype() == DType.F64 ? t.to(DType.F64) : t;
    }

    static Tensor permutation(Generator g, int n) {
        if (n < 0) throw new IllegalArgumentException("permutation: n must be >= 0, got " + n);
        long[] data = new long[n];
        for (int i = 0; i < n; i++) data[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            long tmp = data[i];
            data[i] = data[j];
            data[j] = tmp;
        }
        return Tensor.fresh(Backends.defaultBackend().upload(HostStorage.wrap(data)), Shape.of(n), Backends.defaultBackend());
    }
}
