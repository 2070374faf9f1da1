package io.jgrad.select.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Bayesian optimisation with a Gaussian process and expected improvement (GP-EI).
 *
 * <p>The first {@code initialTrials} configurations are random draws, but never more than half the search's trial
 * limit ({@link SearchSetup#maxTrials()}, at least one), so that a search of only a few trials is not all random
 * (4 trials: 2 random, then 2 from the model). After that, each batch: the utilities of the
 * finished trials (scores turned so larger is better; a failed trial counts as the worst completed score, so the
 * search moves away from where trials fail) have their low outliers raised to a robust floor and are standardised
 * (so a trial that diverged far below the rest does not flatten the differences among the others, which would leave
 * the process with little but its variance to go by), a {@link GaussianProcess} is fitted on the encoded
 * configurations ({@link SearchSpace#encode}: ranges on their scale in {@code [0, 1]}, an ordinal choice as the
 * value's place in its sorted values, categoricals one-hot), and
 * each proposal maximises the expected improvement over the best utility: over {@code candidates} random draws,
 * then by local refinement of the best few (random steps that shrink while they fail). Within a batch each
 * proposal is added to the process at its predicted mean ("kriging believer") before the next is chosen, so a
 * batch spreads out. All randomness comes from the search's seed.
 */
public final class BayesianSearch implements SearchStrategy {
    private final int initialTrials;
    private final int candidates;
    private final int refineStarts;
    private final int refineSteps;
    private final double xi;

    private BayesianSearch(Builder b) {
        this.initialTrials = b.initialTrials;
        this.candidates = b.candidates;
        this.refineStarts = b.refineStarts;
        this.refineSteps = b.refineSteps;
        this.xi = b.xi;
    }

    /** Settings, with defaults: 5 initial trials, 1000 candidates, 5 refined for 40 steps each, ξ = 0.01. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "bayesian-gp";
    }

    @Override
    public Proposer start(SearchSetup setup) {
        return new GpProposer(setup);
    }

    private final class GpProposer implements Proposer {
        private final SearchSetup setup;
        private final SearchSpace space;
        private final Random random;
        private final int initial;
        private int proposed;

        GpProposer(SearchSetup setup) {
            this.setup = setup;
            this.space = setup.space();
            this.random = new Random(setup.seed());
            this.initial = Math.min(initialTrials, Math.max(1, setup.maxTrials() / 2));
        }

        @Override
        public List<Proposal> propose(List<Trial> finished, int batchSize) {
            List<Proposal> batch = new ArrayList<>(batchSize);
            boolean anyCompleted = finished.stream().anyMatch(Trial::completed);
            if (proposed < initial || !anyCompleted) {
                int count = anyCompleted ? Math.min(batchSize, initial - proposed) : batchSize;
                if (initial < initialTrials && proposed < initial) {
                    count = Math.min(count, initial - proposed); // a short search: random for half its trials only
                }
                for (int i = 0; i < count; i++) {
                    batch.add(Proposal.of(space.sample(random), setup.fullResource(), "initial"));
                }
                proposed += batch.size();
                return batch;
            }
            double worst = finished.stream().filter(Trial::completed)
                    .mapToDouble(t -> setup.direction().utility(t.score())).min().orElseThrow();
            int n = finished.size();
            double[][] x = new double[n][];
            double[] y = new double[n];
            Set<Configuration> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                Trial t = finished.get(i);
                x[i] = space.encode(t.configuration());
                y[i] = t.completed() ? setup.direction().utility(t.score()) : worst;
                seen.add(t.configuration());
            }
            clipLowOutliers(y);
            standardise(y);
            double best = Double.NEGATIVE_INFINITY;
            for (double v : y) {
                best = Math.max(best, v);
            }
            GaussianProcess gp = GaussianProcess.fit(x, y);
            for (int b = 0; b < batchSize; b++) {
                Configuration next = maximiseAcquisition(gp, best, finished);
                if (!seen.add(next)) {
                    next = unseenSample(seen); // EI is flat zero: nothing to learn near the data, explore instead
                }
                batch.add(Proposal.of(next, setup.fullResource(), "model"));
                double[] point = space.encode(next);
                if (b + 1 < batchSize) {
                    try {
                        gp = gp.with(point, gp.predict(point).mean());
                    } catch (ArithmeticException duplicate) {
                        // the believed point made the matrix singular: keep the model as it is
                    }
                }
            }
            proposed += batch.size();
            return batch;
        }

        private Configuration unseenSample(Set<Configuration> seen) {
            Configuration c = space.sample(random);
            for (int attempt = 0; attempt < 100 && seen.contains(c); attempt++) {
                c = space.sample(random);
            }
            seen.add(c);
            return c;
        }

        private Configuration maximiseAcquisition(GaussianProcess gp, double best, List<Trial> finished) {
            record Scored(Configuration configuration, double ei) {
            }
            List<Scored> pool = new ArrayList<>(candidates);
            for (int i = 0; i < candidates; i++) {
                Configuration c = space.sample(random);
                pool.add(new Scored(c, acquisition(gp, c, best)));
            }
            // also start from the best observed configurations: the optimum is often next to them
            finished.stream().filter(Trial::completed)
                    .sorted(Trial.bestFirst(setup.direction()))
                    .limit(refineStarts)
                    .forEach(t -> pool.add(new Scored(t.configuration(), acquisition(gp, t.configuration(), best))));
            pool.sort(Comparator.comparingDouble(Scored::ei).reversed());
            Scored best1 = pool.getFirst();
            for (Scored start : pool.subList(0, Math.min(refineStarts, pool.size()))) {
                Scored current = start;
                double step = 0.1;
                for (int s = 0; s < refineSteps; s++) {
                    Configuration c = space.neighbour(current.configuration(), step, random);
                    double ei = acquisition(gp, c, best);
                    if (ei > current.ei()) {
                        current = new Scored(c, ei);
                    } else {
                        step = Math.max(step * 0.8, 1e-3);
                    }
                }
                if (current.ei() > best1.ei()) {
                    best1 = current;
                }
            }
            return best1.configuration();
        }

        private double acquisition(GaussianProcess gp, Configuration c, double best) {
            GaussianProcess.Prediction p = gp.predict(space.encode(c));
            return ExpectedImprovement.of(p.mean(), p.stddev(), best, xi);
        }
    }

    /**
     * Raises every value below {@code median - 3 * 1.4826 * MAD} (three robust standard deviations under the median)
     * to that floor: a trial that diverged far below the rest keeps the bottom rank but stops setting the scale.
     */
    static void clipLowOutliers(double[] y) {
        double median = median(y.clone());
        double[] deviations = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            deviations[i] = Math.abs(y[i] - median);
        }
        double floor = median - 3 * 1.4826 * median(deviations);
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(y[i], floor);
        }
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    }

    /** Shifts and scales {@code y} in place to mean 0 and standard deviation 1 (only shifts a constant). */
    static void standardise(double[] y) {
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double variance = 0;
        for (double v : y) {
            variance += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(variance / y.length);
        for (int i = 0; i < y.length; i++) {
            y[i] = sd > 0 ? (y[i] - mean) / sd : y[i] - mean;
        }
    }

    /** The strategy's settings. */
    public static final class Builder {
        private int initialTrials = 5;
        private int candidates = 1000;
        private int refineStarts = 5;
        private int refineSteps = 40;
        private double xi = 0.01;

        private Builder() {
        }

        /** Random trials before the first model (default 5). */
        public Builder initialTrials(int count) {
            this.initialTrials = requirePositive("initialTrials", count);
            return this;
        }

        /** Random candidates scored per proposal (default 1000). */
        public Builder candidates(int count) {
            this.candidates = requirePositive("candidates", count);
            return this;
        }

        /** How many of the best candidates are refined locally (default 5). */
        public Builder refineStarts(int count) {
            this.refineStarts = requirePositive("refineStarts", count);
            return this;
        }

        /** Local refinement steps per start (default 40). */
        public Builder refineSteps(int count) {
            this.refineSteps = Math.max(0, count);
            return this;
        }

        /** The exploration margin ξ on the standardised scale (default 0.01). */
        public Builder xi(double xi) {
            if (!(xi >= 0)) {
                throw new IllegalArgumentException("bayesian search: xi must be >= 0, got " + xi);
            }
            this.xi = xi;
            return this;
        }

        /** The strategy. */
        public BayesianSearch build() {
            return new BayesianSearch(this);
        }

        private static int requirePositive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("bayesian search: " + name + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
