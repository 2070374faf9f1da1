package io.jgrad.select;

import io.jgrad.select.candidates.Dropped;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.candidates.Screened;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.Evaluation;
import io.jgrad.select.compare.PairedComparison;
import io.jgrad.train.History;

import java.util.List;
import java.util.Map;

/**
 * Everything a selection found, for the reports ({@link io.jgrad.select.report}) and for code.
 *
 * @param profile        what the analysis found
 * @param metric         the metric candidates were ranked by
 * @param seed           the selection's seed (the same seed and data give the same figures)
 * @param budget         the user's limits
 * @param resampling     how the development rows were split, in words
 * @param developmentRows rows used for the comparison and the final fit (train + validation)
 * @param testRows       rows held out and touched once, at the end
 * @param screened       the families that passed the pre-screen, with their estimated and measured costs
 * @param dropped        the families left out, with reasons
 * @param leaderboard    the compared candidates (each family's default configuration), best first; the report's
 *                       leaderboard adds the tuned leader ({@link #leaderboardRows()})
 * @param comparison     the chosen candidate against the best other family's row ({@link LeaderboardRow#runnerUp}),
 *                       both named by their rows, or null when only one family was compared
 * @param tuner          the tuner's name
 * @param trials         the tuning trials in order (for the convergence plot)
 * @param chosen         the chosen candidate's cross-validated result (its folds hold the learning curves)
 * @param inputEncoding  how the chosen model's inputs are encoded from the prepared inputs
 * @param finalHistory   the final fit on train+validation
 * @param test           the chosen model's figures on the test rows
 * @param seconds        the selection's wall-clock time
 */
public record SelectionReport(TaskProfile profile, SelectionMetric metric, long seed, Budget budget, String resampling,
                              int developmentRows, int testRows, List<Screened> screened, List<Dropped> dropped,
                              List<CandidateResult> leaderboard, PairedComparison comparison, String tuner,
                              List<Trial> trials, CandidateResult chosen, Map<String, String> inputEncoding,
                              History finalHistory, Evaluation test, double seconds) {

    /** Copies the lists. */
    public SelectionReport {
        screened = List.copyOf(screened);
        dropped = List.copyOf(dropped);
        leaderboard = List.copyOf(leaderboard);
        trials = List.copyOf(trials);
        inputEncoding = Map.copyOf(inputEncoding);
    }

    /**
     * The leaderboard the reports show: every compared family's default and, as its own row, the tuned leader (when
     * the search found a configuration better than the leader's default), all over the same folds, best first.
     */
    public List<LeaderboardRow> leaderboardRows() { return LeaderboardRow.of(leaderboard, chosen, metric); }

    /** The chosen family's name. */
    public String chosenFamily() { return chosen.family(); }

    /** The chosen hyperparameters. */
    public Hyperparameters chosenConfig() { return chosen.config(); }

    /**
     * The search's convergence: per trial, the best score so far among the successful trials that trained with the
     * largest epoch limit (a score after 1 epoch on a Hyperband rung does not compete with one after 30), NaN before
     * the first such trial.
     */
    public double[] searchConvergence() {
        int fullEpochs = trials.stream().filter(Trial::succeeded).mapToInt(Trial::epochs).max().orElse(0);
        double[] best = new double[trials.size()];
        double sofar = Double.NaN;
        for (int i = 0; i < best.length; i++) {
            Trial t = trials.get(i);
            if (t.succeeded() && t.epochs() == fullEpochs && (Double.isNaN(sofar) || metric.better(t.score(), sofar))) {
                sofar = t.score();
            }
            best[i] = sofar;
        }
        return best;
    }

    /** The chosen model's test figure for the selection metric. */
    public double testScore() { return test.value(metric); }

    /** The line the command prints last, e.g. {@code test f1_macro: 0.8123}. */
    public String testLine() {
        return String.format(java.util.Locale.ROOT, "test %s: %.4f", metric.key(), testScore());
    }
}
