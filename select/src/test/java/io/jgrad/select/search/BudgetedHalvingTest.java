package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetedHalvingTest {

    /** 3 x 3 x 2 x 2 = 36 configurations. */
    private static final SearchSpace FINITE = SearchSpace.builder()
            .ordinal("depth", 1, 2, 3).ordinal("width", 32, 64, 128).ordinal("lr", 1e-3, 1e-2)
            .categorical("norm", "none", "batch").build();

    private static final SearchSpace UNBOUNDED = SearchSpace.builder()
            .real("x", -1.0, 1.0).logReal("lr", 1e-4, 1e-1).categorical("activation", "relu", "tanh").build();

    /** Higher with more depth and width, lr 1e-2 and batch norm; the resource adds a small, equal gain to all. */
    private static double score(Configuration c, TrialContext ctx) {
        double s = c.getInt("depth") + Math.log(c.getInt("width")) + (c.getDouble("lr") > 5e-3 ? 1 : 0)
                + (c.getString("norm").equals("batch") ? 0.5 : 0);
        return s + 0.01 * ctx.resource();
    }

    private static double cost(HyperbandSchedule.Bracket b) {
        return b.rungs().stream().mapToDouble(r -> r.configurations() * r.resource()).sum();
    }

    @Test
    void thePlanSpendsAtMostTheBudgetAndEndsAtTheFullResource() {
        for (double full : new double[] {1, 4, 9, 10, 27, 30, 50}) {
            for (double trials : new double[] {1, 1.5, 2, 4, 14, 40}) {
                for (long available : new long[] {1, 5, 16, 71, Long.MAX_VALUE}) {
                    double budget = trials * full;
                    var plan = BudgetedHalving.of(3, 1).plan(full, budget, available).orElseThrow();
                    String what = "R " + full + ", budget " + budget + ", " + available + " available: " + plan;
                    assertTrue(cost(plan) <= budget + 1e-9, what);
                    List<HyperbandSchedule.Rung> rungs = plan.rungs();
                    assertEquals(full, rungs.getLast().resource(), what);
                    assertTrue(rungs.getLast().configurations() >= 1, what);
                    assertTrue(rungs.getFirst().configurations() <= available, what);
                    for (int i = 1; i < rungs.size(); i++) {
                        assertTrue(rungs.get(i).resource() > rungs.get(i - 1).resource(), what);
                        assertTrue(rungs.get(i).configurations() <= rungs.get(i - 1).configurations(), what);
                        assertEquals(Math.rint(rungs.get(i - 1).resource()), rungs.get(i - 1).resource(), what);
                    }
                }
            }
        }
        assertTrue(BudgetedHalving.of(3, 1).plan(10, 9.5, 100).isEmpty(), "no full trial fits");
        assertThrows(IllegalArgumentException.class, () -> BudgetedHalving.of(3).plan(10, Double.POSITIVE_INFINITY, 5));
        assertThrows(IllegalArgumentException.class, () -> BudgetedHalving.of(1));
        assertThrows(IllegalArgumentException.class, () -> BudgetedHalving.of(3, 0.5));
    }

    /** What a plan costs when each promotion is charged only the resource it adds (a resumed configuration). */
    private static double resumedCost(HyperbandSchedule.Bracket b) {
        double total = 0, previous = 0;
        for (HyperbandSchedule.Rung r : b.rungs()) {
            total += r.configurations() * (r.resource() - previous);
            previous = r.resource();
        }
        return total;
    }

    @Test
    void aResumedPlanChargesPromotionsTheirExtraEpochsStaysInTheBudgetAndScreensAtLeastAsMany() {
        for (double full : new double[] {1, 4, 9, 10, 27, 30, 50}) {
            for (double trials : new double[] {1, 1.5, 2, 4, 7, 14, 40}) {
                for (long available : new long[] {1, 5, 15, 16, 71, Long.MAX_VALUE}) {
                    double budget = trials * full;
                    var resumed = BudgetedHalving.of(3).plan(full, budget, available, true).orElseThrow();
                    var restarted = BudgetedHalving.of(3).plan(full, budget, available, false).orElseThrow();
                    String what = "R " + full + ", budget " + budget + ", " + available + " available: " + resumed
                            + " against " + restarted;
                    assertTrue(resumedCost(resumed) <= budget + 1e-9, what);
                    List<HyperbandSchedule.Rung> rungs = resumed.rungs();
                    assertEquals(full, rungs.getLast().resource(), what);
                    assertTrue(rungs.getFirst().configurations() <= available, what);
                    for (int i = 1; i < rungs.size(); i++) {
                        assertTrue(rungs.get(i).resource() > rungs.get(i - 1).resource(), what);
                        assertTrue(rungs.get(i).configurations() <= rungs.get(i - 1).configurations(), what);
                    }
                    // (it may take a more aggressive bracket that screens more, so fewer may reach the full resource)
                    assertTrue(rungs.getFirst().configurations() >= restarted.rungs().getFirst().configurations(),
                            "screens at least as many: " + what);
                }
            }
        }
        assertEquals(BudgetedHalving.of(3, 1).plan(10, 30, 100), BudgetedHalving.of(3, 1).plan(10, 30, 100, false),
                "the plan without resuming is the one charged in full");
    }

    @Test
    void resumingTheTablesMlpSearchScreensAndPromotesMoreWithTheSameBudget() {
        // 71 configurations besides the default, 30 epochs, 14 full trials' worth: 44 x 3 + 16 x 10 + 4 x 30 = 412
        // charged in full; resumed, 56 x 3 + 18 x 7 + 6 x 20 = 414
        assertEquals(List.of(new HyperbandSchedule.Rung(44, 3), new HyperbandSchedule.Rung(16, 10),
                new HyperbandSchedule.Rung(4, 30)), BudgetedHalving.of(3).plan(30, 420, 71, false).orElseThrow()
                .rungs());
        var resumed = BudgetedHalving.of(3).plan(30, 420, 71, true).orElseThrow();
        assertEquals(List.of(new HyperbandSchedule.Rung(56, 3), new HyperbandSchedule.Rung(18, 10),
                new HyperbandSchedule.Rung(6, 30)), resumed.rungs());
        assertEquals(414, resumedCost(resumed), 1e-9);
        // half of it, each of two tuned families' share: 29 x 3 + 9 x 7 + 3 x 20 = 210
        assertEquals(List.of(new HyperbandSchedule.Rung(29, 3), new HyperbandSchedule.Rung(9, 10),
                new HyperbandSchedule.Rung(3, 30)), BudgetedHalving.of(3).plan(30, 210, 71, true).orElseThrow()
                .rungs());
    }

    @Test
    void aResumingSearchIsChargedEachPromotionsExtraEpochsAndScreensMore() {
        double budget = 6 * 9;
        SearchResult r = HyperparameterSearch.over(FINITE).strategy(BudgetedHalving.of(3, 1)).resource(9).seed(4)
                .maxResource(budget).maxTrials(1000).resumableObjective(true).run(BudgetedHalvingTest::score);
        var plan = BudgetedHalving.of(3, 1).plan(9, budget, 36, true).orElseThrow();
        var restarted = BudgetedHalving.of(3, 1).plan(9, budget, 36, false).orElseThrow();
        assertEquals(StopReason.EXHAUSTED, r.stopReason());
        assertEquals(resumedCost(plan), r.totalResource(), 1e-9);
        assertTrue(r.totalResource() <= budget);
        assertEquals(plan.rungs().stream().mapToInt(HyperbandSchedule.Rung::configurations).sum(), r.trials().size());
        assertTrue(plan.rungs().getFirst().configurations() > restarted.rungs().getFirst().configurations(),
                plan + " against " + restarted);
        for (Trial t : r.trials()) {
            double earlier = t.continues() < 0 ? 0 : r.trials().get(t.continues()).resource();
            assertEquals(t.resource() - earlier, t.charged(), 1e-9, t.toString());
        }
    }

    @Test
    void thePlanScreensAFiniteSpaceWholeAtTheHighestResourceThatAllows() {
        // 5 full trials of 9 epochs: all 6 configurations fit with one halving (6 x 3 + 2 x 9 = 36), and the 9
        // epochs left promote a third (6 x 3 + 3 x 9 = 45)
        var plan = BudgetedHalving.of(3, 1).plan(9, 45, 6).orElseThrow();
        assertEquals(List.of(new HyperbandSchedule.Rung(6, 3), new HyperbandSchedule.Rung(3, 9)), plan.rungs());
        // 4 configurations: the budget evaluates each with the full resource
        assertEquals(List.of(new HyperbandSchedule.Rung(4, 9)), BudgetedHalving.of(3, 1).plan(9, 45, 4).orElseThrow()
                .rungs());
        // an unbounded space: the most configurations, from the minimum resource
        var unbounded = BudgetedHalving.of(3, 1).plan(9, 45, Long.MAX_VALUE).orElseThrow();
        assertEquals(1, unbounded.rungs().getFirst().resource());
        assertTrue(unbounded.rungs().getFirst().configurations() >= 15, unbounded.toString());
        var floor = BudgetedHalving.of(3).plan(9, 45, Long.MAX_VALUE).orElseThrow();
        assertEquals(BudgetedHalving.DEFAULT_MIN_RESOURCE, floor.rungs().getFirst().resource(), "the default floor");
        assertEquals(List.of(new HyperbandSchedule.Rung(2, 2)), BudgetedHalving.of(3).plan(2, 4, 10).orElseThrow()
                .rungs(), "a full resource under the floor: full trials only");
    }

    @Test
    void aSearchStaysInItsBudgetPromotesTheBestAndSkipsTheKnownConfiguration() {
        Configuration known = FINITE.configuration(Map.of("depth", 3, "width", 128, "lr", 1e-2, "norm", "batch"));
        double budget = 6 * 9;
        SearchResult r = HyperparameterSearch.over(FINITE).strategy(BudgetedHalving.of(3, 1)).resource(9).seed(4)
                .maxResource(budget).maxTrials(1000).known(List.of(known)).run(BudgetedHalvingTest::score);

        var plan = BudgetedHalving.of(3, 1).plan(9, budget, 35).orElseThrow();
        assertEquals(StopReason.EXHAUSTED, r.stopReason());
        assertEquals(cost(plan), r.totalResource(), 1e-9, "charged in full: a promotion restarts");
        assertTrue(r.totalResource() <= budget);
        int first = plan.rungs().getFirst().configurations();
        Set<Configuration> screened = new HashSet<>();
        r.trials().subList(0, first).forEach(t -> screened.add(t.configuration()));
        assertEquals(first, screened.size(), "the first rung's configurations are distinct");
        assertFalse(r.trials().stream().anyMatch(t -> t.configuration().equals(known)), "the known one is not rerun");

        int start = 0;
        for (int i = 1; i < plan.rungs().size(); i++) {
            int size = plan.rungs().get(i - 1).configurations();
            List<Trial> previous = r.trials().subList(start, start + size);
            List<Trial> next = r.trials().subList(start + size, start + size + plan.rungs().get(i).configurations());
            double worstPromoted = next.stream().mapToDouble(t -> r.trials().get(t.continues()).score()).min()
                    .orElseThrow();
            long better = previous.stream().filter(t -> t.score() > worstPromoted).count();
            assertTrue(better < next.size(), "rung " + i + " promotes the best of rung " + (i - 1));
            for (Trial t : next) {
                assertTrue(t.continues() >= start && t.continues() < start + size, "continues the rung before");
                assertEquals(r.trials().get(t.continues()).configuration(), t.configuration());
                assertEquals(plan.rungs().get(i).resource(), t.resource());
            }
            start += size;
        }
        assertEquals(9, r.best().orElseThrow().resource());
    }

    @Test
    void theSameSeedGivesTheSameTrialsAndAnotherSeedOtherDraws() {
        var a = HyperparameterSearch.over(UNBOUNDED).strategy(BudgetedHalving.of(3, 1)).resource(9).seed(11)
                .maxResource(36).maxTrials(1000).run((c, ctx) -> -Math.abs(c.getDouble("x")) + 0.01 * ctx.resource());
        var b = HyperparameterSearch.over(UNBOUNDED).strategy(BudgetedHalving.of(3, 1)).resource(9).seed(11)
                .maxResource(36).maxTrials(1000).run((c, ctx) -> -Math.abs(c.getDouble("x")) + 0.01 * ctx.resource());
        var other = HyperparameterSearch.over(UNBOUNDED).strategy(BudgetedHalving.of(3, 1)).resource(9).seed(12)
                .maxResource(36).maxTrials(1000).run((c, ctx) -> -Math.abs(c.getDouble("x")) + 0.01 * ctx.resource());
        assertEquals(a.trials().stream().map(t -> t.configuration() + " " + t.resource() + " " + t.score()).toList(),
                b.trials().stream().map(t -> t.configuration() + " " + t.resource() + " " + t.score()).toList());
        assertEquals(a.trials().size(), other.trials().size(), "the plan depends on the budget, not the seed");
        assertNotEquals(a.trials().getFirst().configuration(), other.trials().getFirst().configuration());
        assertTrue(a.totalResource() <= 36);
    }

    @Test
    void aFailingTrialIsRecordedAndNeverPromoted() {
        SearchResult r = HyperparameterSearch.over(FINITE).strategy(BudgetedHalving.of(3, 1)).resource(9).seed(2)
                .maxResource(54).maxTrials(1000).run((c, ctx) -> {
                    if (c.getInt("depth") == 3) {
                        throw new TrialFailedException("diverged");
                    }
                    return score(c, ctx);
                });
        List<Trial> failed = r.failures();
        assertFalse(failed.isEmpty());
        assertTrue(failed.stream().allMatch(t -> t.failure().equals("diverged") && Double.isNaN(t.score())));
        for (Trial t : r.trials()) {
            if (t.continues() >= 0) {
                assertTrue(r.trials().get(t.continues()).completed(), "promoted a failed trial: " + t);
            }
        }
        assertEquals(9, r.best().orElseThrow().resource(), "the search went on to the full resource");
        assertTrue(r.best().orElseThrow().completed());
    }

    @Test
    void withoutABudgetItSaysWhatToSet() {
        var e = assertThrows(IllegalArgumentException.class, () -> HyperparameterSearch.over(FINITE)
                .strategy(BudgetedHalving.of(3, 1)).resource(9).run((c, ctx) -> 0));
        assertTrue(e.getMessage().contains("maxResource"), e.getMessage());
    }
}
