package io.jgrad.select;

import io.jgrad.select.compare.CandidateResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row of a selection's leaderboard: a family's default configuration as step 3 compared it, or the leader's
 * configuration that step 4's search found, cross-validated over the same folds.
 *
 * @param rank   the row's place, from 1 (best)
 * @param result the configuration's cross-validated result
 * @param tuned  whether the configuration is the search's (else the family's default)
 */
public record LeaderboardRow(int rank, CandidateResult result, boolean tuned) {

    /**
     * The rows of a leaderboard: the compared defaults and, when the chosen configuration is not the leader's default,
     * the chosen one as a tuned row, best first by {@code metric} (a NaN mean last; the tuned row before a default of
     * the same mean).
     *
     * @param compared the compared defaults, best first
     * @param chosen   the chosen configuration (the leader's default when the search found nothing better)
     * @param metric   the ranking metric
     */
    public static List<LeaderboardRow> of(List<CandidateResult> compared, CandidateResult chosen,
                                          SelectionMetric metric) {
        CandidateResult leader = compared.getFirst();
        boolean tuned = !(chosen.family().equals(leader.family()) && chosen.config().equals(leader.config()));
        List<CandidateResult> order = new ArrayList<>(compared);
        int at = 0;
        while (tuned && at < order.size() && !Double.isNaN(order.get(at).mean()) && (Double.isNaN(chosen.mean())
                || metric.better(order.get(at).mean(), chosen.mean()))) {
            at++;
        }
        if (tuned) order.add(at, chosen);
        List<LeaderboardRow> rows = new ArrayList<>();
        for (CandidateResult c : order) rows.add(new LeaderboardRow(rows.size() + 1, c, tuned && c == chosen));
        return rows;
    }

    /** The chosen configuration's row: the tuned one, or else the first. */
    public static LeaderboardRow chosen(List<LeaderboardRow> rows) {
        return rows.stream().filter(LeaderboardRow::tuned).findFirst().orElse(rows.getFirst());
    }

    /**
     * The row the chosen configuration is compared with: the best row of another family than the chosen one's (null
     * when every row is of that family).
     */
    public static LeaderboardRow runnerUp(List<LeaderboardRow> rows) {
        String family = chosen(rows).result().family();
        return rows.stream().filter(r -> !r.result().family().equals(family)).findFirst().orElse(null);
    }

    /** {@code tuned} or {@code default}. */
    public String kind() { return tuned ? "tuned" : "default"; }

    /** The row in a few words, e.g. {@code mlp (rank 1, tuned)}. */
    public String label() { return String.format(Locale.ROOT, "%s (rank %d, %s)", result.family(), rank, kind()); }
}
