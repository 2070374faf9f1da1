package io.jgrad.select.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hyperband and successive halving: configurations drawn at random start with a small resource (few epochs), and
 * at each rung only the best {@code 1/η} go on with {@code η} times the resource, so poor configurations stop
 * early. The brackets follow {@link HyperbandSchedule}; each rung is proposed as one batch (its trials are
 * independent) and the next rung is chosen once it has finished: its best completed trials, ties in proposal
 * order (a failed trial never goes on, so a rung may promote fewer). A promoted trial names the trial it
 * continues ({@link TrialContext#previousTrialId()}): see {@link Objective} for restarting versus resuming.
 */
public final class Hyperband implements SearchStrategy {
    private final int eta;
    private final double minResource;
    private final int iterations;
    private final int successiveHalvingConfigurations; // > 0: successive halving with this many configurations

    private Hyperband(int eta, double minResource, int iterations, int successiveHalvingConfigurations) {
        if (eta < 2) {
            throw new IllegalArgumentException("Hyperband: eta must be at least 2, got " + eta);
        }
        if (!(minResource > 0)) {
            throw new IllegalArgumentException("Hyperband: minResource must be positive, got " + minResource);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("Hyperband: iterations must be at least 1, got " + iterations);
        }
        this.eta = eta;
        this.minResource = minResource;
        this.iterations = iterations;
        this.successiveHalvingConfigurations = successiveHalvingConfigurations;
    }

    /** Hyperband with reduction factor {@code eta}, minimum resource 1 (epoch), one pass over the brackets. */
    public static Hyperband hyperband(int eta) {
        return new Hyperband(eta, 1, 1, 0);
    }

    /**
     * Hyperband with reduction factor {@code eta}, the smallest resource a trial gets, and {@code iterations} passes
     * over the brackets (each with new configurations).
     */
    public static Hyperband hyperband(int eta, double minResource, int iterations) {
        return new Hyperband(eta, minResource, iterations, 0);
    }

    /**
     * Successive halving with reduction factor {@code eta} and minimum resource 1: {@code eta^s_max}
     * configurations, Hyperband's most aggressive bracket.
     */
    public static Hyperband successiveHalving(int eta) {
        return new Hyperband(eta, 1, 1, -1);
    }

    /** Successive halving of {@code configurations} configurations from {@code minResource} up. */
    public static Hyperband successiveHalving(int eta, double minResource, int configurations) {
        if (configurations < 1) {
            throw new IllegalArgumentException("successive halving: needs at least one configuration, got "
                    + configurations);
        }
        return new Hyperband(eta, minResource, 1, configurations);
    }

    /** The schedule this strategy follows for a full resource {@code fullResource} (per pass). */
    public HyperbandSchedule schedule(double fullResource) {
        if (successiveHalvingConfigurations == 0) {
            return HyperbandSchedule.of(fullResource, minResource, eta);
        }
        int n = successiveHalvingConfigurations > 0 ? successiveHalvingConfigurations
                : (int) StrictMath.pow(eta, HyperbandSchedule.maxBracket(fullResource, minResource, eta));
        return HyperbandSchedule.successiveHalving(fullResource, minResource, eta, n);
    }

    @Override
    public String name() {
        return (successiveHalvingConfigurations == 0 ? "hyperband" : "successive-halving") + "(eta=" + eta + ")";
    }

    @Override
    public Proposer start(SearchSetup setup) {
        HyperbandSchedule schedule = schedule(setup.fullResource());
        Random random = new Random(setup.seed());
        return new Proposer() {
            private int iteration;
            private int bracket;
            private int rung = -1; // the rung proposed last; -1 before a bracket starts
            private int lastBatch; // how many trials the last batch proposed

            @Override
            public List<Proposal> propose(List<Trial> finished, int batchSize) {
                while (true) {
                    HyperbandSchedule.Bracket current = schedule.brackets().get(bracket);
                    if (rung >= 0 && rung + 1 < current.rungs().size()) {
                        rung++;
                        List<Proposal> promoted = promote(finished, current);
                        if (!promoted.isEmpty()) {
                            return promoted;
                        }
                        rung = current.rungs().size() - 1; // every trial of the rung failed: the bracket ends
                    }
                    if (rung >= 0) { // the bracket is complete: on to the next
                        rung = -1;
                        if (++bracket == schedule.brackets().size()) {
                            bracket = 0;
                            if (++iteration == iterations) {
                                return List.of();
                            }
                        }
                        continue;
                    }
                    rung = 0;
                    HyperbandSchedule.Rung first = current.rungs().getFirst();
                    List<Proposal> batch = new ArrayList<>();
                    for (int i = 0; i < first.configurations(); i++) {
                        batch.add(Proposal.of(setup.space().sample(random), first.resource(), stage(current, 0)));
                    }
                    lastBatch = batch.size();
                    return batch;
                }
            }

            /** The best completed trials of the rung just run (failed ones never go on), at the next resource. */
            private List<Proposal> promote(List<Trial> finished, HyperbandSchedule.Bracket current) {
                if (finished.size() < lastBatch) {
                    return List.of(); // the search stopped part-way; nothing sensible to promote
                }
                List<Trial> previous = new ArrayList<>(finished.subList(finished.size() - lastBatch, finished.size()));
                previous.removeIf(t -> !t.completed());
                previous.sort(Trial.bestFirst(setup.direction()));
                HyperbandSchedule.Rung next = current.rungs().get(rung);
                List<Proposal> batch = new ArrayList<>();
                for (Trial t : previous.subList(0, Math.min(next.configurations(), previous.size()))) {
                    batch.add(new Proposal(t.configuration(), next.resource(), t.id(), stage(current, rung)));
                }
                lastBatch = batch.size();
                return batch;
            }
        };
    }

    private static String stage(HyperbandSchedule.Bracket bracket, int rung) {
        return "bracket " + bracket.s() + ", rung " + rung;
    }
}
