package io.jgrad.select.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a hyperparameter search: a {@link SearchStrategy} proposes trials over a {@link SearchSpace}, an
 * {@link Objective} scores them on up to {@code threads} threads, and the search stops at the first of: the
 * strategy is exhausted, a trial limit, a trial-epoch (resource) limit, or a wall-clock deadline.
 *
 * <pre>{@code
 * SearchResult result = HyperparameterSearch.over(space)
 *         .strategy(SearchStrategy.bayesian())
 *         .direction(Direction.MAXIMIZE)
 *         .seed(42).threads(4)
 *         .maxTrials(40).deadline(Duration.ofMinutes(5))
 *         .resource(20)                      // a full trial trains 20 epochs
 *         .run((config, ctx) -> validationF1(config, ctx.epochs(), ctx.seed()));
 * }</pre>
 *
 * <p>Reproducible: trials are proposed in batches of {@code batchSize} (default 4) and a batch finishes before the
 * next is proposed, so the trials and scores depend on the seed (and, for the model-based strategies, the batch
 * size) only — not on the number of threads nor on timing — provided the objective itself is deterministic given
 * its configuration, resource and seed. The
 * deadline is the exception: it is checked before each trial starts (a running trial is not interrupted; it can
 * read {@link TrialContext#deadline()}), so where a search stops depends on the clock.
 */
public final class HyperparameterSearch {
    private final Builder b;

    private HyperparameterSearch(Builder builder) {
        this.b = builder;
    }

    /**
     * A search over {@code space}; unless changed: random search, maximising, seed 0, one thread, batches of 4, at
     * most 50 trials (raise it for Hyperband, whose pass over the brackets can have more), a full trial's resource
     * of 1, no trial-epoch limit and no deadline.
     */
    public static Builder over(SearchSpace space) {
        return new Builder(Objects.requireNonNull(space, "space"));
    }

    private SearchResult run(Objective objective) {
        long startNanos = System.nanoTime();
        long deadlineNanos = b.deadline == null ? Long.MAX_VALUE : startNanos + b.deadline.toNanos();
        Instant deadline = b.deadline == null ? null : Instant.now().plus(b.deadline);
        SearchSetup setup = new SearchSetup(b.space, b.direction, b.resource, b.seed, b.maxResource, b.known,
                b.maxTrials, b.resumable);
        SearchStrategy.Proposer proposer = b.strategy.start(setup);
        ResumedStates states = b.resumable ? new ResumedStates(objective, b.strategy.name()) : null;
        List<Trial> trials = new ArrayList<>();
        List<Trial> view = Collections.unmodifiableList(trials);
        double charged = 0;
        StopReason stop = null;
        ExecutorService pool = b.threads > 1 ? Executors.newFixedThreadPool(b.threads, daemonThreads()) : null;
        try {
            while (stop == null) {
                if (System.nanoTime() - deadlineNanos >= 0) {
                    stop = StopReason.DEADLINE;
                    break;
                }
                List<Proposal> batch = proposer.propose(view, b.batchSize);
                if (batch.isEmpty()) {
                    stop = StopReason.EXHAUSTED;
                    break;
                }
                // admit proposals in order while the limits allow; this depends only on the proposals, so it is
                // deterministic
                List<Pending> admitted = new ArrayList<>();
                for (Proposal p : batch) {
                    if (trials.size() + admitted.size() >= b.maxTrials) {
                        stop = StopReason.MAX_TRIALS;
                        break;
                    }
                    int id = trials.size() + admitted.size();
                    TrialContext context = context(p, trials, id, deadline); // checks what p continues
                    if (states != null) {
                        states.requireContinuable(p);
                    }
                    double cost = cost(p, trials);
                    if (charged + cost > b.maxResource * (1 + 1e-12)) {
                        stop = StopReason.MAX_RESOURCE;
                        break;
                    }
                    charged += cost;
                    admitted.add(new Pending(id, p, cost, context));
                }
                List<Proposal> admittedProposals = admitted.stream().map(Pending::proposal).toList();
                if (states != null) {
                    states.admit(admittedProposals);
                }
                List<Trial> done = evaluate(admitted, objective, pool, deadlineNanos);
                if (states != null) {
                    states.ran(admittedProposals, done);
                }
                if (done.size() < admitted.size()) {
                    stop = StopReason.DEADLINE;
                }
                for (Trial t : done) {
                    trials.add(t);
                    if (b.listener != null) {
                        b.listener.accept(t);
                    }
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            if (states != null) {
                states.discardHeld();
            }
        }
        return new SearchResult(b.strategy.name(), b.space, b.direction, b.seed, b.resource, trials, stop,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private double cost(Proposal p, List<Trial> trials) {
        if (b.resumable && p.continues() >= 0) {
            return Math.max(0, p.resource() - trials.get(p.continues()).resource());
        }
        return p.resource();
    }

    private TrialContext context(Proposal p, List<Trial> trials, int id, Instant deadline) {
        int root = id;
        double previousResource = 0;
        if (p.continues() >= 0) {
            if (p.continues() >= trials.size()) {
                throw new IllegalStateException("strategy " + b.strategy.name() + " continued trial " + p.continues()
                        + ", which has not run (" + trials.size() + " trials so far)");
            }
            Trial previous = trials.get(p.continues());
            previousResource = previous.resource();
            root = rootOf(previous, trials);
        }
        return new TrialContext(id, p.resource(), p.continues(), previousResource, trialSeed(b.seed, root), deadline);
    }

    private static int rootOf(Trial t, List<Trial> trials) {
        while (t.continues() >= 0) {
            t = trials.get(t.continues());
        }
        return t.id();
    }

    /** A seed per configuration lineage: SplitMix64 of the search seed and the first trial's id. */
    static long trialSeed(long seed, int rootTrialId) {
        long z = seed + 0x9E3779B97F4A7C15L * (rootTrialId + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Runs the admitted trials; returns them in order, stopping at the first one the deadline kept from starting. */
    private List<Trial> evaluate(List<Pending> admitted, Objective objective, ExecutorService pool,
                                 long deadlineNanos) {
        List<Trial> done = new ArrayList<>();
        if (pool == null) {
            for (Pending p : admitted) {
                Trial t = runOne(p, objective, deadlineNanos);
                if (t == null) {
                    break;
                }
                done.add(t);
            }
            return done;
        }
        List<Future<Trial>> futures = new ArrayList<>();
        for (Pending p : admitted) {
            futures.add(pool.submit(() -> runOne(p, objective, deadlineNanos)));
        }
        boolean skipped = false;
        for (Future<Trial> f : futures) {
            Trial t = get(f);
            skipped |= t == null;
            if (!skipped) {
                done.add(t); // after a skipped trial, later ones are dropped too so that ids stay contiguous
            }
        }
        return done;
    }

    private static Trial get(Future<Trial> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the search was interrupted", e);
        } catch (ExecutionException e) {
            // runOne catches what an objective throws; anything else is a bug or a fatal VM error
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a search worker failed", e.getCause());
        }
    }

    /** One trial, or null if the deadline passed before it could start. */
    private Trial runOne(Pending p, Objective objective, long deadlineNanos) {
        if (System.nanoTime() - deadlineNanos >= 0) {
            return null;
        }
        Proposal proposal = p.proposal;
        long start = System.nanoTime();
        double score = Double.NaN;
        String failure;
        try {
            score = objective.evaluate(proposal.configuration(), p.context);
            failure = Double.isFinite(score) ? null : "the objective returned " + score;
        } catch (TrialFailedException e) {
            failure = e.getMessage() == null ? "failed" : e.getMessage();
        } catch (OutOfMemoryError e) {
            failure = "out of memory" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (StackOverflowError e) {
            failure = "stack overflow";
        } catch (Exception e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Trial(p.id, proposal.configuration(), proposal.resource(), p.cost,
                failure == null ? TrialStatus.COMPLETED : TrialStatus.FAILED, failure == null ? score : Double.NaN,
                failure, proposal.continues(), proposal.stage(), millis);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "jgrad-search-" + count.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    private record Pending(int id, Proposal proposal, double cost, TrialContext context) {
    }

    /** The search's settings; {@link #run} starts it. */
    public static final class Builder {
        private final SearchSpace space;
        private SearchStrategy strategy = SearchStrategy.random();
        private Direction direction = Direction.MAXIMIZE;
        private long seed;
        private int threads = 1;
        private int batchSize = 4;
        private int maxTrials = 50;
        private double maxResource = Double.POSITIVE_INFINITY;
        private double resource = 1;
        private Duration deadline;
        private boolean resumable;
        private List<Configuration> known = List.of();
        private Consumer<Trial> listener;

        private Builder(SearchSpace space) {
            this.space = space;
        }

        /** The strategy (default random). */
        public Builder strategy(SearchStrategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** Whether larger or smaller scores are better (default maximise). */
        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /** The seed every random choice of the strategy comes from, and the trials' seeds (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The most trials evaluated at once (default 1). Does not change the results. */
        public Builder threads(int threads) {
            this.threads = requirePositive("threads", threads);
            return this;
        }

        /**
         * How many trials a model-based strategy proposes before it sees their results (default 4). The results
         * depend on it; use at least {@code threads} so that no thread idles.
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = requirePositive("batchSize", batchSize);
            return this;
        }

        /** The most trials (default 50). */
        public Builder maxTrials(int maxTrials) {
            this.maxTrials = requirePositive("maxTrials", maxTrials);
            return this;
        }

        /** The most trial-epochs, the sum of the trials' charged resource (default no limit). */
        public Builder maxResource(double maxResource) {
            if (!(maxResource > 0)) {
                throw new IllegalArgumentException("search: maxResource must be positive, got " + maxResource);
            }
            this.maxResource = maxResource;
            return this;
        }

        /** The resource (epochs) of a full trial, Hyperband's R (default 1). */
        public Builder resource(double resource) {
            if (!(resource > 0) || Double.isInfinite(resource)) {
                throw new IllegalArgumentException("search: resource must be positive and finite, got " + resource);
            }
            this.resource = resource;
            return this;
        }

        /** A wall-clock limit from the start of {@link #run}: no trial starts after it (default none). */
        public Builder deadline(Duration deadline) {
            if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
                throw new IllegalArgumentException("search: the deadline must be positive, got " + deadline);
            }
            this.deadline = deadline;
            return this;
        }

        /**
         * Declares that the objective resumes a continued configuration from its earlier trial's state (so a
         * promotion from 3 to 9 epochs is charged 6, and {@link BudgetedHalving} plans with that cost), rather than
         * restarting it from scratch (charged 9, the default). The search then tells the objective which saved
         * states it may drop ({@link Objective#discard}), and fails with an {@link IllegalStateException} when the
         * strategy continues a trial that is not of the batch it saw last (successive halving and Hyperband never
         * do).
         */
        public Builder resumableObjective(boolean resumable) {
            this.resumable = resumable;
            return this;
        }

        /**
         * Configurations already evaluated with the full resource outside this search (default none): a strategy
         * may leave them out ({@link BudgetedHalving} does), the others ignore them. Each must lie in the space.
         */
        public Builder known(List<Configuration> configurations) {
            List<Configuration> checked = new ArrayList<>();
            for (Configuration c : configurations) {
                checked.add(space.configuration(c.values()));
            }
            this.known = List.copyOf(checked);
            return this;
        }

        /** Called with each finished trial, in id order, on the thread that called {@link #run}. */
        public Builder listener(Consumer<Trial> listener) {
            this.listener = listener;
            return this;
        }

        /** Runs the search to its end and returns the full history. */
        public SearchResult run(Objective objective) {
            Objects.requireNonNull(objective, "objective");
            return new HyperparameterSearch(this).run(objective);
        }

        private static int requirePositive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("search: " + name + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
