package io.jgrad;

import io.jgrad.backend.Philox;
import io.jgrad.backend.RandomDistribution;

/**
 * A seedable, counter-based source of random numbers: a seed (the Philox4x32-10 key) and an offset (the next unused
 * Philox block). Every draw reserves the blocks it needs and advances the offset, so the numbers depend only on the
 * seed and the order of draws: the same seed gives the same tensors on every backend, device, thread count and JDK.
 * Tensor draws run on the tensor's backend ({@link io.jgrad.backend.Backend#random}); the scalar draws here
 * ({@link #nextDouble}, {@link #nextInt}, ...) take one block each and use the same recipes on the host. Not
 * thread-safe: use one per thread or {@link #split()}.
 */
public final class Generator {
    private static final Generator GLOBAL = new Generator(System.nanoTime());
    private static final RandomDistribution.Uniform UNIT = new RandomDistribution.Uniform(0, 1);
    private static final RandomDistribution.Normal STANDARD_NORMAL = new RandomDistribution.Normal(0, 1);
    private final int[] words = new int[4];
    private long seed;
    private long offset;

    public Generator(long seed) { this.seed = seed; }

    /** The process-wide generator used when none is given; reseed it with {@link #manualSeed}. */
    public static Generator global() { return GLOBAL; }

    /** Restarts this generator's sequence from {@code seed}. */
    public Generator manualSeed(long seed) {
        this.seed = seed;
        this.offset = 0;
        return this;
    }

    /** The Philox key. */
    public long seed() { return seed; }

    /** The next unused Philox block. */
    public long offset() { return offset; }

    /** Reserves {@code blocks} Philox blocks for a draw and returns the first. */
    long reserve(long blocks) {
        long first = offset;
        offset += blocks;
        return first;
    }

    /** The words of the next block, which this draw consumes. */
    private int[] nextBlock() {
        Philox.block(seed, reserve(1), words);
        return words;
    }

    /** An independent generator derived from this one: its seed is the next 64 random bits of this one. */
    public Generator split() { return new Generator(nextLong()); }

    /** Uniform in [0, 1): the first element of a one-element F64 {@code uniform} draw. */
    public double nextDouble() {
        int[] w = nextBlock();
        return UNIT.f64(w[0], w[1]);
    }

    /** Standard normal: the first element of a one-element F64 {@code normal} draw. */
    public double nextGaussian() {
        int[] w = nextBlock();
        return STANDARD_NORMAL.value(w[0], w[1], w[2], w[3], 0);
    }

    /** Uniform in [0, bound): the first element of a one-element {@code randint} draw. */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        int[] w = nextBlock();
        return new RandomDistribution.Integers(0, bound).value(w[0], w[1]);
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) { return (int) nextLong(bound); }

    /** 64 random bits: words 1 and 0 of the next block (high and low halves). */
    public long nextLong() {
        int[] w = nextBlock();
        return ((long) w[1] << 32) | (w[0] & 0xFFFF_FFFFL);
    }
}
