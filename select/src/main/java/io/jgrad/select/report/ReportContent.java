package io.jgrad.select.report;

import io.jgrad.metrics.ConfusionMatrix;
import io.jgrad.select.Budget;
import io.jgrad.select.LeaderboardRow;
import io.jgrad.select.SelectionReport;
import io.jgrad.select.Trial;
import io.jgrad.select.candidates.Dropped;
import io.jgrad.select.candidates.Screened;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.ClassScores;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A selection report as sections of sentences and tables, the same for every format. */
final class ReportContent {
    private ReportContent() {}

    static List<Section> of(SelectionReport r) {
        List<Section> out = new ArrayList<>();
        out.add(profile(r));
        out.add(screening(r));
        out.add(leaderboard(r));
        out.add(tuning(r));
        out.add(chosen(r));
        out.add(test(r));
        out.add(new Section("Learning curves", List.of("Training and validation loss of the chosen configuration on"
                + " each fold (early stopping kept the best validation epoch), and the final fit on"
                + " train+validation (" + r.finalHistory().size() + " epochs, the folds' mean best epoch)."
                + (r.profile().task().isClassification() ? "" : " Regression losses are on the target standardised"
                + " with the training rows' mean and standard deviation; every metric is in the target's units.")),
                List.of(), Section.Chart.LEARNING_CURVES));
        return out;
    }

    private static Section profile(SelectionReport r) {
        var p = r.profile();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("", ""));
        rows.add(List.of("modality", p.modality().name().toLowerCase(Locale.ROOT)));
        rows.add(List.of("task", p.task().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        rows.add(List.of("examples", r.developmentRows() + r.testRows() + " (" + r.developmentRows()
                + " development, " + r.testRows() + " test)"));
        rows.add(List.of("input shape", p.inputShape().toString()));
        if (p.tokenIds() > 0) {
            rows.add(List.of("token ids", p.tokenIds() + " (the vocabulary, padding and unknown)"));
        }
        if (p.task().isClassification()) {
            rows.add(List.of("classes", p.classes() + ": " + String.join(", ", p.classNames())));
            rows.add(List.of("imbalance ratio", fmt(p.imbalanceRatio(), 2)));
        }
        rows.add(List.of("metric", r.metric().key() + (r.metric().higherIsBetter() ? " (higher is better)"
                : " (lower is better)")));
        rows.add(List.of("validation", r.resampling()));
        rows.add(List.of("seed", Long.toString(r.seed())));
        rows.add(List.of("budget", budget(r.budget())));
        rows.add(List.of("time taken", fmt(r.seconds(), 1) + " s"));
        return new Section("Task and data", p.findings(), List.of(rows), null);
    }

    private static Section screening(SelectionReport r) {
        List<List<String>> kept = new ArrayList<>();
        kept.add(List.of("family", "description", "parameters", "multiply-adds / example", "training memory",
                "s / step", "latency / example", "est. time"));
        for (Screened s : r.screened()) {
            kept.add(List.of(s.family().name(), s.family().description(), count(s.cost().parameters()),
                    count(s.cost().multiplyAddsPerSample()), bytes(s.cost().trainingMemoryBytes()),
                    fmt(s.probe().secondsPerStep(), 4), fmt(s.probe().latencyNanosPerSample() / 1e6, 3) + " ms",
                    fmt(s.estimatedSeconds(), 0) + " s"));
        }
        List<List<String>> dropped = new ArrayList<>();
        dropped.add(List.of("family", "description", "why", "reason"));
        for (Dropped d : r.dropped()) {
            dropped.add(List.of(d.family(), d.description(), d.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    d.reason()));
        }
        List<List<List<String>>> tables = new ArrayList<>();
        tables.add(kept);
        if (dropped.size() > 1) tables.add(dropped);
        return new Section("Pre-screen under the budget", List.of("Each family's default configuration was built,"
                + " its cost estimated from the model and measured by a short timed probe on this machine;"
                + " families that cannot fit the budget were dropped (second table)."), tables, null);
    }

    private static Section leaderboard(SelectionReport r) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("rank", "family", "configuration", r.metric().key() + " mean ± std", "fold scores", "time",
                "hyperparameters"));
        List<LeaderboardRow> board = r.leaderboardRows();
        for (LeaderboardRow row : board) {
            CandidateResult c = row.result();
            List<String> scores = new ArrayList<>();
            for (double s : c.scores()) scores.add(fmt(s, 4));
            rows.add(List.of(Integer.toString(row.rank()), c.family(), row.tuned() ? "tuned (step 4)" : "default",
                    fmt(c.mean(), 4) + " ± " + fmt(c.std(), 4), String.join(" ", scores), fmt(c.seconds(), 1) + " s",
                    c.config().toString()));
        }
        List<String> text = new ArrayList<>();
        text.add("Every candidate trained and validated on the same folds (" + r.resampling()
                + ") with the same seeds: each family's default configuration"
                + (LeaderboardRow.chosen(board).tuned() ? " and, marked tuned, the leader's configuration the"
                + " tuning search found." : "; the tuning search found no configuration better than the leader's"
                + " default."));
        text.add(r.comparison() == null ? "Only one family was compared: no paired test."
                : "Paired comparison of the chosen row with the best row of another family: "
                + r.comparison().verdict() + ".");
        return new Section("Leaderboard", text, List.of(rows), null);
    }

    private static Section tuning(SelectionReport r) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("trial", r.metric().key(), "hyperparameters", "epochs", "time", "note"));
        for (Trial t : r.trials()) {
            rows.add(List.of(Integer.toString(t.number()), t.succeeded() ? fmt(t.score(), 4) : "-",
                    t.config().toString(), Integer.toString(t.epochs()), fmt(t.seconds(), 1) + " s",
                    t.succeeded() ? "" : "failed: " + t.failure()));
        }
        return new Section("Tuning", List.of("Tuner: " + r.tuner() + ", " + r.trials().size() + " trial(s); the chosen"
                + " family: " + r.chosenFamily() + "."), List.of(rows), Section.Chart.CONVERGENCE);
    }

    private static Section chosen(SelectionReport r) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("hyperparameter", "value"));
        r.chosenConfig().values().forEach((k, v) -> rows.add(List.of(k, String.valueOf(v))));
        rows.add(List.of("epochs (final fit)", Integer.toString(r.finalHistory().size())));
        r.inputEncoding().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> rows.add(List.of(e.getKey(), e.getValue())));
        return new Section("Chosen model: " + r.chosenFamily(), List.of(String.format(Locale.ROOT,
                "Cross-validated %s %.4f ± %.4f; trained on train+validation, then evaluated once on the test rows.",
                r.metric().key(), r.chosen().mean(), r.chosen().std())), List.of(rows), null);
    }

    private static Section test(SelectionReport r) {
        List<List<List<String>>> tables = new ArrayList<>();
        List<List<String>> figures = new ArrayList<>();
        figures.add(List.of("metric", "test"));
        r.test().metrics().forEach((k, v) -> figures.add(List.of(k, fmt(v, 4))));
        tables.add(figures);
        if (!r.test().perClass().isEmpty()) {
            List<List<String>> classes = new ArrayList<>();
            classes.add(List.of("class", "precision", "recall", "f1", "support"));
            for (ClassScores c : r.test().perClass()) {
                classes.add(List.of(c.name(), fmt(c.precision(), 4), fmt(c.recall(), 4), fmt(c.f1(), 4),
                        Long.toString(c.support())));
            }
            tables.add(classes);
            tables.add(confusion(r.test().confusion(), r.profile().classNames()));
        }
        return new Section("Test", List.of(r.testLine()), tables,
                r.test().confusion() == null ? null : Section.Chart.CONFUSION_MATRIX);
    }

    private static List<List<String>> confusion(ConfusionMatrix cm, List<String> names) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("truth \\ predicted");
        header.addAll(names);
        rows.add(header);
        for (int t = 0; t < cm.classes(); t++) {
            List<String> row = new ArrayList<>();
            row.add(names.get(t));
            for (int p = 0; p < cm.classes(); p++) row.add(Long.toString(cm.count(t, p)));
            rows.add(row);
        }
        return rows;
    }

    static String budget(Budget b) {
        List<String> parts = new ArrayList<>();
        parts.add("time " + (b.wallClock().toDays() >= 100 ? "unlimited" : b.wallClock().toMillis() / 1000.0 + " s"));
        if (b.maxParameters() != Long.MAX_VALUE) parts.add("parameters " + count(b.maxParameters()));
        if (b.maxMemoryBytes() != Long.MAX_VALUE) parts.add("memory " + bytes(b.maxMemoryBytes()));
        if (b.maxLatencyNanos() != Long.MAX_VALUE) parts.add("latency " + fmt(b.maxLatencyNanos() / 1e6, 3) + " ms");
        return String.join(", ", parts);
    }

    static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String count(long n) { return String.format(Locale.ROOT, "%,d", n); }

    static String bytes(long n) {
        if (n < 1 << 20) return fmt(n / 1024.0, 1) + " KiB";
        if (n < 1L << 30) return fmt(n / (double) (1 << 20), 1) + " MiB";
        return fmt(n / (double) (1L << 30), 2) + " GiB";
    }
}
