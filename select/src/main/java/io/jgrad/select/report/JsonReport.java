package io.jgrad.select.report;

import io.jgrad.io.Json;
import io.jgrad.select.LeaderboardRow;
import io.jgrad.select.SelectionReport;
import io.jgrad.select.Trial;
import io.jgrad.select.candidates.Dropped;
import io.jgrad.select.candidates.Screened;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.ClassScores;
import io.jgrad.select.compare.Evaluation;
import io.jgrad.select.compare.FoldOutcome;
import io.jgrad.select.compare.PairedComparison;
import io.jgrad.train.History;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A selection report as JSON, for programs: every figure of the other reports, NaN written as null. */
public final class JsonReport {
    private JsonReport() {}

    /** The report's JSON text. */
    public static String render(SelectionReport r) { return Json.write(tree(r)) + "\n"; }

    /** The report as nested maps and lists (the JSON's structure). */
    public static Map<String, Object> tree(SelectionReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        var p = r.profile();
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("modality", lower(p.modality().name()));
        profile.put("task", lower(p.task().name()));
        profile.put("samples", p.samples());
        profile.put("input_shape", p.inputShape());
        if (p.tokenIds() > 0) profile.put("token_ids", p.tokenIds());
        profile.put("classes", p.classNames());
        profile.put("imbalance_ratio", num(p.imbalanceRatio()));
        profile.put("findings", p.findings());
        root.put("profile", profile);
        root.put("metric", r.metric().key());
        root.put("higher_is_better", r.metric().higherIsBetter());
        root.put("seed", r.seed());
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("wall_clock_seconds", r.budget().wallClock().toMillis() / 1000.0);
        budget.put("max_parameters", limit(r.budget().maxParameters()));
        budget.put("max_memory_bytes", limit(r.budget().maxMemoryBytes()));
        budget.put("max_latency_nanos", limit(r.budget().maxLatencyNanos()));
        root.put("budget", budget);
        root.put("resampling", r.resampling());
        root.put("development_rows", r.developmentRows());
        root.put("test_rows", r.testRows());
        root.put("screened", r.screened().stream().map(JsonReport::screened).toList());
        root.put("dropped", r.dropped().stream().map(JsonReport::dropped).toList());
        List<LeaderboardRow> rows = r.leaderboardRows();
        root.put("leaderboard", rows.stream().map(JsonReport::candidate).toList());
        root.put("paired_comparison", r.comparison() == null ? null : comparison(r.comparison(), rows));
        Map<String, Object> tuning = new LinkedHashMap<>();
        tuning.put("tuner", r.tuner());
        tuning.put("trials", r.trials().stream().map(JsonReport::trial).toList());
        tuning.put("best_so_far", nums(r.searchConvergence()));
        root.put("tuning", tuning);
        Map<String, Object> chosen = new LinkedHashMap<>();
        chosen.put("family", r.chosenFamily());
        chosen.put("hyperparameters", r.chosenConfig().values());
        chosen.put("input_encoding", new java.util.TreeMap<>(r.inputEncoding()));
        chosen.put("cv_mean", num(r.chosen().mean()));
        chosen.put("cv_std", num(r.chosen().std()));
        chosen.put("final_epochs", r.finalHistory().size());
        root.put("chosen", chosen);
        Map<String, Object> curves = new LinkedHashMap<>();
        List<Object> folds = new ArrayList<>();
        for (FoldOutcome f : r.chosen().folds()) {
            Map<String, Object> fold = curves(f.history());
            fold.put("fold", f.fold());
            fold.put("best_epoch", f.bestEpoch());
            folds.add(fold);
        }
        curves.put("folds", folds);
        curves.put("final", curves(r.finalHistory()));
        root.put("learning_curves", curves);
        root.put("test", evaluation(r.test()));
        root.put("test_score", num(r.testScore()));
        root.put("seconds", num(r.seconds()));
        return root;
    }

    private static Map<String, Object> screened(Screened s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", s.family().name());
        m.put("description", s.family().description());
        m.put("hyperparameters", s.config().values());
        m.put("parameters", s.cost().parameters());
        m.put("multiply_adds_per_sample", s.cost().multiplyAddsPerSample());
        m.put("activation_bytes_per_batch", s.cost().activationBytesPerBatch());
        m.put("training_memory_bytes", s.cost().trainingMemoryBytes());
        m.put("seconds_per_step", num(s.probe().secondsPerStep()));
        m.put("latency_nanos_per_sample", s.probe().latencyNanosPerSample());
        m.put("estimated_seconds", num(s.estimatedSeconds()));
        return m;
    }

    private static Map<String, Object> dropped(Dropped d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", d.family());
        m.put("description", d.description());
        m.put("kind", lower(d.kind().name()));
        m.put("reason", d.reason());
        m.put("parameters", d.cost() == null ? null : d.cost().parameters());
        return m;
    }

    private static Map<String, Object> candidate(LeaderboardRow row) {
        CandidateResult c = row.result();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", row.rank());
        m.put("family", c.family());
        m.put("configuration", row.kind());
        m.put("hyperparameters", c.config().values());
        m.put("mean", num(c.mean()));
        m.put("std", num(c.std()));
        m.put("fold_scores", nums(c.scores()));
        m.put("seconds", num(c.seconds()));
        return m;
    }

    private static Map<String, Object> comparison(PairedComparison c, List<LeaderboardRow> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best", c.best());
        m.put("best_rank", rankOf(c.best(), rows));
        m.put("runner_up", c.runnerUp());
        m.put("runner_up_rank", rankOf(c.runnerUp(), rows));
        m.put("test", c.test());
        m.put("mean_difference", num(c.meanDifference()));
        m.put("t", num(c.t()));
        m.put("degrees_of_freedom", c.degreesOfFreedom());
        m.put("validation_examples", c.examples() > 0 ? c.examples() : null);
        m.put("p_value", num(c.pValue()));
        m.put("significant", c.significant());
        m.put("verdict", c.verdict());
        return m;
    }

    /** The rank of the leaderboard row {@code label} names, or null. */
    private static Integer rankOf(String label, List<LeaderboardRow> rows) {
        return rows.stream().filter(row -> row.label().equals(label)).map(LeaderboardRow::rank).findFirst()
                .orElse(null);
    }

    private static Map<String, Object> trial(Trial t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", t.number());
        m.put("hyperparameters", t.config().values());
        m.put("epochs", t.epochs());
        m.put("charged_epochs", t.chargedEpochs());
        m.put("score", num(t.score()));
        m.put("failure", t.failure());
        m.put("seconds", num(t.seconds()));
        return m;
    }

    private static Map<String, Object> curves(History h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", nums(h.column("loss")));
        if (h.columns().contains("val_loss")) m.put("val_loss", nums(h.column("val_loss")));
        return m;
    }

    private static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        e.metrics().forEach((k, v) -> m.put(k, num(v)));
        if (e.confusion() != null) {
            m.put("confusion_matrix", Arrays.stream(e.confusion().counts())
                    .map(row -> Arrays.stream(row).boxed().toList()).toList());
            List<Object> classes = new ArrayList<>();
            for (ClassScores c : e.perClass()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("class", c.name());
                cm.put("precision", num(c.precision()));
                cm.put("recall", num(c.recall()));
                cm.put("f1", num(c.f1()));
                cm.put("support", c.support());
                classes.add(cm);
            }
            m.put("per_class", classes);
        }
        return m;
    }

    private static Object num(double v) { return Double.isFinite(v) ? v : null; }

    private static List<Object> nums(double[] v) { return Arrays.stream(v).mapToObj(JsonReport::num).toList(); }

    private static Object limit(long v) { return v == Long.MAX_VALUE ? null : v; }

    private static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
