package io.jgrad.cuda;

/**
 * A one-dimensional launch for a grid-stride loop over {@code n} elements: 256 threads a block, and at most 32 blocks
 * per multiprocessor (enough to fill an SM; a larger grid only adds scheduling), at least one block.
 *
 * @param blocks the grid size
 * @param threads the block size
 */
record LinearLaunch(int blocks, int threads) {
    static final int THREADS = 256;
    static final int BLOCKS_PER_SM = 32;

    static LinearLaunch of(long n, int multiprocessors) {
        if (n < 0) throw new IllegalArgumentException("element count must be >= 0: " + n);
        long needed = (n + THREADS - 1) / THREADS;
        long cap = (long) Math.max(1, multiprocessors) * BLOCKS_PER_SM;
        return new LinearLaunch((int) Math.max(1, Math.min(needed, cap)), THREADS);
    }
}
