package io.jgrad.select.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Successive halving planned from the search's trial-epoch budget: when the budget pays for only a handful of
 * full-length trials, it screens many configurations with few epochs and gives the full resource only to the best.
 *
 * <p>The plan is one bracket of rungs at whole resources {@code R η^-s, ..., R η^-1, R} (rounded, at least the
 * minimum resource), the rung {@code i} keeping the best {@code ⌊n η^-i⌋} of the {@code n} configurations the first
 * rung screens. When the search's objective resumes a promoted configuration from its earlier rung
 * ({@link SearchSetup#resumed()}), a promotion from {@code r_{i-1}} to {@code r_i} is charged only the extra
 * {@code r_i - r_{i-1}} and the plan costs {@code n_0 r_0 + Σ_{i>0} n_i (r_i - r_{i-1})} trial-epochs; when it
 * trains a promoted configuration again from scratch, its whole resource, {@code Σ_i n_i r_i}. Either way the plan
 * stays within {@link SearchSetup#maxResource()}, and resuming buys more configurations or promotions with the same
 * budget. Among the brackets
 * {@code s = 0, 1, ...} (down to the minimum resource) it takes the least aggressive one that screens every
 * configuration of a finite space (all of it, at the highest first-rung resource the budget allows); when none
 * can, the one that screens the most (the most aggressive). What the first plan leaves of the budget goes to more
 * promotions, from the top rung down. The configurations already evaluated with the full resource
 * ({@link SearchSetup#known()}) are not screened again.
 *
 * <p>The first rung is the whole space in grid order when the plan covers it, else distinct configurations drawn
 * from the seed; each later rung is the best completed trials of the one before (ties in proposal order; a failed
 * trial never goes on, so a rung may promote fewer). The trials and their order depend only on the seed, the budget
 * and the scores.
 */
public final class BudgetedHalving implements SearchStrategy {
    /**
     * The default minimum resource, 3 epochs: chosen on validation scores, against 1 epoch, over the nine
     * {@code GridComparison} runs of 2026-12-05 (the chosen configurations' cross-validated scores: higher on 3, one of
     * them by 0.0001, lower on 1, equal on 5).
     */
    public static final double DEFAULT_MIN_RESOURCE = 3;
    /** Above this many configurations a finite space is sampled rather than listed. */
    public static final long LISTED_AT_MOST = 100_000;

    private final int eta;
    private final double minResource;

    private BudgetedHalving(int eta, double minResource) {
        if (eta < 2) {
            throw new IllegalArgumentException("budgeted halving: eta must be at least 2, got " + eta);
        }
        if (!(minResource >= 1) || Double.isInfinite(minResource)) {
            throw new IllegalArgumentException("budgeted halving: the minimum resource must be a finite number of"
                    + " epochs, at least 1, got " + minResource);
        }
        this.eta = eta;
        this.minResource = minResource;
    }

    /** Reduction factor {@code eta}, no rung with fewer than {@value #DEFAULT_MIN_RESOURCE} epochs. */
    public static BudgetedHalving of(int eta) {
        return new BudgetedHalving(eta, DEFAULT_MIN_RESOURCE);
    }

    /** Reduction factor {@code eta}, no rung with fewer than {@code minResource} epochs. */
    public static BudgetedHalving of(int eta, double minResource) {
        return new BudgetedHalving(eta, minResource);
    }

    @Override
    public String name() {
        return "budgeted-halving(eta=" + eta + ")";
    }

    /**
     * The bracket this strategy runs for a full resource {@code fullResource}, a trial-epoch budget {@code budget}
     * and {@code available} configurations to screen ({@link Long#MAX_VALUE} for an unbounded space), each promotion
     * charged its whole resource (an objective that trains a promoted configuration again from scratch); empty when
     * the budget does not pay for one full trial.
     */
    public Optional<HyperbandSchedule.Bracket> plan(double fullResource, double budget, long available) {
        return plan(fullResource, budget, available, false);
    }

    /**
     * {@link #plan(double, double, long)}, each promotion charged only its extra resource when {@code resumed} (an
     * objective that resumes a promoted configuration from its earlier rung, {@link SearchSetup#resumed()}).
     */
    public Optional<HyperbandSchedule.Bracket> plan(double fullResource, double budget, long available,
                                                    boolean resumed) {
        if (!(budget > 0) || Double.isInfinite(budget)) {
            throw new IllegalArgumentException("budgeted halving needs a finite trial-epoch budget, got " + budget);
        }
        int sMax = fullResource >= minResource ? HyperbandSchedule.maxBracket(fullResource, minResource, eta) : 0;
        long[] bestCounts = null;
        double[] bestResources = null;
        double[] bestCharges = null;
        for (int s = 0; s <= sMax; s++) {
            double[] resources = resources(fullResource, s);
            if (resources == null) {
                continue; // rounding made two rungs equal
            }
            double[] charges = charges(resources, resumed);
            long n = largestFirstRung(charges, budget, available);
            if (n < 0) {
                continue;
            }
            if (bestCounts == null || n > bestCounts[0]) {
                bestCounts = counts(n, s);
                bestResources = resources;
                bestCharges = charges;
            }
            if (n == available) {
                break; // the least aggressive bracket that screens everything
            }
        }
        if (bestCounts == null) {
            return Optional.empty();
        }
        long[] counts = evenShares(bestCounts, bestCharges, budget);
        fill(counts, bestCharges, budget - cost(counts, bestCharges));
        List<HyperbandSchedule.Rung> rungs = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            rungs.add(new HyperbandSchedule.Rung((int) counts[i], bestResources[i]));
        }
        return Optional.of(new HyperbandSchedule.Bracket(rungs.size() - 1, rungs));
    }

    /** The rungs' whole resources for bracket {@code s}, or null when rounding makes two of them equal. */
    private double[] resources(double fullResource, int s) {
        double[] r = new double[s + 1];
        for (int i = 0; i <= s; i++) {
            r[i] = i == s ? fullResource
                    : Math.max(minResource, Math.round(fullResource / StrictMath.pow(eta, s - i)));
            if (i > 0 && !(r[i] > r[i - 1])) {
                return null;
            }
        }
        return r;
    }

    /**
     * What each trial of a rung is charged: the first rung its resource; a later one its resource, or when
     * {@code resumed} only what it adds to the rung before.
     */
    private static double[] charges(double[] resources, boolean resumed) {
        double[] c = resources.clone();
        if (resumed) {
            for (int i = 1; i < c.length; i++) {
                c[i] = resources[i] - resources[i - 1];
            }
        }
        return c;
    }

    /** The most first-rung configurations (at least {@code η^s}, at most {@code available}) the budget pays, or -1. */
    private long largestFirstRung(double[] charges, double budget, long available) {
        int s = charges.length - 1;
        long low = (long) StrictMath.pow(eta, s);
        if (low > available || cost(counts(low, s), charges) > budget * (1 + 1e-12)) {
            return -1;
        }
        long high = Math.min(available, (long) (budget / charges[0]) + 1); // n r_0 alone is at most the budget
        while (low < high) { // the cost grows with n: the largest n that fits lies in [low, high]
            long mid = low + (high - low + 1) / 2;
            if (cost(counts(mid, s), charges) <= budget * (1 + 1e-12)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private long[] counts(long n, int s) {
        long[] c = new long[s + 1];
        for (int i = 0; i <= s; i++) {
            c[i] = n / (long) StrictMath.pow(eta, i);
        }
        return c;
    }

    private static double cost(long[] counts, double[] charges) {
        double total = 0;
        for (int i = 0; i < counts.length; i++) {
            total += counts[i] * charges[i];
        }
        return total;
    }

    /**
     * The later rungs' counts when what the first rung leaves of the budget is shared evenly among them (each rung of
     * successive halving costs about the same), each at most the rung before; {@code counts} themselves when a share
     * would not pay for one trial of its rung.
     */
    private static long[] evenShares(long[] counts, double[] charges, double budget) {
        int s = counts.length - 1;
        long[] even = counts.clone();
        double share = (budget - counts[0] * charges[0]) / Math.max(1, s);
        for (int i = 1; i <= s; i++) {
            even[i] = Math.min(even[i - 1], (long) (share * (1 + 1e-12) / charges[i]));
            if (even[i] < 1) {
                return counts;
            }
        }
        return even;
    }

    /** Spends what is left of the budget on more promotions, from the top rung down. */
    private static void fill(long[] counts, double[] charges, double left) {
        for (int i = counts.length - 1; i > 0; i--) {
            while (counts[i] < counts[i - 1] && charges[i] <= left * (1 + 1e-12)) {
                counts[i]++;
                left -= charges[i];
            }
        }
    }

    @Override
    public Proposer start(SearchSetup setup) {
        if (Double.isInfinite(setup.maxResource())) {
            throw new IllegalArgumentException("budgeted halving needs the search's trial-epoch budget: set"
                    + " HyperparameterSearch.Builder.maxResource");
        }
        SearchSpace space = setup.space();
        Set<Configuration> known = new HashSet<>(setup.known());
        long size = finiteSize(space);
        long available = size == Long.MAX_VALUE ? size : size - space.grid(Integer.MAX_VALUE).stream()
                .filter(known::contains).count();
        var plan = plan(setup.fullResource(), setup.maxResource(), available, setup.resumed());
        return new Proposer() {
            private int rung = -1;
            private int lastBatch;

            @Override
            public List<Proposal> propose(List<Trial> finished, int batchSize) {
                if (plan.isEmpty() || rung + 1 >= plan.get().rungs().size()) {
                    return List.of();
                }
                rung++;
                HyperbandSchedule.Rung current = plan.get().rungs().get(rung);
                List<Proposal> batch = new ArrayList<>();
                if (rung == 0) {
                    for (Configuration c : firstRung(space, known, current.configurations(), available,
                            new Random(setup.seed()))) {
                        batch.add(Proposal.of(c, current.resource(), stage(current)));
                    }
                } else if (finished.size() >= lastBatch) {
                    List<Trial> previous = new ArrayList<>(finished.subList(finished.size() - lastBatch,
                            finished.size()));
                    previous.removeIf(t -> !t.completed());
                    previous.sort(Trial.bestFirst(setup.direction()));
                    for (Trial t : previous.subList(0, Math.min(current.configurations(), previous.size()))) {
                        batch.add(new Proposal(t.configuration(), current.resource(), t.id(), stage(current)));
                    }
                }
                lastBatch = batch.size();
                return batch;
            }
        };
    }

    private String stage(HyperbandSchedule.Rung rung) {
        return "halving, " + Configuration.readable(rung.resource()) + " epochs";
    }

    /** {@code n} configurations not in {@code known}: all of them in grid order when that is all, else drawn. */
    private static List<Configuration> firstRung(SearchSpace space, Set<Configuration> known, int n, long available,
                                                 Random random) {
        if (available <= LISTED_AT_MOST) {
            List<Configuration> all = new ArrayList<>(space.grid(Integer.MAX_VALUE));
            all.removeIf(known::contains);
            if (n < all.size()) {
                Collections.shuffle(all, random);
            }
            return List.copyOf(all.subList(0, Math.min(n, all.size())));
        }
        Set<Configuration> seen = new HashSet<>(known);
        List<Configuration> drawn = new ArrayList<>();
        for (int attempt = 0; drawn.size() < n && attempt < 100 * n; attempt++) {
            Configuration c = space.sample(random);
            if (seen.add(c)) {
                drawn.add(c);
            }
        }
        return drawn;
    }

    /** The number of configurations of a space without real ranges, else {@link Long#MAX_VALUE}. */
    private static long finiteSize(SearchSpace space) {
        if (space.parameters().stream().anyMatch(p -> p instanceof RealParameter)) {
            return Long.MAX_VALUE;
        }
        long size = space.gridSize(Integer.MAX_VALUE);
        return size > LISTED_AT_MOST ? Long.MAX_VALUE : size;
    }
}
