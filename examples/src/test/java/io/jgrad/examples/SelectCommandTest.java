package io.jgrad.examples;

import io.jgrad.examples.JgradCliTest.Run;
import io.jgrad.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jgrad.examples.JgradCliTest.run;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code jgrad select} end to end on scikit-learn's iris CSV (a small budget, two folds, ten epochs: a few seconds)
 * and on a small text file, {@code predict} and {@code inspect} on the models it saved, and every bad input as a clear
 * message and exit code 1.
 */
class SelectCommandTest {
    private static final Path SKLEARN = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data");
    private static final Path IRIS = SKLEARN.resolve("iris.csv");
    private static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");

    @TempDir
    static Path dir;
    private static Path model;
    private static Run selected;

    /**
     * {@code jgrad select} CI-sized (a 2-minute budget, 2 folds, 10 epochs, 4 search trials, unless {@code more} says
     * otherwise).
     */
    private static Run select(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("select", "--data", data.toString(), "--out", out.toString()));
        List<String> given = List.of(more);
        String[][] defaults = {{"--budget", "2m"}, {"--folds", "2"}, {"--epochs", "10"}, {"--patience", "3"},
            {"--trials", "4"}};
        for (String[] option : defaults) if (!given.contains(option[0])) args.addAll(List.of(option));
        args.addAll(given);
        return run(args.toArray(String[]::new));
    }

    @BeforeAll
    static void selectOnIris() {
        assumeTrue(Files.isRegularFile(IRIS), "python3-sklearn's data sets are not installed");
        model = dir.resolve("iris");
        selected = select(IRIS, model);
        assertEquals(0, selected.code(), selected.err());
    }

    @Test
    void selectPrintsEachPhaseALeaderboardAndTheTestFigureLast() throws Exception {
        String out = selected.out();
        for (String phase : List.of("[analyse] reading " + IRIS, "[1/4] data: tabular multiclass classification, 150"
                + " examples (120 for development, 30 held out for test)", "[2/4] pre-screen:", "[3/4] linear",
                "[3/4] mlp", "[4/4] tuned", "leaderboard (stratified 2-fold cross-validation):",
                "saved to " + model + ": model.safetensors, report.md, report.html, report.json")) {
            assertTrue(out.contains(phase), phase + " in\n" + out);
        }
        String firstRow = "  1 {4}(linear|mlp) +[01]\\.\\d{4} ± 0\\.\\d{4} +2 +\\d+\\.\\ds";
        assertTrue(out.lines().anyMatch(l -> l.matches(firstRow)), out);
        String last = out.lines().toList().getLast();
        assertTrue(last.matches("test f1_macro: (0\\.\\d{4}|1\\.0000)"), last);
        for (String f : List.of("model.safetensors", "report.md", "report.html", "report.json")) {
            assertTrue(Files.size(model.resolve(f)) > 0, f);
        }
        String json = Files.readString(model.resolve("report.json"));
        assertTrue(json.contains(last.substring("test f1_macro: ".length())), "the report holds the printed figure");
    }

    @Test
    void predictOnTheTrainingCsvGivesClassNamesAndIsReproducible() throws Exception {
        Run r = run("predict", "--model", model.toString(), "--data", IRIS.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("row,prediction,probability", lines.getFirst());
        assertEquals(151, lines.size());
        List<String> truth = Files.readAllLines(IRIS).subList(1, 151);
        int correct = 0;
        for (int i = 0; i < 150; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(Integer.toString(i), cells[0]);
            assertTrue(CLASSES.contains(cells[1]), lines.get(i + 1));
            assertTrue(cells[2].matches("0\\.\\d{4}|1\\.0000"), lines.get(i + 1));
            String label = truth.get(i).substring(truth.get(i).lastIndexOf(',') + 1);
            if (cells[1].equals(CLASSES.get(Integer.parseInt(label)))) correct++;
        }
        assertTrue(correct >= 105, correct + " of 150 right: the saved encoding and preprocessing are applied");

        // The same predictions again, into a file, and from the features without the target column.
        Path written = dir.resolve("predictions.csv");
        Run toFile = run("predict", "--model", model.toString(), "--data", IRIS.toString(), "--output",
                written.toString());
        assertEquals(0, toFile.code(), toFile.err());
        assertEquals("", toFile.out());
        assertEquals(r.out(), Files.readString(written));
        StringBuilder features = new StringBuilder("feature_3,feature_2,feature_1,feature_0\n");
        for (String row : truth) {
            String[] c = row.split(",");
            features.append(String.join(",", c[3], c[2], c[1], c[0])).append('\n');
        }
        Path noTarget = Files.writeString(dir.resolve("features.csv"), features);
        Run again = run("predict", "--model", model.toString(), "--data", noTarget.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(r.out(), again.out(), "columns are found by name; the target is not needed");
    }

    @Test
    void inspectSaysWhatWasSelected() {
        Run r = run("inspect", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("selected by jgrad select: (linear|mlp) for multiclass"
                + " classification, test f1_macro: [0-9.]+; takes raw table rows or texts \\(\\./jgrad predict --model"
                + " DIR --data FILE\\)")), r.out());
        assertTrue(r.out().contains("  select.input_encoding: {\"type\":\"table\",\"columns\":[{\"type\":\"numeric\","
                + "\"column\":\"feature_0\""), r.out());
    }

    @Test
    void halvingScreensConfigurationsWithFewerEpochsWithinTheComputeOfTheTrials() throws Exception {
        Path out = dir.resolve("iris-halving");
        Run r = select(IRIS, out, "--search", "halving", "--trials", "2", "--tuned-families", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("with budgeted-halving(eta=3) search (the compute of 2 full-length trials)"),
                r.out());
        // 2 trials of 10 epochs: 4 configurations for 3 epochs, the best of them resumed for 7 more (19 trial-epochs)
        String json = Files.readString(out.resolve("report.json")).replaceAll("\\s", "");
        assertEquals(4, json.split("\"epochs\":3,", -1).length - 1, json);
        assertEquals(1, json.split("\"epochs\":10,\"charged_epochs\":7,", -1).length - 1, json);
        assertTrue(r.out().lines().toList().getLast().matches("test f1_macro: (0\\.\\d{4}|1\\.0000)"), r.out());
    }

    @Test
    void aTextFileIsSelectedOnAndNewTextsArePredictedFromATxtFile() throws Exception {
        StringBuilder text = new StringBuilder();
        String[] good = {"good", "great", "lovely"}, bad = {"bad", "awful", "dull"};
        for (int i = 0; i < 120; i++) {
            boolean positive = i % 2 == 0;
            text.append(positive ? "pos\tthe film was " : "neg\tthe plot was ")
                    .append((positive ? good : bad)[i % 3]).append(" and long\n");
        }
        Path data = Files.writeString(dir.resolve("reviews.txt"), text);
        Path out = dir.resolve("text");
        Run r = select(data, out, "--epochs", "5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("[1/4] data: text binary classification, 120 examples"), r.out());
        assertTrue(r.out().lines().toList().getLast().matches("test f1_macro: (0\\.\\d{4}|1\\.0000)"), r.out());
        Path texts = Files.writeString(dir.resolve("new.txt"), "a lovely film\n\nthe plot was dull\n");
        Run p = run("predict", "--model", out.toString(), "--data", texts.toString());
        assertEquals(0, p.code(), p.err());
        List<String> lines = p.out().lines().toList();
        assertEquals(3, lines.size(), p.out());
        assertTrue(lines.get(1).matches("0,pos,(0\\.\\d{4}|1\\.0000)"), p.out());
        assertTrue(lines.get(2).matches("1,neg,(0\\.\\d{4}|1\\.0000)"), p.out());
    }

    @Test
    void theLeaderboardAndReportJsonNameTheSameRowsAndComparison() throws Exception {
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(model.resolve("report.json")));
        List<?> board = (List<?>) json.get("leaderboard");
        List<String> printed = selected.out().lines().filter(l -> l.matches("  \\d +\\S+ +[01]\\.\\d{4} ± .*"))
                .toList();
        assertEquals(board.size(), printed.size(), selected.out());
        for (int i = 0; i < board.size(); i++) {
            Map<?, ?> row = (Map<?, ?>) board.get(i);
            assertTrue(printed.get(i).startsWith("  " + (i + 1) + "    " + row.get("family") + " "), printed.get(i));
            boolean tuned = row.get("configuration").equals("tuned");
            assertEquals(tuned, selected.out().contains(printed.get(i) + "\n       tuned by the search: "),
                    selected.out());
        }
        Map<?, ?> paired = (Map<?, ?>) json.get("paired_comparison");
        assertTrue(selected.out().contains("paired comparison: " + paired.get("best") + " vs "
                + paired.get("runner_up") + ", p = "), selected.out());
        int bestRank = (int) ((Json.JsonNumber) paired.get("best_rank")).asDouble();
        Map<?, ?> best = (Map<?, ?>) board.get(bestRank - 1);
        assertEquals(best.get("family") + " (rank " + bestRank + ", " + best.get("configuration") + ")",
                paired.get("best"));
    }

    @Test
    void aRegressionTargetWithALargeOffsetIsPredictedInItsOwnUnits() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,price\n");
        java.util.Random random = new java.util.Random(3);
        double[] truth = new double[150];
        for (int i = 0; i < truth.length; i++) {
            double a = random.nextGaussian(), b = random.nextGaussian(), c = random.nextGaussian();
            truth[i] = 1000 + 500 * (2 * a - b + 0.5 * c + 0.1 * random.nextGaussian());
            csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%.2f%n", a, b, c, truth[i]));
        }
        Path data = Files.writeString(dir.resolve("prices.csv"), csv);
        Path out = dir.resolve("prices");
        Run r = select(data, out, "--trials", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("[1/4] data: tabular regression, 150 examples"), r.out());
        String last = r.out().lines().toList().getLast();
        assertTrue(last.matches("test r2: 0\\.9\\d{3}"), r.out());

        Run p = run("predict", "--model", out.toString(), "--data", data.toString());
        assertEquals(0, p.code(), p.err());
        List<String> lines = p.out().lines().toList();
        assertEquals("row,prediction", lines.getFirst());
        double squares = 0, total = 0, mean = java.util.Arrays.stream(truth).average().orElseThrow();
        for (int i = 0; i < truth.length; i++) {
            double predicted = Double.parseDouble(lines.get(i + 1).split(",")[1]);
            squares += (predicted - truth[i]) * (predicted - truth[i]);
            total += (truth[i] - mean) * (truth[i] - mean);
        }
        assertTrue(1 - squares / total > 0.9, "predictions in the target's units, r2 " + (1 - squares / total));
    }

    @Test
    void idxClassesGetTheirNamesInTheReportsAndPredictions() throws Exception {
        Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isRegularFile(fashion.resolve("train-images-idx3-ubyte.gz")), fashion + " is absent");
        List<String> names = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                "Sneaker", "Bag", "Ankle boot");
        Path out = dir.resolve("fashion");
        Run r = select(fashion, out, "--max-samples", "300", "--folds", "1", "--epochs", "1", "--search", "none",
                "--class-names", String.join(",", names));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("The classes are named as given: 0 = T-shirt/top, 1 = Trouser,"), r.out());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| truth \\ predicted | T-shirt/top | Trouser | Pullover |"), "confusion matrix: " + md);
        assertTrue(md.contains("| Ankle boot | "), "per-class scores: " + md);
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(out.resolve("report.json")));
        assertEquals(names, ((Map<?, ?>) json.get("profile")).get("classes"));

        Path images = fashion.resolve("t10k-images-idx3-ubyte.gz");
        Run p = run("predict", "--model", out.toString(), "--data", images.toString());
        assertEquals(0, p.code(), p.err());
        List<String> lines = p.out().lines().toList();
        assertEquals(10_001, lines.size());
        for (String line : lines.subList(1, 50)) {
            assertTrue(names.contains(line.split(",")[1].replace("\"", "")), line);
        }

        Run wrong = select(fashion, dir.resolve("fashion-wrong"), "--max-samples", "500", "--class-names",
                "cat,dog");
        assertFails(wrong, fashion.resolve("train-images-idx3-ubyte.gz") + "'s labels has 10 classes (codes 0, 1,"
                + " 2, 3, 4, 5, 6, 7, 8, 9) but 2 class names were given (cat, dog): give 10 names, separated by"
                + " commas, one per code in increasing order");
        assertFails(select(fashion, dir.resolve("fashion-wrong"), "--class-names", "cat,cat"), "--class-names: the"
                + " class name 'cat' is given twice in [cat, cat]; give each class its own name");
    }

    @Test
    void aRunIsNotOverwrittenWithoutForce() {
        assertFails(select(IRIS, model), model + " holds a run already (model.safetensors): add --force to overwrite"
                + " it, or choose another folder with --out");
    }

    @Test
    void badDataFailsWithWhatToChange() throws Exception {
        Path out = dir.resolve("bad");
        assertFails(select(IRIS, out, "--target", "species"), IRIS + ": no column 'species' for the target; the"
                + " columns are feature_0, feature_1, feature_2, feature_3, target");
        Path oneClass = Files.writeString(dir.resolve("one-class.csv"), "a,b\n1,x\n2,x\n3,x\n");
        assertFails(select(oneClass, out), "the target column 'b' of " + oneClass + " has the single value 'x' in all"
                + " 3 rows: there is nothing to predict; choose another --target (columns: a, b)");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertFails(select(empty, out), empty + ": the file is empty; give a CSV file with a header line of column"
                + " names and one row per example");
        Path header = Files.writeString(dir.resolve("header.csv"), "a,b,c\n");
        assertFails(select(header, out), header + ": a header (a, b, c) but no rows of data; add one row per example"
                + " below the header");
        Path missing = dir.resolve("missing.csv");
        assertFails(select(missing, out), missing + ": no such file or folder; --data takes a CSV file, a text file,"
                + " a folder of image folders (one per class) or IDX image files");
        Path noClasses = Files.createDirectories(dir.resolve("no-classes"));
        Files.writeString(noClasses.resolve("notes.txt"), "not an image");
        assertFails(select(noClasses, out), noClasses + ": no class subfolders; an image folder needs one subfolder of"
                + " images per class (at least two)");
        assertFalse(Files.exists(out.resolve("model.safetensors")), "nothing is saved after bad input");
    }

    @Test
    void badOptionsFailWithWhatToChange() {
        Path out = dir.resolve("bad-options");
        assertFails(select(IRIS, out, "--max-params", "3"), "no candidate fits the budget: linear: 15 parameters,"
                + " more than the budget's 3: raise --max-params; mlp: ");
        Run tooShort = select(IRIS, out, "--budget", "1ms");
        assertFails(tooShort, "no candidate fits the budget: linear: one training epoch takes about ");
        assertTrue(tooShort.err().contains("of the wall-clock budget: raise --budget"), tooShort.err());
        assertFails(select(IRIS, out, "--metric", "f2"), "--metric: unknown metric 'f2': use one of accuracy,"
                + " balanced_accuracy, f1_macro, f1_weighted, roc_auc, r2, mse, mae");
        assertFails(select(IRIS, out, "--metric", "r2"), "the metric r2 does not suit multi-class classification:"
                + " use one of accuracy, balanced_accuracy, f1_macro, f1_weighted");
        assertFails(select(IRIS, out, "--task", "regression", "--metric", "roc_auc"), "the metric roc_auc does not"
                + " suit regression: use one of r2, mse, mae");
        assertFails(select(IRIS, out, "--task", "clustering"), "--task 'clustering' is not a task; use classification"
                + " or regression");
        assertFails(select(IRIS, out, "--budget", "soon"), "--budget: cannot read the duration 'soon': write a number"
                + " with an optional unit ms, s, m or h, e.g. 90s, 10m, 1.5h");
        assertFails(select(IRIS, out, "--max-latency", "fast"), "--max-latency 'fast': write a time per example with"
                + " a unit ns, us, ms or s, e.g. 50us or 0.2ms");
        assertFails(select(IRIS, out, "--folds", "0"), "--folds must be >= 1, got 0");
        assertFails(select(IRIS, out, "--trials", "0"), "--trials must be >= 1, got 0");
        assertFails(select(IRIS, out, "--tuned-families", "0"), "--tuned-families must be >= 1, got 0");
        assertFails(select(IRIS, out, "--search", "genetic"), "--search must be bayesian, tpe, random, grid,"
                + " hyperband, halving or none, got genetic");
    }

    @Test
    void predictOnAFileWithOtherColumnsNamesTheMissingOne() throws Exception {
        Path other = Files.writeString(dir.resolve("other.csv"), "a,b,c\n1,2,3\n");
        Run r = run("predict", "--model", model.toString(), "--data", other.toString());
        assertFails(r, other + ": no column 'feature_0' for the model's input; the columns are a, b, c");
    }

    /** Exit code 1, the message on the first line of the error output, a hint on the second, no stack trace. */
    private static void assertFails(Run r, String message) {
        assertEquals(1, r.code(), r.out() + r.err());
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.getFirst().startsWith("jgrad: " + message), lines.getFirst() + "\nexpected: " + message);
        assertTrue(lines.get(1).startsWith("hint: "), r.err());
        assertFalse(Set.of(r.err().split("\n")).stream().anyMatch(l -> l.startsWith("\tat ")), r.err());
    }
}
