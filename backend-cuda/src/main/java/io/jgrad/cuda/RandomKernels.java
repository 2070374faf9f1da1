package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.backend.RandomDistribution;

/**
 * Philox4x32-10 draws ({@code kernels/random.cu}, recipes in {@code kernels/random_recipes.cuh}) with exactly the
 * recipes of {@link RandomDistribution}, so a seed gives the same bits as on the reference and CPU backends: one thread
 * per Philox block fills the lanes that block serves, and every floating-point step is an explicit round-to-nearest
 * intrinsic (no fused multiply-adds), as the recipes require. Nothing differs from the reference.
 */
final class RandomKernels {
    private final CudaDevice device;

    RandomKernels(CudaDevice device) { this.device = device; }

    CudaStorage draw(RandomDistribution distribution, DType dtype, int length, long seed, long offset) {
        distribution.checkDtype(dtype);
        CudaStorage out = CudaStorage.allocate(device, dtype, length);
        if (length == 0) return out;
        try {
            KernelArgs args = device.args().ptr(out.address()).i32(length).i64(seed).i64(offset);
            String kernel = switch (distribution) {
                case RandomDistribution.Uniform u -> {
                    args.f64(u.low()).f64(u.high());
                    yield "random_uniform_";
                }
                case RandomDistribution.Normal n -> {
                    args.f64(n.mean()).f64(n.std());
                    yield "random_normal_";
                }
                case RandomDistribution.Bernoulli b -> {
                    args.f64(b.p());
                    yield "random_bernoulli_";
                }
                case RandomDistribution.Integers r -> {
                    args.i64(r.low()).i64(r.high());
                    yield "random_integers_";
                }
            };
            long blocks = distribution.blocks(dtype, length);
            device.kernel("random.cu", kernel + Transfers.suffix(dtype)).launchLinear(blocks, args);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * The raw generator on the device, for known-answer tests: Philox4x32-10 of each vector of six words
     * {@code (c0, c1, c2, c3, k0, k1)} in {@code vectors}, four words each.
     */
    int[] philoxWords(int[] vectors) {
        if (vectors.length % 6 != 0) {
            throw new IllegalArgumentException("philox: " + vectors.length + " words are not whole vectors of six");
        }
        int count = vectors.length / 6;
        int[] words = new int[4 * count];
        if (count == 0) return words;
        synchronized (device) {
            try (CudaStorage in = CudaStorage.allocate(device, DType.I32, vectors.length);
                 CudaStorage out = CudaStorage.allocate(device, DType.I32, words.length)) {
                device.copier().upload(vectors, 0, vectors.length, in.address());
                KernelArgs args = device.args().ptr(in.address()).ptr(out.address()).i32(count);
                device.kernel("random.cu", "philox4x32_10").launchLinear(count, args);
                device.copier().download(out.address(), words, 0, words.length);
            }
        }
        return words;
    }
}
