package io.jgrad.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.io.Json;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.candidates.LinearFamily;
import io.jgrad.select.candidates.MlpFamily;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.FoldOutcome;
import io.jgrad.select.compare.PairedComparison;
import io.jgrad.select.compare.Resampling;
import io.jgrad.select.report.HtmlReport;
import io.jgrad.select.report.JsonReport;
import io.jgrad.select.report.MarkdownReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leaderboard shows the tuned leader as its own row, and the paired comparison names the rows it compares. */
class LeaderboardTest {

    /** Tries the leader's default at a higher learning rate and keeps it when it is better. */
    private static final class HigherRate implements Tuner {
        @Override
        public String name() { return "higher rate"; }

        @Override
        public Result tune(Request request) {
            CandidateResult baseline = request.baseline();
            CandidateResult other = request.objective().evaluate(baseline.config().with("lr", 0.1));
            List<Trial> trials = List.of(new Trial(1, baseline.config(), 3, baseline.mean(), null, baseline.seconds()),
                    new Trial(2, other.config(), 3, other.mean(), null, other.seconds()));
            return new Result(request.metric().better(other.mean(), baseline.mean()) ? other : baseline, trials);
        }
    }

    private static SelectionReport select(Tuner tuner) {
        return Selector.builder().resampling(Resampling.kFold(3)).training(3, 2).probeSteps(1).seed(4)
                .families(m -> List.of(new LinearFamily(), new MlpFamily())).tuner(tuner).build()
                .select(TestData.regression(120, 4)).report();
    }

    @Test
    void theTunedLeaderIsARowOnTheSameFoldsAndTheComparisonNamesItsRows() throws Exception {
        SelectionReport r = select(new HigherRate());
        List<LeaderboardRow> rows = r.leaderboardRows();
        assertEquals(3, rows.size(), "two defaults and the tuned leader: " + rows);
        LeaderboardRow tuned = rows.getFirst();
        assertTrue(tuned.tuned(), "the higher rate beats the default in 3 epochs: " + rows);
        assertSame(r.chosen(), tuned.result());
        assertEquals(List.of(1, 2, 3), rows.stream().map(LeaderboardRow::rank).toList());
        assertEquals(r.leaderboard(), rows.subList(1, 3).stream().map(LeaderboardRow::result).toList(),
                "then the compared defaults in their order");
        assertFalse(rows.get(1).tuned() || rows.get(2).tuned());
        assertEquals(0.1, tuned.result().config().doubleValue("lr"));
        assertEquals(r.leaderboard().getFirst().config().with("lr", 0.1), tuned.result().config());
        assertEquals(folds(r.leaderboard().getFirst()), folds(tuned.result()), "the same folds");
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i - 1).result().mean() >= rows.get(i).result().mean(), "best first: " + rows);
        }

        PairedComparison c = r.comparison();
        LeaderboardRow other = rows.stream().filter(x -> !x.result().family().equals(r.chosenFamily())).findFirst()
                .orElseThrow();
        assertEquals(r.chosenFamily() + " (rank 1, tuned)", c.best());
        assertEquals(other.result().family() + " (rank " + other.rank() + ", default)", c.runnerUp());
        assertTrue(c.verdict().startsWith(c.best() + " vs " + c.runnerUp() + ": "), c.verdict());
        assertEquals(PairedComparison.of(r.chosen(), other.result(), r.metric(), 1.0 / 3).meanDifference(),
                c.meanDifference(), "the comparison's figures are those of the two named rows");

        String md = MarkdownReport.render(r);
        assertTrue(md.contains("| 1 | " + r.chosenFamily() + " | tuned (step 4) | "), md);
        assertTrue(md.contains("| " + other.rank() + " | " + other.result().family() + " | default | "), md);
        assertTrue(md.contains(c.verdict()), md);
        String html = HtmlReport.render(r);
        assertTrue(html.contains("<td>tuned (step 4)</td>") && html.contains(c.best() + " vs " + c.runnerUp()), html);

        Map<?, ?> json = (Map<?, ?>) Json.parse(JsonReport.render(r));
        List<?> board = (List<?>) json.get("leaderboard");
        assertEquals(3, board.size());
        Map<?, ?> first = (Map<?, ?>) board.getFirst();
        assertEquals("tuned", first.get("configuration"));
        assertEquals(r.chosen().mean(), ((Json.JsonNumber) first.get("mean")).asDouble());
        assertEquals(0.1, ((Json.JsonNumber) ((Map<?, ?>) first.get("hyperparameters")).get("lr")).asDouble());
        assertEquals("default", ((Map<?, ?>) board.get(1)).get("configuration"));
        Map<?, ?> paired = (Map<?, ?>) json.get("paired_comparison");
        assertEquals(c.best(), paired.get("best"));
        assertEquals(c.runnerUp(), paired.get("runner_up"));
        assertEquals(1, ((Json.JsonNumber) paired.get("best_rank")).asDouble());
        assertEquals(other.rank(), ((Json.JsonNumber) paired.get("runner_up_rank")).asDouble());
    }

    @Test
    void withoutABetterConfigurationTheLeadersDefaultIsTheChosenRow() {
        SelectionReport r = select(new DefaultsTuner());
        List<LeaderboardRow> rows = r.leaderboardRows();
        assertEquals(2, rows.size());
        assertTrue(rows.stream().noneMatch(LeaderboardRow::tuned));
        assertEquals(rows.getFirst().label(), r.comparison().best());
        assertEquals(rows.get(1).label(), r.comparison().runnerUp());
        assertTrue(MarkdownReport.render(r).contains("found no configuration better than the leader's default"));
    }

    @Test
    void aTunedRowTakesItsPlaceByScore() {
        CandidateResult a = result("a", Map.of("lr", 0.1), 0.9), b = result("b", Map.of("lr", 0.1), 0.8);
        CandidateResult tunedA = result("a", Map.of("lr", 0.01), 0.85);
        List<LeaderboardRow> rows = LeaderboardRow.of(List.of(a, b), tunedA, SelectionMetric.R2);
        assertEquals(List.of(a, tunedA, b), rows.stream().map(LeaderboardRow::result).toList(),
                "a tuner that returns a worse configuration still ranks by score");
        assertEquals("a (rank 2, tuned)", LeaderboardRow.chosen(rows).label());
        assertEquals("b (rank 3, default)", LeaderboardRow.runnerUp(rows).label());
        List<LeaderboardRow> mse = LeaderboardRow.of(List.of(b, a), tunedA, SelectionMetric.MSE);
        assertEquals(List.of(b, tunedA, a), mse.stream().map(LeaderboardRow::result).toList(), "lower is better");
        assertNotEquals(a.config(), tunedA.config());
    }

    private static CandidateResult result(String family, Map<String, Object> config, double mean) {
        return new CandidateResult(family, new Hyperparameters(config), List.of(), mean, 0, 1);
    }

    private static List<String> folds(CandidateResult c) {
        List<String> out = new ArrayList<>();
        for (FoldOutcome f : c.folds()) out.add(f.fold());
        return out;
    }
}
