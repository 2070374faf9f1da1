package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.io.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class HyperparameterSearchTest {

    private static final SearchSpace SPACE = SearchSpace.builder()
            .real("x", -1.0, 1.0)
            .logReal("lr", 1e-4, 1e-1)
            .integer("depth", 1, 5)
            .categorical("activation", "relu", "tanh", "gelu")
            .build();

    /** A smooth score with its maximum 0 at x = 0.3, lr = 1e-2, depth 3, gelu. */
    private static double score(Configuration c) {
        double x = c.getDouble("x") - 0.3;
        double lr = Math.log10(c.getDouble("lr")) + 2;
        double depth = (c.getInt("depth") - 3) / 2.0;
        double act = c.getString("activation").equals("gelu") ? 0 : 0.3;
        return -(x * x + lr * lr / 4 + depth * depth + act);
    }

    /** The trial without its timing, which is the one thing that varies from run to run. */
    private static String outcome(Trial t) {
        return t.id() + " " + t.configuration().toJson() + " @" + t.resource() + " " + t.status() + " " + t.score()
                + " " + t.failure() + " " + t.continues() + " " + t.stage() + " " + t.charged();
    }

    private static List<String> outcomes(SearchResult r) {
        return r.trials().stream().map(HyperparameterSearchTest::outcome).toList();
    }

    /** The score, after sleeping a few milliseconds that depend on the trial so that trials finish out of order. */
    private static double jitteredScore(Configuration c, TrialContext ctx) throws InterruptedException {
        Thread.sleep((ctx.trialId() * 7919L) % 5);
        return score(c) + 0.01 * ctx.resource();
    }

    @Test
    void sameSeedGivesTheSameTrialsWithOneOrFourThreads() {
        List<SearchStrategy> strategies = List.of(SearchStrategy.random(), SearchStrategy.grid(2),
                BayesianSearch.builder().candidates(200).build(), SearchStrategy.tpe(), SearchStrategy.hyperband(3),
                SearchStrategy.successiveHalving(3));
        for (SearchStrategy strategy : strategies) {
            List<List<String>> runs = new ArrayList<>();
            for (int threads : new int[] {1, 4, 4}) {
                SearchResult r = HyperparameterSearch.over(SPACE).strategy(strategy).seed(11).threads(threads)
                        .batchSize(4).maxTrials(24).resource(9).run(HyperparameterSearchTest::jitteredScore);
                // Hyperband with R = 9 has 22 trials, successive halving 13, the grid 24: they end by themselves
                assertEquals(strategy instanceof Hyperband || strategy instanceof GridSearch ? StopReason.EXHAUSTED
                        : StopReason.MAX_TRIALS,
                        r.stopReason(), strategy.name());
                assertTrue(r.trials().size() >= 13, strategy.name());
                runs.add(outcomes(r));
            }
            assertEquals(runs.get(0), runs.get(1), strategy.name() + ": 1 thread vs 4");
            assertEquals(runs.get(1), runs.get(2), strategy.name() + ": 4 threads twice");
            if (!(strategy instanceof GridSearch)) {
                SearchResult other = HyperparameterSearch.over(SPACE).strategy(strategy).seed(12).batchSize(4)
                        .maxTrials(24).resource(9).run(HyperparameterSearchTest::jitteredScore);
                assertNotEquals(runs.get(0), outcomes(other), strategy.name() + ": another seed");
            }
        }
    }

    @Test
    void strategiesWithoutAModelGiveTheSameTrialsForAnyBatchSize() {
        for (SearchStrategy strategy : List.of(SearchStrategy.random(), SearchStrategy.grid(2),
                SearchStrategy.hyperband(3))) {
            List<List<String>> runs = new ArrayList<>();
            for (int batchSize : new int[] {1, 3, 8}) {
                runs.add(outcomes(HyperparameterSearch.over(SPACE).strategy(strategy).seed(2).batchSize(batchSize)
                        .maxTrials(20).resource(9).run(HyperparameterSearchTest::jitteredScore)));
            }
            assertEquals(runs.get(0), runs.get(1), strategy.name());
            assertEquals(runs.get(0), runs.get(2), strategy.name());
        }
    }

    @Test
    void gridRunsEveryPointOnceThenStops() {
        SearchResult r = HyperparameterSearch.over(SPACE).strategy(SearchStrategy.grid(3)).threads(2).maxTrials(1000)
                .run((c, ctx) -> score(c));
        assertEquals(SPACE.grid(3).size(), r.trials().size());
        assertEquals(3 * 3 * 3 * 3, r.trials().size());
        assertEquals(SPACE.grid(3), r.trials().stream().map(Trial::configuration).toList());
        assertEquals(StopReason.EXHAUSTED, r.stopReason());
        Trial best = r.best().orElseThrow();
        assertEquals("{x=0, lr=0.003162, depth=3, activation=gelu}", best.configuration().toString());
    }

    @Test
    void failedTrialsAreRecordedWithTheirReasonAndTheSearchGoesOn() {
        Objective flaky = (c, ctx) -> switch (ctx.trialId() % 6) {
            case 1 -> throw new TrialFailedException("loss diverged at epoch 3");
            case 2 -> Double.NaN;
            case 3 -> throw new OutOfMemoryError("Java heap space");
            case 4 -> throw new IllegalStateException("boom");
            case 5 -> Double.POSITIVE_INFINITY;
            default -> score(c);
        };
        for (SearchStrategy strategy : List.of(SearchStrategy.random(),
                BayesianSearch.builder().initialTrials(3).candidates(100).build(), new TpeSearch(3, 24, 0.25),
                SearchStrategy.hyperband(3))) {
            SearchResult r = HyperparameterSearch.over(SPACE).strategy(strategy).seed(3).threads(3).resource(9)
                    .maxTrials(30).run(flaky);
            if (strategy instanceof Hyperband) {
                // 22 trials with R = 9 when all complete; a failed trial is not promoted, so fewer here
                assertTrue(r.trials().size() >= 13 && r.trials().size() < 22, r.trials().size() + " trials");
                assertEquals(StopReason.EXHAUSTED, r.stopReason());
                assertTrue(r.trials().stream().filter(t -> t.continues() >= 0)
                        .allMatch(t -> r.trials().get(t.continues()).completed()), "only completed trials go on");
            } else {
                assertEquals(30, r.trials().size(), strategy.name());
            }
            assertEquals(r.trials().stream().filter(t -> t.id() % 6 != 0).count(), r.failures().size(),
                    strategy.name());
            Map<Integer, String> reasons = new HashMap<>();
            for (Trial t : r.failures()) {
                assertEquals(TrialStatus.FAILED, t.status());
                assertTrue(Double.isNaN(t.score()));
                reasons.putIfAbsent(t.id() % 6, t.failure());
            }
            assertEquals("loss diverged at epoch 3", reasons.get(1));
            assertEquals("the objective returned NaN", reasons.get(2));
            assertEquals("out of memory: Java heap space", reasons.get(3));
            assertEquals("IllegalStateException: boom", reasons.get(4));
            assertEquals("the objective returned Infinity", reasons.get(5));
            assertTrue(r.best().orElseThrow().completed());
            assertTrue(r.toJson().contains("\"failure\":\"loss diverged at epoch 3\""));
        }
    }

    @Test
    void aSearchWhoseTrialsAllFailHasNoBest() {
        for (SearchStrategy strategy : List.of(SearchStrategy.bayesian(), SearchStrategy.tpe())) {
            SearchResult r = HyperparameterSearch.over(SPACE).strategy(strategy).maxTrials(12)
                    .run((c, ctx) -> {
                        throw new TrialFailedException("never works");
                    });
            assertEquals(12, r.failures().size());
            assertTrue(r.best().isEmpty());
            assertTrue(Double.isNaN(r.bestSoFar()[11]));
        }
    }

    @Test
    void noTrialStartsAfterTheDeadline() {
        Duration deadline = Duration.ofMillis(400);
        List<Duration> startsAfterDeadline = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        SearchResult r = HyperparameterSearch.over(SPACE).threads(2).maxTrials(100_000).deadline(deadline)
                .run((c, ctx) -> {
                    startsAfterDeadline.add(Duration.between(ctx.deadline(), java.time.Instant.now()));
                    Thread.sleep(30);
                    return score(c);
                });
        long elapsed = System.nanoTime() - t0;
        assertEquals(StopReason.DEADLINE, r.stopReason());
        assertTrue(r.trials().size() >= 2, r.trials().size() + " trials");
        // the search checks the clock just before it calls the objective; 50 ms of slack for the thread to be
        // scheduled between the check and the objective's own clock reading on a loaded machine
        for (Duration late : startsAfterDeadline) {
            assertTrue(late.toMillis() < 50, "a trial started " + late.toMillis() + " ms after the deadline");
        }
        // the search ends once the trials running at the deadline end (30 ms; a second of slack for a loaded machine)
        assertTrue(elapsed < deadline.toNanos() + 1_000_000_000L, "ended after " + elapsed / 1e6 + " ms");
        // a trial that ran after one kept from starting in its batch is dropped, so that ids stay contiguous
        assertTrue(startsAfterDeadline.size() >= r.trials().size());
        for (int i = 0; i < r.trials().size(); i++) {
            assertEquals(i, r.trials().get(i).id());
        }
    }

    @Test
    void aShortBayesianSearchIsRandomForHalfItsTrialsOnly() {
        SearchStrategy gp = BayesianSearch.builder().candidates(100).build();
        SearchResult four = HyperparameterSearch.over(SPACE).strategy(gp).seed(3).maxTrials(4)
                .run((c, ctx) -> score(c));
        assertEquals(List.of("initial", "initial", "model", "model"), four.trials().stream().map(Trial::stage).toList());
        SearchResult twenty = HyperparameterSearch.over(SPACE).strategy(gp).seed(3).maxTrials(20)
                .run((c, ctx) -> score(c));
        assertEquals(5, twenty.trials().stream().filter(t -> t.stage().equals("initial")).count(), "the usual 5");
        assertEquals(four.trials().subList(0, 2).stream().map(Trial::configuration).toList(),
                twenty.trials().subList(0, 2).stream().map(Trial::configuration).toList(), "the same first draws");
    }

    @Test
    void trialAndResourceLimitsStopTheSearch() {
        SearchResult byTrials = HyperparameterSearch.over(SPACE).maxTrials(7).batchSize(4).resource(5)
                .run((c, ctx) -> score(c));
        assertEquals(7, byTrials.trials().size());
        assertEquals(StopReason.MAX_TRIALS, byTrials.stopReason());
        assertEquals(35, byTrials.totalResource(), 1e-12);

        SearchResult byResource = HyperparameterSearch.over(SPACE).maxTrials(100).resource(5).maxResource(23)
                .run((c, ctx) -> score(c));
        assertEquals(4, byResource.trials().size());
        assertEquals(StopReason.MAX_RESOURCE, byResource.stopReason());
        assertEquals(20, byResource.totalResource(), 1e-12);
        assertTrue(byResource.trials().stream().allMatch(t -> t.resource() == 5 && t.charged() == 5));
    }

    @Test
    void hyperbandPromotesTheBestOfEachRungAndChargesByResumeOrRestart() {
        Hyperband hyperband = Hyperband.hyperband(3);
        HyperbandSchedule schedule = hyperband.schedule(27);
        Map<Integer, Long> seeds = new ConcurrentHashMap<>();
        Objective objective = (c, ctx) -> {
            seeds.put(ctx.trialId(), ctx.seed());
            if (ctx.continuesEarlierTrial()) {
                assertEquals(seeds.get(ctx.previousTrialId()), ctx.seed(), "a continued configuration keeps its seed");
                assertTrue(ctx.previousResource() < ctx.resource());
            }
            return score(c);
        };
        SearchResult restart = HyperparameterSearch.over(SPACE).strategy(hyperband).threads(3).resource(27)
                .maxTrials(10_000).run(objective);
        assertEquals(StopReason.EXHAUSTED, restart.stopReason());
        assertEquals(schedule.trials(), restart.trials().size());
        assertEquals(schedule.resourceRestarting(), restart.totalResource(), 1e-9);

        // every promoted trial continues one of the best of the rung before, and carries its configuration
        List<Trial> trials = restart.trials();
        for (Trial t : trials) {
            if (t.continues() < 0) {
                continue;
            }
            Trial previous = trials.get(t.continues());
            assertEquals(previous.configuration(), t.configuration());
            assertEquals(previous.resource() * 3, t.resource(), 1e-9);
            // one pass over the brackets: a stage names one rung of one bracket
            List<Trial> rung = trials.stream().filter(u -> u.stage().equals(previous.stage())).toList();
            long better = rung.stream().filter(u -> u.score() > previous.score()).count();
            long promoted = trials.stream().filter(u -> u.continues() >= 0
                    && trials.get(u.continues()).stage().equals(previous.stage())).count();
            assertTrue(better < promoted, "trial " + previous.id() + " was promoted with " + better + " better");
        }
        assertEquals(27, restart.comparedResource());
        assertEquals(27, restart.best().orElseThrow().resource());

        SearchResult resume = HyperparameterSearch.over(SPACE).strategy(hyperband).resource(27).maxTrials(10_000)
                .resumableObjective(true).run(objective);
        assertEquals(outcomes(restart).stream().map(s -> s.substring(0, s.lastIndexOf(' '))).toList(),
                outcomes(resume).stream().map(s -> s.substring(0, s.lastIndexOf(' '))).toList());
        double increments = 0;
        for (Trial t : resume.trials()) {
            double earlier = t.continues() < 0 ? 0 : resume.trials().get(t.continues()).resource();
            assertEquals(t.resource() - earlier, t.charged(), 1e-9);
            increments += t.resource() - earlier;
        }
        assertEquals(increments, resume.totalResource(), 1e-9);
        assertTrue(resume.totalResource() < restart.totalResource());
    }

    @Test
    void minimisingFindsTheSmallestAndTheCurveNeverGetsWorse() {
        SearchResult r = HyperparameterSearch.over(SPACE).direction(Direction.MINIMIZE).seed(5).maxTrials(40)
                .run((c, ctx) -> -score(c));
        double min = r.trials().stream().mapToDouble(Trial::score).min().orElseThrow();
        assertEquals(min, r.best().orElseThrow().score());
        double[] curve = r.bestSoFar();
        assertEquals(r.trials().getFirst().score(), curve[0]);
        for (int i = 1; i < curve.length; i++) {
            assertTrue(curve[i] <= curve[i - 1]);
        }
        assertEquals(min, curve[curve.length - 1]);
    }

    @Test
    @SuppressWarnings("unchecked")
    void historyIsWrittenAsJson() throws Exception {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        SearchResult r = HyperparameterSearch.over(SPACE).seed(9).maxTrials(6).threads(2)
                .listener(t -> seen.add(t.id()))
                .run((c, ctx) -> ctx.trialId() == 0 ? Double.NaN : score(c));
        assertEquals(List.of(0, 1, 2, 3, 4, 5), seen);
        Map<String, Object> json = (Map<String, Object>) Json.parse(r.toJson());
        assertEquals("random", json.get("strategy"));
        assertEquals("maximize", json.get("direction"));
        assertEquals("max_trials", json.get("stop_reason"));
        List<Map<String, Object>> space = (List<Map<String, Object>>) json.get("space");
        assertEquals(4, space.size());
        assertEquals(Map.of("name", "lr", "type", "real", "low", new Json.JsonNumber("1.0E-4"), "high",
                new Json.JsonNumber("0.1"), "log", true), space.get(1));
        assertEquals(Map.of("name", "activation", "type", "categorical", "choices", List.of("relu", "tanh", "gelu")),
                space.get(3));
        List<Object> curve = (List<Object>) json.get("best_so_far");
        assertEquals(6, curve.size());
        assertNull(curve.get(0));
        assertEquals(r.bestSoFar()[5], ((Json.JsonNumber) curve.get(5)).asDouble());
        List<Map<String, Object>> trials = (List<Map<String, Object>>) json.get("trials");
        assertEquals("failed", trials.get(0).get("status"));
        assertNull(trials.get(0).get("score"));
        assertEquals(Set.of("x", "lr", "depth", "activation"),
                ((Map<String, Object>) trials.get(1).get("configuration")).keySet());
        Map<String, Object> best = (Map<String, Object>) json.get("best");
        assertEquals(r.best().orElseThrow().id(), (int) ((Json.JsonNumber) best.get("id")).asNonNegativeLong());
        assertFalse(r.summary().isEmpty());
        var file = java.nio.file.Files.createTempFile("search", ".json");
        r.writeJson(file);
        assertEquals(r.toJson(), java.nio.file.Files.readString(file));
        java.nio.file.Files.delete(file);
    }
}
