package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The states a search lets a resuming objective keep: a rung's until the next is chosen, then the promoted ones'. */
class ResumedStatesTest {

    private static final SearchSpace SPACE = SearchSpace.builder()
            .ordinal("depth", 1, 2, 3).ordinal("width", 32, 64, 128).ordinal("lr", 1e-3, 1e-2)
            .categorical("norm", "none", "batch").build();

    /**
     * A resuming objective that "trains" by counting epochs: it saves each trial's epoch count, continues a promoted
     * trial from its predecessor's, and records what it holds and what the search discards.
     */
    private static final class Counting implements Objective {
        final Map<Integer, Integer> saved = new HashMap<>();
        final List<Integer> discarded = new ArrayList<>();
        final Map<Double, Integer> mostHeldPerResource = new HashMap<>();
        final boolean failDeep;

        Counting(boolean failDeep) {
            this.failDeep = failDeep;
        }

        @Override
        public double evaluate(Configuration c, TrialContext ctx) {
            int done = 0;
            if (ctx.continuesEarlierTrial()) {
                Integer earlier = saved.remove(ctx.previousTrialId());
                assertTrue(earlier != null, "trial " + ctx.previousTrialId() + "'s state is still kept");
                assertEquals(ctx.previousEpochs(), earlier);
                done = earlier;
            }
            mostHeldPerResource.merge(ctx.resource(), saved.size() + 1, Math::max);
            if (failDeep && c.getInt("depth") == 3) {
                throw new TrialFailedException("diverged");
            }
            saved.put(ctx.trialId(), ctx.epochs());
            return c.getInt("depth") + Math.log(c.getInt("width")) + (c.getDouble("lr") > 5e-3 ? 1 : 0)
                    + 0.01 * (ctx.epochs() - done) + 0.01 * done;
        }

        @Override
        public void discard(int trialId) {
            assertFalse(discarded.contains(trialId), "trial " + trialId + " discarded twice");
            discarded.add(trialId);
            saved.remove(trialId);
        }
    }

    private static SearchResult halving(Counting objective) {
        return HyperparameterSearch.over(SPACE).strategy(BudgetedHalving.of(3, 1)).resource(9).seed(3)
                .maxResource(6 * 9).maxTrials(1000).resumableObjective(true).run(objective);
    }

    @Test
    void aRungsStatesAreDroppedOnceTheNextRungIsChosenAndAllWhenTheSearchEnds() {
        Counting objective = new Counting(false);
        SearchResult r = halving(objective);
        var plan = BudgetedHalving.of(3, 1).plan(9, 6 * 9, 36, true).orElseThrow();
        assertEquals(3, plan.rungs().size(), plan.toString());
        for (HyperbandSchedule.Rung rung : plan.rungs()) {
            assertTrue(objective.mostHeldPerResource.get(rung.resource()) <= rung.configurations(),
                    "at most one rung's states while rung " + rung + " runs: "
                            + objective.mostHeldPerResource.get(rung.resource()));
        }
        assertTrue(objective.saved.isEmpty(), "nothing kept after the search: " + objective.saved);
        List<Integer> continued = r.trials().stream().filter(t -> t.continues() >= 0).map(Trial::continues).toList();
        for (Trial t : r.trials()) {
            assertTrue(continued.contains(t.id()) != objective.discarded.contains(t.id()),
                    "trial " + t.id() + " is either continued or discarded, once");
        }
    }

    @Test
    void theSameSeedGivesTheSameTrials() {
        SearchResult resumed = halving(new Counting(false));
        SearchResult again = halving(new Counting(false));
        assertEquals(resumed.trials().stream().map(t -> t.configuration() + " " + t.resource() + " " + t.score())
                .toList(), again.trials().stream().map(t -> t.configuration() + " " + t.resource() + " " + t.score())
                .toList(), "the same seed, the same trials");
    }

    @Test
    void aFailedTrialIsNeverPromotedAndKeepsNoState() {
        Counting objective = new Counting(true);
        SearchResult r = halving(objective);
        assertFalse(r.failures().isEmpty());
        for (Trial t : r.trials()) {
            if (t.continues() >= 0) {
                assertTrue(r.trials().get(t.continues()).completed(), "promoted a failed trial: " + t);
            }
        }
        assertTrue(objective.saved.isEmpty());
        assertTrue(r.best().orElseThrow().completed());
        assertEquals(9, r.best().orElseThrow().resource());
    }

    @Test
    void aSearchWhoseObjectiveRestartsChargesPromotionsInFullAndDiscardsNothing() {
        Counting objective = new Counting(false);
        SearchResult r = HyperparameterSearch.over(SPACE).strategy(BudgetedHalving.of(3, 1)).resource(9).seed(3)
                .maxResource(6 * 9).maxTrials(1000).run(objective);
        assertTrue(r.trials().stream().anyMatch(t -> t.continues() >= 0), "the case has promotions");
        for (Trial t : r.trials()) {
            assertEquals(t.resource(), t.charged(), t.toString());
        }
        assertTrue(objective.discarded.isEmpty(), "discarded " + objective.discarded);
    }

    /** A strategy whose every batch is {@code batches} of the setup and the trials finished so far. */
    private static SearchStrategy scripted(BiFunction<SearchSetup, List<Trial>, List<Proposal>> batches) {
        return new SearchStrategy() {
            @Override
            public String name() { return "scripted"; }

            @Override
            public Proposer start(SearchSetup setup) {
                return (finished, batchSize) -> batches.apply(setup, finished);
            }
        };
    }

    @Test
    void continuingATrialTwiceFailsWithAResumingObjective() {
        SearchStrategy continuesTwice = scripted((setup, finished) -> {
            Configuration c = setup.space().grid(1).get(0);
            return finished.isEmpty() ? List.of(Proposal.of(c, 1, "a"))
                    : finished.size() == 1 ? List.of(new Proposal(c, 2, 0, "b"), new Proposal(c, 3, 0, "c"))
                    : List.of();
        });
        var e = assertThrows(IllegalStateException.class, () -> HyperparameterSearch.over(SPACE)
                .strategy(continuesTwice).resource(3).resumableObjective(true).run(new Counting(false)));
        assertTrue(e.getMessage().contains("continued trial 0"), e.getMessage());
    }

    @Test
    void continuingATrialOfAnOlderBatchFailsWithAResumingObjective() {
        SearchStrategy continuesTheFirstTrialLate = scripted((setup, finished) -> switch (finished.size()) {
            case 0 -> List.of(Proposal.of(setup.space().grid(1).get(0), 1, "a"));
            case 1 -> List.of(Proposal.of(setup.space().grid(1).get(1), 1, "b"));
            case 2 -> List.of(new Proposal(setup.space().grid(1).get(0), 3, 0, "a again"));
            default -> List.of();
        });
        Counting objective = new Counting(false);
        var e = assertThrows(IllegalStateException.class, () -> HyperparameterSearch.over(SPACE)
                .strategy(continuesTheFirstTrialLate).resource(3).resumableObjective(true).run(objective));
        assertTrue(e.getMessage().contains("continued trial 0"), e.getMessage());
        assertTrue(objective.saved.isEmpty(), "the states are dropped when the search fails");
    }
}
