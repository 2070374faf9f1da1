package io.jgrad;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.RandomDistribution;

/**
 * Random tensors, drawn by the target backend from a {@link Generator}'s Philox stream ({@link Backend#random}), so a
 * seed gives the same values on every backend and nothing is drawn on the host and uploaded.
 */
final class RandomOps {
    private RandomOps() {}

    /** {@code shape} values of {@code dtype} from {@code d} on {@code backend}, reserving the blocks they use. */
    static Tensor draw(Generator g, RandomDistribution d, DType dtype, Shape shape, Backend backend) {
        d.checkDtype(dtype);
        int n = shape.numel();
        long offset = g.reserve(d.blocks(dtype, n));
        return Tensor.fresh(backend.random(d, dtype, n, g.seed(), offset), shape, backend);
    }

    /**
     * 1 with the probability in each element of {@code probs} (F64 for F64 probabilities, else F32): an F64
     * {@code uniform(0, 1)} draw compared with the probabilities on their backend. Validating them reads one scalar.
     */
    static Tensor bernoulli(Generator g, Tensor probs) {
        DType type = probs.dtype() == DType.F64 ? DType.F64 : DType.F32;
        Tensor p = probs.detach().to(DType.F64);
        if (p.numel() > 0 && p.clamp(0, 1).ne(p).to(DType.I64).sum().longItem() > 0) throw invalidProbability(p);
        Tensor u = draw(g, new RandomDistribution.Uniform(0, 1), DType.F64, p.shape(), p.backend());
        return u.lt(p).to(type);
    }

    private static IllegalArgumentException invalidProbability(Tensor p) {
        double[] v = p.toDoubleArray();
        int i = 0;
        while (v[i] >= 0 && v[i] <= 1) i++; // NaN stops the scan too
        return new IllegalArgumentException("bernoulli: probability at flat index " + i + " is " + v[i] + ", not in [0, 1]");
    }

    /**
     * A random permutation of 0..n-1 by a Fisher-Yates shuffle on the host, uploaded once. It stays on the host
     * because every swap depends on the previous ones (a device would sort random keys instead) and its users
     * (data loaders) index host datasets with it.
     */
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
