package io.jgrad.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jgrad.Tensor;
import io.jgrad.io.Json;
import io.jgrad.metrics.Metrics;
import io.jgrad.select.analyse.AnalysisOptions;
import io.jgrad.select.analyse.DataAnalyzer;
import io.jgrad.select.analyse.InputEncoding;
import io.jgrad.select.analyse.TargetScaling;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.ConvTextFamily;
import io.jgrad.select.candidates.Dropped;
import io.jgrad.select.candidates.FeatureEncoding;
import io.jgrad.select.candidates.LinearFamily;
import io.jgrad.select.candidates.RecurrentTextFamily;
import io.jgrad.select.candidates.TransformerTextFamily;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.CrossValidation;
import io.jgrad.select.compare.PairedBootstrap;
import io.jgrad.select.compare.PairedComparison;
import io.jgrad.select.compare.Resampling;
import io.jgrad.select.search.SearchStrategy;
import io.jgrad.train.ModelFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectorTest {

    /** CI-sized: 3-fold CV, at most 15 epochs. */
    private static Selector.Builder small() {
        return Selector.builder().resampling(Resampling.kFold(3)).training(15, 3).probeSteps(1)
                .tuner(new DefaultsTuner()); // steps 2-3 here; SearchTunerTest covers the search
    }

    @Test
    void selectsOnIrisWithALeaderboardAPairedTestAndOneTestEvaluation(@TempDir Path dir) throws Exception {
        assumeTrue(TestData.sklearnPresent(), "python3-sklearn's data sets are not installed");
        List<String> lines = new ArrayList<>();
        Selection s = small().metric("accuracy").seed(3).progress(lines::add).build().select(TestData.iris());
        SelectionReport r = s.report();

        assertEquals(120, r.developmentRows());
        assertEquals(30, r.testRows());
        assertEquals(List.of("linear", "mlp"), r.screened().stream().map(x -> x.family().name()).toList());
        assertEquals(2, r.leaderboard().size());
        CandidateResult first = r.leaderboard().getFirst(), second = r.leaderboard().get(1);
        assertTrue(first.mean() >= second.mean(), "the leaderboard is best first");
        assertEquals(3, first.folds().size());
        PairedComparison c = r.comparison();
        assertNotNull(c);
        assertEquals(PairedComparison.TEST_NAME, c.test());
        assertTrue(c.pValue() >= 0 && c.pValue() <= 1 || Double.isNaN(c.t()), c.verdict());
        assertEquals(first.family(), r.chosenFamily());
        assertTrue(r.testScore() > 0.8, "iris test accuracy " + r.testScore());
        assertEquals(30, r.test().confusion().total());
        assertEquals(r.test().value(SelectionMetric.ACCURACY), r.test().metrics().get("accuracy"));
        assertTrue(r.test().metrics().containsKey("f1_weighted"));
        assertTrue(r.test().metrics().containsKey("balanced_accuracy"));
        assertEquals(1, r.trials().size());
        assertTrue(r.finalHistory().size() >= 1);
        assertTrue(lines.size() >= 4, lines.toString());

        s.save(dir);
        for (String f : List.of("model.safetensors", "report.md", "report.html", "report.json")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("Confusion matrix") && html.contains("Search convergence"));
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("src=\"http"),
                "self-contained");
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("## Leaderboard") && md.contains(r.testLine()), md);
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("report.json")));
        assertEquals("accuracy", json.get("metric"));
        assertEquals(2, ((List<?>) json.get("leaderboard")).size());

        var loaded = ModelFiles.loadModel(dir.resolve(Selection.MODEL_FILE));
        assertEquals(List.of("setosa", "versicolor", "virginica"), loaded.card().classNames());
        assertEquals(r.chosenFamily(), loaded.metadata().get(Selection.FAMILY_KEY));
        assertEquals(String.valueOf(r.chosenConfig().values().get("lr")), loaded.card().hyperparameters().get("lr"));
        var x = TestData.iris().inputs();
        assertArrayEquals(s.predict(x).toFloatArray(), loaded.model().call(x).toFloatArray());
    }

    private static void assertArrayEquals(float[] a, float[] b) { assertArrayEquals(a, b, 1e-5f); }

    private static void assertArrayEquals(float[] a, float[] b, float tolerance) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, tolerance);
    }

    @Test
    void ranksBreastCancerCandidatesByRocAuc() throws Exception {
        assumeTrue(TestData.sklearnPresent(), "python3-sklearn's data sets are not installed");
        SelectionReport r = small().training(6, 2).metric("roc_auc").seed(1).build().select(TestData.breastCancer())
                .report();
        assertEquals(113, r.testRows()); // 20% of 212 malignant and 357 benign, rounded per class: 42 + 71
        assertTrue(r.testScore() > 0.95, "test roc_auc " + r.testScore());
        assertEquals(r.test().metrics().get("roc_auc"), r.testScore());
    }

    @Test
    void theSameSeedGivesTheSameReportFigures() {
        PreparedData data = TestData.regression(160, 1);
        SelectionReport a = small().seed(11).build().select(data).report();
        SelectionReport b = small().seed(11).build().select(data).report();
        assertEquals(scores(a), scores(b));
        assertEquals(a.testScore(), b.testScore());
        assertEquals(a.chosenConfig(), b.chosenConfig());
        assertEquals(a.test().metrics(), b.test().metrics());
        assertEquals(SelectionMetric.R2, a.metric());
        assertTrue(a.testScore() > 0.9, "r2 " + a.testScore());
    }

    private static List<Double> scores(SelectionReport r) {
        List<Double> out = new ArrayList<>();
        for (CandidateResult c : r.leaderboard()) for (double s : c.scores()) out.add(s);
        return out;
    }

    @Test
    void regressionPredictionsAreInTheTargetsUnitsAfterASaveAndLoad(@TempDir Path dir) throws Exception {
        PreparedData data = TestData.offsetRegression(200, 7);
        Selector selector = small().seed(7).build();
        Selection s = selector.select(data);
        SelectionReport r = s.report();
        assertTrue(r.testScore() > 0.95, "test r2 " + r.testScore());
        assertTrue(r.test().metrics().get("mae") < 150, "mae in the target's units: " + r.test().metrics());
        Tensor predicted = s.predict(data.inputs());
        assertTrue(Metrics.r2(predicted, data.targets()) > 0.95, "predictions in the target's units");

        s.save(dir);
        var loaded = ModelFiles.loadModel(dir.resolve(Selection.MODEL_FILE));
        TargetScaling scaling = TargetScaling.fromMetadata(loaded.metadata(), "saved");
        assertEquals(s.fitted().targetScaling(), scaling);
        TargetScaling development = TargetScaling.fit(data.targets().indexSelect(0,
                CrossValidation.rows(selector.developmentRows(data))));
        assertEquals(development.mean(), scaling.mean(), 1e-9, "fitted on train+validation, never the test rows");
        assertEquals(development.std(), scaling.std(), 1e-9);
        assertTrue(scaling.mean() > 800 && scaling.mean() < 1200 && scaling.std() > 800, scaling.toString());
        assertArrayEquals(predicted.toFloatArray(), scaling.restore(loaded.model().call(
                s.featureEncoding().apply(data.inputs()))).toFloatArray(), 1e-2f);
    }

    @Test
    void lowerIsBetterMetricsRankAscending() {
        SelectionReport r = small().training(40, 5).metric("mse").seed(2).build().select(TestData.regression(200, 2))
                .report();
        assertTrue(r.leaderboard().getFirst().mean() <= r.leaderboard().getLast().mean());
        assertTrue(r.testScore() < 0.3, "mse " + r.testScore() + " (the target's variance is about 5.3)");
    }

    @Test
    void textComparesTheNgramAndSequenceFamilies() {
        SelectionReport r = small().seed(5).build().select(TestData.text(160, 5)).report();
        assertEquals(List.of(), r.dropped().stream().filter(d -> d.kind() == Dropped.Kind.UNAVAILABLE).toList());
        assertEquals(List.of("cnn1d", "fasttext", "gru", "lstm", "ngram-linear", "transformer"),
                r.leaderboard().stream().map(CandidateResult::family).sorted().toList());
        boolean ngram = List.of("ngram-linear", "fasttext").contains(r.chosenFamily());
        assertEquals(ngram ? "hashed_ngrams" : "token_sequence", r.inputEncoding().get("input_encoding"));
        assertTrue(r.test().metrics().containsKey("roc_auc"));
        assertTrue(r.testScore() > 0.7, "f1_macro " + r.testScore());
    }

    @Test
    void aSavedTextModelCarriesItsEncoding(@TempDir Path dir) throws Exception {
        PreparedData data = TestData.text(60, 6);
        Selection s = small().training(3, 2).seed(6).build().select(data);
        s.save(dir);
        var loaded = ModelFiles.loadModel(dir.resolve(Selection.MODEL_FILE));
        var encoding = io.jgrad.select.candidates.FeatureEncoding.fromDescription(loaded.card().hyperparameters());
        assertEquals(s.featureEncoding(), encoding);
        assertArrayEquals(s.predict(data.inputs()).toFloatArray(),
                loaded.model().call(encoding.apply(data.inputs())).toFloatArray());
    }

    @Test
    void aSelectedSequenceModelIsSavedAndRebuiltFromItsArchitecture(@TempDir Path dir) throws Exception {
        PreparedData data = TestData.wordOrder(60, 7);
        for (CandidateFamily family : List.of(RecurrentTextFamily.gru(), RecurrentTextFamily.lstm(),
                new ConvTextFamily(), new TransformerTextFamily())) {
            Selection s = small().training(2, 1).seed(7).families(m -> List.of(family)).build().select(data);
            assertEquals(family.name(), s.report().chosenFamily());
            Path out = dir.resolve(family.name());
            s.save(out);
            var loaded = ModelFiles.loadModel(out.resolve(Selection.MODEL_FILE));
            assertEquals(family.name(), loaded.metadata().get(Selection.FAMILY_KEY));
            var encoding = FeatureEncoding.fromDescription(loaded.card().hyperparameters());
            assertEquals(new FeatureEncoding.TokenSequence(128, 20_000), encoding, family.name());
            assertArrayEquals(s.predict(data.inputs()).toFloatArray(),
                    loaded.model().call(encoding.apply(data.inputs())).toFloatArray());
        }
    }

    @Test
    void aSavedTableModelCarriesTheAnalysisEncodingFittedOnTheDevelopmentRows(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("x,colour,y\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(',').append(i % 3 == 0 ? "red" : "blue").append(',').append(i < 20 ? "low" : "high")
                    .append('\n');
        }
        Path file = Files.writeString(dir.resolve("t.csv"), csv);
        Selector selector = small().training(3, 2).seed(2).build();
        int[] rows = selector.developmentRows(DataAnalyzer.analyse(file, AnalysisOptions.defaults()));
        assertEquals(32, rows.length, "20% of 40 rows held out for the test");
        for (int i = 1; i < rows.length; i++) assertTrue(rows[i] > rows[i - 1], "increasing, as withFitRows takes");
        PreparedData data = DataAnalyzer.analyse(file, AnalysisOptions.defaults().withFitRows(rows));
        Selection s = selector.select(data);
        assertEquals(32, s.report().developmentRows());
        s.save(dir.resolve("m"));
        var loaded = ModelFiles.loadModel(dir.resolve("m").resolve(Selection.MODEL_FILE));
        assertEquals(data.encoding(), InputEncoding.fromMetadata(loaded.metadata(), "m"));
    }

    @Test
    void aTextCsvWhereWordOrderMattersIsSelectedOnEndToEnd(@TempDir Path dir) throws Exception {
        // Which animal comes first decides the label; both are in every text, never side by side.
        String[] fillers = {"the", "a", "big", "small", "quietly", "park", "saw", "near", "old", "green", "slowly"};
        var g = new io.jgrad.Generator(9);
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < 160; i++) {
            int length = 5 + g.nextInt(8), cat = g.nextInt(length), dog;
            do {
                dog = g.nextInt(length);
            } while (Math.abs(dog - cat) < 2);
            List<String> words = new ArrayList<>();
            for (int j = 0; j < length; j++) {
                words.add(j == cat ? "cat" : j == dog ? "dog" : fillers[g.nextInt(fillers.length)]);
            }
            csv.append(String.join(" ", words)).append(',').append(cat < dog ? "cat_first" : "dog_first").append('\n');
        }
        Path file = Files.writeString(dir.resolve("animals.csv"), csv);
        long start = System.nanoTime();
        Selector selector = small().training(6, 2).search(SearchStrategy.random(), 2).seed(4).build();
        int[] rows = selector.developmentRows(DataAnalyzer.analyse(file, AnalysisOptions.defaults()));
        Selection s = selector.select(DataAnalyzer.analyse(file, AnalysisOptions.defaults().withFitRows(rows)));
        double seconds = (System.nanoTime() - start) / 1e9;
        SelectionReport r = s.report();
        assertEquals(List.of("ngram-linear", "fasttext", "gru", "lstm", "cnn1d", "transformer"),
                r.screened().stream().map(x -> x.family().name()).toList());
        assertEquals(6, r.leaderboard().size());
        assertTrue(List.of("gru", "lstm", "cnn1d", "transformer").contains(r.chosenFamily()), r.chosenFamily());
        assertEquals("token_sequence", r.inputEncoding().get("input_encoding"));
        assertTrue(r.testScore() > 0.8, "f1_macro " + r.testScore());
        assertEquals(15, r.profile().tokenIds(), "11 fillers, cat, dog, padding and unknown");
        assertTrue(Json.write(io.jgrad.select.report.JsonReport.tree(r)).contains("\"token_ids\":15"));
        System.out.printf(java.util.Locale.ROOT, "text CSV selection: %.1f s, chose %s, test f1_macro %.4f%n",
                seconds, r.chosenFamily(), r.testScore());
    }

    @Test
    void imagesCompareMlpCnnAndResNet(@TempDir Path dir) throws Exception {
        PreparedData data = TestData.images(96, 4);
        Selection s = Selector.builder().resampling(Resampling.holdout(0.25)).training(6, 2).probeSteps(1)
                .tuner(new DefaultsTuner()).seed(4).build().select(data);
        SelectionReport r = s.report();
        assertEquals(List.of("mlp", "cnn", "resnet"), r.screened().stream().map(x -> x.family().name()).toList());
        assertEquals(3, r.leaderboard().size());
        PairedComparison c = r.comparison();
        assertEquals(PairedBootstrap.TEST_NAME, c.test(), "one holdout split: the paired bootstrap over its examples");
        assertTrue(c.pValue() > 0 && c.pValue() <= 1, c.verdict());
        assertEquals(r.leaderboard().getFirst().folds().getFirst().predictions().size(), c.examples(),
                "every validation row: " + c.verdict());
        assertTrue(Json.write(io.jgrad.select.report.JsonReport.tree(r)).contains("\"validation_examples\":"
                + c.examples()));
        assertTrue(r.screened().get(1).cost().multiplyAddsPerSample() > 0);
        s.save(dir);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains(c.verdict()) && md.contains("validation examples, p = "), "the report names the test");
        var loaded = ModelFiles.loadModel(dir.resolve(Selection.MODEL_FILE));
        assertArrayEquals(s.predict(data.inputs()).toFloatArray(), loaded.model().call(data.inputs()).toFloatArray());
    }

    @Test
    void aBudgetTooSmallForAnyCandidateSaysWhatToChange() {
        var e = assertThrows(SelectionException.class, () -> small().budget(Budget.unlimited().withMaxParameters(5))
                .build().select(TestData.regression(60, 3)));
        assertTrue(e.getMessage().contains("no candidate fits the budget"), e.getMessage());
        assertTrue(e.getMessage().contains("raise the parameter limit"), e.getMessage());
        assertTrue(e.getMessage().contains("linear") && e.getMessage().contains("mlp"), e.getMessage());
    }

    @Test
    void candidatesOverALimitAreDroppedWithTheReason() {
        // The linear model of 5 features has 6 parameters; the default MLP has thousands.
        SelectionReport r = small().budget(Budget.of(Duration.ofMinutes(10)).withMaxParameters(100)).build()
                .select(TestData.regression(80, 4)).report();
        assertEquals(List.of("linear"), r.screened().stream().map(x -> x.family().name()).toList());
        Dropped mlp = r.dropped().getFirst();
        assertEquals("mlp", mlp.family());
        assertEquals(Dropped.Kind.OVER_BUDGET, mlp.kind());
        assertTrue(mlp.reason().contains("parameters, more than the budget's 100"), mlp.reason());
        assertEquals(null, r.comparison());
    }

    /** A linear model whose outputs are NaN while training: its training fails on the first batch. */
    private static final class DivergingFamily implements io.jgrad.select.candidates.CandidateFamily {
        @Override
        public String name() { return "diverging"; }

        @Override
        public String description() { return "a linear model that outputs NaN in training"; }

        @Override
        public io.jgrad.select.candidates.HyperparameterSpace space() { return new LinearFamily().space(); }

        @Override
        public io.jgrad.nn.Module build(TaskProfile profile, io.jgrad.select.candidates.Hyperparameters config,
                                        io.jgrad.Generator random) {
            return new io.jgrad.nn.Sequential(new io.jgrad.nn.Dense(5, 1), new io.jgrad.nn.Module() {
                @Override
                public io.jgrad.Tensor forward(io.jgrad.Tensor x) { return isTraining() ? x.mul(Double.NaN) : x; }
            });
        }
    }

    @Test
    void aCandidateWhoseTrainingFailsIsDroppedWithTheReason() {
        SelectionReport r = small().families(m -> List.of(new DivergingFamily(), new LinearFamily())).build()
                .select(TestData.regression(60, 5)).report();
        assertEquals("linear", r.chosenFamily());
        Dropped failed = r.dropped().getFirst();
        assertEquals(Dropped.Kind.FAILED, failed.kind());
        assertTrue(failed.reason().startsWith("training failed: ") && failed.reason().contains("NaN"), failed.reason());
        var e = assertThrows(SelectionException.class, () -> small().families(m -> List.of(new DivergingFamily()))
                .build().select(TestData.regression(60, 5)));
        assertTrue(e.getMessage().startsWith("no candidate could be trained:"), e.getMessage());
    }

    @Test
    void badMetricsAreRejectedWithTheValidNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> Selector.builder().metric("f1"));
        assertTrue(e.getMessage().contains("'f1'") && e.getMessage().contains(SelectionMetric.validNames()),
                e.getMessage());
        var wrongTask = assertThrows(IllegalArgumentException.class,
                () -> small().metric("accuracy").build().select(TestData.regression(40, 1)));
        assertTrue(wrongTask.getMessage().contains("r2, mse, mae"), wrongTask.getMessage());
    }
}
