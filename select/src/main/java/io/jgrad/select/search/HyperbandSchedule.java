package io.jgrad.select.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of Hyperband (Li et al., "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
 * Optimization", JMLR 2017, Algorithm 1): for a maximum resource {@code R} (in units of the minimum resource) and a
 * reduction factor {@code η}, {@code s_max = ⌊log_η R⌋} and {@code B = (s_max + 1) R}; bracket {@code s} (from
 * {@code s_max} down to 0) starts {@code n = ⌈(B / R) η^s / (s + 1)⌉} configurations at resource
 * {@code r = R η^-s}, and its rung {@code i} keeps {@code n_i = ⌊n η^-i⌋} of them at resource {@code r_i = r η^i}.
 * Successive halving is one bracket.
 *
 * @param maxResource the resource of a full trial, {@code R} times {@code minResource}
 * @param minResource the smallest resource a trial gets
 * @param eta         the reduction factor, at least 2
 * @param brackets    the brackets from the most aggressive ({@code s = s_max}) to plain evaluation ({@code s = 0})
 */
public record HyperbandSchedule(double maxResource, double minResource, int eta, List<Bracket> brackets) {

    /**
     * One successive-halving run.
     *
     * @param s     the bracket's index: it has {@code s + 1} rungs
     * @param rungs the rungs in order
     */
    public record Bracket(int s, List<Rung> rungs) {
        /** Copies the rungs. */
        public Bracket {
            rungs = List.copyOf(rungs);
        }
    }

    /**
     * One round of successive halving.
     *
     * @param configurations how many configurations are evaluated
     * @param resource       with which resource each
     */
    public record Rung(int configurations, double resource) {
    }

    /** Copies the brackets. */
    public HyperbandSchedule {
        brackets = List.copyOf(brackets);
    }

    /** Hyperband's brackets for a full resource {@code maxResource}, minimum {@code minResource} and {@code eta}. */
    public static HyperbandSchedule of(double maxResource, double minResource, int eta) {
        int sMax = maxBracket(maxResource, minResource, eta);
        List<Bracket> brackets = new ArrayList<>();
        for (int s = sMax; s >= 0; s--) {
            long n = ceilDiv((sMax + 1) * pow(eta, s), s + 1);
            brackets.add(bracket(s, n, maxResource, eta));
        }
        return new HyperbandSchedule(maxResource, minResource, eta, brackets);
    }

    /**
     * Successive halving alone: {@code configurations} configurations start at {@code maxResource η^-s_max} and
     * the best {@code 1/η} go on at each rung, up to the full resource.
     */
    public static HyperbandSchedule successiveHalving(double maxResource, double minResource, int eta,
                                                      int configurations) {
        int sMax = maxBracket(maxResource, minResource, eta);
        if (configurations < 1) {
            throw new IllegalArgumentException("successive halving needs at least one configuration, got "
                    + configurations);
        }
        return new HyperbandSchedule(maxResource, minResource, eta,
                List.of(bracket(sMax, configurations, maxResource, eta)));
    }

    /** {@code s_max = ⌊log_η(maxResource / minResource)⌋}, computed without rounding trouble. */
    static int maxBracket(double maxResource, double minResource, int eta) {
        if (eta < 2) {
            throw new IllegalArgumentException("Hyperband: eta must be at least 2, got " + eta);
        }
        if (!(minResource > 0) || !(maxResource >= minResource) || Double.isInfinite(maxResource)) {
            throw new IllegalArgumentException("Hyperband: needs 0 < minResource <= maxResource, got "
                    + minResource + " and " + maxResource);
        }
        int s = 0;
        while (minResource * pow(eta, s + 1) <= maxResource * (1 + 1e-9) && s < 40) {
            s++;
        }
        return s;
    }

    private static Bracket bracket(int s, long n, double maxResource, int eta) {
        List<Rung> rungs = new ArrayList<>();
        for (int i = 0; i <= s; i++) {
            long ni = n / pow(eta, i);
            rungs.add(new Rung((int) Math.max(1, ni), maxResource * pow(eta, i) / pow(eta, s)));
        }
        return new Bracket(s, rungs);
    }

    /** The total number of trials (evaluations) over all brackets. */
    public int trials() {
        return brackets.stream().flatMap(b -> b.rungs().stream()).mapToInt(Rung::configurations).sum();
    }

    /** The resource all brackets spend when a continued configuration restarts from scratch. */
    public double resourceRestarting() {
        return brackets.stream().flatMap(b -> b.rungs().stream())
                .mapToDouble(r -> r.configurations() * r.resource()).sum();
    }

    private static long pow(int base, int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p = Math.multiplyExact(p, base);
        }
        return p;
    }

    private static long ceilDiv(long a, long b) {
        return Math.ceilDiv(a, b);
    }
}
