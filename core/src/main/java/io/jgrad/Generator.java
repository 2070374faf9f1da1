package io.jgrad;

import java.util.SplittableRandom;

/**
 * A seedable source of random numbers. The same seed gives the same tensors on every run and JDK
 * ({@link SplittableRandom}'s algorithm is specified). Not thread-safe: use one per thread or {@link #split()}.
 */
public final class Generator {
    private static final Generator GLOBAL = new Generator(System.nanoTime());
    private SplittableRandom random;

    public Generator(long seed) { this.random = new SplittableRandom(seed); }

    private Generator(SplittableRandom random) { this.random = random; }

    /** The process-wide generator used when none is given; reseed it with {@link #manualSeed}. */
    public static Generator global() { return GLOBAL; }

    /** Restarts this generator's sequence from {@code seed}. */
    public Generator manualSeed(long seed) {
        random = new SplittableRandom(seed);
        return this;
    }

    /** An independent generator derived from this one. */
    public Generator split() { return new Generator(random.split()); }

    /** Uniform in [0, 1). */
    public double nextDouble() { return random.nextDouble(); }

    public double nextGaussian() { return random.nextGaussian(); }

    /** Uniform in [0, bound). */
    public long nextLong(long bound) { return random.nextLong(bound); }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) { return random.nextInt(bound); }

    public long nextLong() { return random.nextLong(); }
}
