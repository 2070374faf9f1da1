package io.jgrad.select.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The tree-structured Parzen estimator (TPE, Bergstra et al. 2011), univariate form. After {@code initialTrials}
 * random draws, the finished trials are split into the best {@code γ} fraction ("good"; failed trials are never
 * good) and the rest; for every parameter, a density of the good values {@code l(x)} and of the others {@code g(x)}
 * is estimated: on the parameter's unit scale (a range's, or an ordinal choice's positions) a mixture of a uniform
 * prior and Gaussians truncated to {@code [0, 1]}, one per observation, each as wide as the larger gap to its
 * neighbours; for a categorical, smoothed frequencies. Each proposal is the best, by {@code Σ log l(x_j) / g(x_j)}
 * (which orders the expected improvement the same way), of {@code candidates} configurations drawn from the
 * {@code l} densities. Every random number comes from the search's seed.
 */
public final class TpeSearch implements SearchStrategy {
    private final int initialTrials;
    private final int candidates;
    private final double gamma;

    /**
     * TPE with {@code initialTrials} random trials first, {@code candidates} draws per proposal and the good
     * fraction {@code gamma}.
     */
    public TpeSearch(int initialTrials, int candidates, double gamma) {
        if (initialTrials < 1 || candidates < 1 || !(gamma > 0 && gamma < 1)) {
            throw new IllegalArgumentException("TPE: needs initialTrials >= 1, candidates >= 1 and 0 < gamma < 1, got "
                    + initialTrials + ", " + candidates + ", " + gamma);
        }
        this.initialTrials = initialTrials;
        this.candidates = candidates;
        this.gamma = gamma;
    }

    /** The default settings: 10 random trials, 24 candidates, γ = 0.25. */
    public TpeSearch() {
        this(10, 24, 0.25);
    }

    @Override
    public String name() {
        return "tpe";
    }

    @Override
    public Proposer start(SearchSetup setup) {
        SearchSpace space = setup.space();
        Random random = new Random(setup.seed());
        return (finished, batchSize) -> {
            List<Proposal> batch = new ArrayList<>(batchSize);
            boolean anyCompleted = finished.stream().anyMatch(Trial::completed);
            if (finished.size() < initialTrials || !anyCompleted) {
                int count = anyCompleted ? Math.min(batchSize, initialTrials - finished.size()) : batchSize;
                for (int i = 0; i < count; i++) {
                    batch.add(Proposal.of(space.sample(random), setup.fullResource(), "initial"));
                }
                return batch;
            }
            List<Trial> ranked = new ArrayList<>(finished);
            ranked.sort(Trial.bestFirst(setup.direction()));
            long completed = finished.stream().filter(Trial::completed).count();
            int good = (int) Math.max(1, Math.min(completed, Math.ceil(gamma * ranked.size())));
            List<double[]> goodPoints = ranked.subList(0, good).stream()
                    .map(t -> space.encode(t.configuration())).toList();
            List<double[]> badPoints = ranked.subList(good, ranked.size()).stream()
                    .map(t -> space.encode(t.configuration())).toList();
            for (int b = 0; b < batchSize; b++) {
                double[] bestPoint = null;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < candidates; c++) {
                    double[] point = new double[space.encodedWidth()];
                    double score = 0;
                    int offset = 0;
                    for (Parameter p : space.parameters()) {
                        if (p instanceof CategoricalParameter cat) {
                            int k = cat.choices().size();
                            double[] l = frequencies(goodPoints, offset, k);
                            double[] g = frequencies(badPoints, offset, k);
                            int choice = draw(l, random);
                            point[offset + choice] = 1;
                            score += StrictMath.log(l[choice]) - StrictMath.log(g[choice]);
                        } else {
                            Parzen l = new Parzen(goodPoints, offset);
                            Parzen g = new Parzen(badPoints, offset);
                            // snap to the parameter's values (integers), so the densities judge what will be run
                            point[offset] = l.sample(random);
                            p.encode(p.decode(point, offset), point, offset);
                            double x = point[offset];
                            score += StrictMath.log(l.density(x)) - StrictMath.log(g.density(x));
                        }
                        offset += p.width();
                    }
                    if (score > bestScore) {
                        bestScore = score;
                        bestPoint = point;
                    }
                }
                batch.add(Proposal.of(space.decode(bestPoint), setup.fullResource(), "model"));
            }
            return batch;
        };
    }

    /** Frequencies of the choices of a one-hot block, with one pseudo-count spread over the choices. */
    private static double[] frequencies(List<double[]> points, int offset, int k) {
        double[] f = new double[k];
        Arrays.fill(f, 1.0 / k);
        for (double[] p : points) {
            for (int i = 0; i < k; i++) {
                f[i] += p[offset + i];
            }
        }
        for (int i = 0; i < k; i++) {
            f[i] /= points.size() + 1;
        }
        return f;
    }

    private static int draw(double[] probabilities, Random random) {
        double u = random.nextDouble();
        for (int i = 0; i < probabilities.length - 1; i++) {
            u -= probabilities[i];
            if (u < 0) {
                return i;
            }
        }
        return probabilities.length - 1;
    }

    /**
     * A density on {@code [0, 1]}: an equal-weight mixture of the uniform prior and one Gaussian per observation,
     * truncated to the interval, each with the larger gap to its sorted neighbours (or the interval's ends) as its
     * width, clipped to {@code [1 / min(100, n + 1), 1]}.
     */
    static final class Parzen {
        private final double[] means;
        private final double[] widths;
        private final double[] masses; // each Gaussian's probability inside [0, 1]

        Parzen(List<double[]> points, int offset) {
            int n = points.size();
            means = new double[n];
            for (int i = 0; i < n; i++) {
                means[i] = points.get(i)[offset];
            }
            Arrays.sort(means);
            widths = new double[n];
            masses = new double[n];
            double minWidth = 1.0 / Math.min(100, n + 1);
            for (int i = 0; i < n; i++) {
                double left = means[i] - (i == 0 ? 0 : means[i - 1]);
                double right = (i == n - 1 ? 1 : means[i + 1]) - means[i];
                widths[i] = Math.clamp(Math.max(left, right), minWidth, 1.0);
                masses[i] = ExpectedImprovement.cdf((1 - means[i]) / widths[i])
                        - ExpectedImprovement.cdf(-means[i] / widths[i]);
            }
        }

        double density(double x) {
            double sum = 1; // the uniform prior's density on [0, 1]
            for (int i = 0; i < means.length; i++) {
                sum += ExpectedImprovement.pdf((x - means[i]) / widths[i]) / (widths[i] * masses[i]);
            }
            return sum / (means.length + 1);
        }

        double sample(Random random) {
            int component = random.nextInt(means.length + 1);
            if (component == means.length) {
                return random.nextDouble();
            }
            for (int attempt = 0; attempt < 100; attempt++) {
                double x = means[component] + widths[component] * random.nextGaussian();
                if (x >= 0 && x <= 1) {
                    return x;
                }
            }
            return Math.clamp(means[component], 0.0, 1.0);
        }
    }
}
