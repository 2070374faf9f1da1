package io.jgrad.examples;

import io.jgrad.select.Budget;
import io.jgrad.select.DefaultsTuner;
import io.jgrad.select.LeaderboardRow;
import io.jgrad.select.PreparedData;
import io.jgrad.select.Selection;
import io.jgrad.select.SelectionException;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.SelectionReport;
import io.jgrad.select.Selector;
import io.jgrad.select.SearchTuner;
import io.jgrad.select.Tuner;
import io.jgrad.select.analyse.AnalysisOptions;
import io.jgrad.select.analyse.DataAnalyzer;
import io.jgrad.select.analyse.DataSource;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.PairedComparison;
import io.jgrad.select.compare.Resampling;
import io.jgrad.select.search.SearchStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jgrad select --data FILE}: the selector's four steps on the user's data (analyse, pre-screen under the budget,
 * compare with cross-validation, tune), then the chosen model trained on train+validation, tested once and saved with
 * its reports. The last line printed is the test figure, e.g. {@code test f1_macro: 0.9667}.
 */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = "Pick, tune and train a model for your data: analyse it, pre-screen candidate architectures"
                + " under a budget, compare them with cross-validation, tune the best, test it once and save it"
                + " with a report.",
        footer = {"", "Data (--data):",
                "  *.csv            a table: numeric and categorical columns, the target the last column",
                "                   unless --target (also .tsv and .gz; scikit-learn's CSV layout too)",
                "  *.txt            text, one example a line: label<TAB>text or __label__x text",
                "  a folder         images: one subfolder of PNG/JPEG images per class, or IDX files",
                "                   (train-images-idx3-ubyte.gz and its labels, as Fashion-MNIST ships)",
                "Labels that are integer codes (IDX labels, a column of 0, 1, 2, ...) can be named with",
                "--class-names, e.g. --class-names T-shirt,Trouser,...: the reports and predict use the names.",
                "Writes to --out: model.safetensors (weights, architecture, preprocessing and input",
                "encoding, class names, the chosen hyperparameters), report.md, report.html, report.json.",
                "Use the model with: ./jgrad predict --model DIR --data FILE"})
final class SelectCommand implements Callable<Integer> {
    /** A per-example latency on the command line: a number and a unit. */
    private static final Pattern LATENCY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s)");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "The data: a CSV or text file, or a folder of images (see below).")
    Path data;

    @Option(names = "--target", paramLabel = "COLUMN",
            description = "The column to predict (default: the last column; text files: the label).")
    String target;

    @Option(names = "--task", paramLabel = "TASK",
            description = "classification or regression (default: inferred from the target).")
    String task;

    @Option(names = "--budget", defaultValue = "10m", paramLabel = "TIME",
            description = "Wall-clock time for the whole selection, e.g. 90s, 10m, 1.5h (default ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--metric", paramLabel = "NAME", description = "The figure to rank by and test: "
            + "accuracy, balanced_accuracy, f1_macro, f1_weighted, roc_auc (binary), r2, mse, mae (default: f1_macro"
            + " for classification, r2 for regression).")
    String metric;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder; one that holds a run already is refused"
            + " unless --force (default runs/select-<data name>).")
    Path out;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of every split, initialisation and shuffle (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--folds", defaultValue = "5",
            description = "Cross-validation folds (stratified for classification); 1: one holdout split of 20%%"
                    + " (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--epochs", defaultValue = "50",
            description = "Most epochs of each training run, with early stopping (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "5",
            description = "Epochs without improvement before early stopping (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--search", defaultValue = "bayesian", paramLabel = "STRATEGY",
            description = "How the leading families are tuned: bayesian (a Gaussian process with expected improvement),"
                    + " tpe, random, grid, hyperband, halving (successive halving planned to the compute of --trials"
                    + " full-length trials: many configurations screened with few epochs, the best trained longer)"
                    + " or none (its defaults only) (default ${DEFAULT-VALUE}).")
    String search;

    @Option(names = "--trials", defaultValue = "20", paramLabel = "N",
            description = "Most configurations the search tries; for halving, the compute of this many full-length"
                    + " trials, in epochs, however it is divided (default ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--tuned-families", defaultValue = "2", paramLabel = "N",
            description = "Most families tuned: the leader and each next family the paired comparison cannot tell"
                    + " from it at 5%, sharing --trials equally; 1 tunes the leader only (default ${DEFAULT-VALUE}).")
    int tunedFamilies;

    @Option(names = "--max-params", paramLabel = "N",
            description = "Most trainable parameters a candidate may have (default: no limit).")
    Long maxParams;

    @Option(names = "--max-memory", paramLabel = "MB",
            description = "Most memory (MB) a candidate's training step may need, as estimated (default: no limit).")
    Long maxMemoryMb;

    @Option(names = "--max-latency", paramLabel = "TIME", description = "Longest inference time per example, e.g."
            + " 50us, 0.2ms (default: no limit).")
    String maxLatency;

    @Option(names = "--max-samples", paramLabel = "N",
            description = "Use only the first N examples, e.g. a 10,000-image subset (default: all).")
    Integer maxSamples;

    @Option(names = "--class-names", split = ",", paramLabel = "NAMES", description = "Names for classes that the"
            + " data gives as integer codes (IDX labels, a column of 0, 1, 2, ...), comma-separated, one per code in"
            + " increasing order, e.g. --class-names cat,dog,bird; used in the reports and by predict (default: the"
            + " codes).")
    List<String> classNames;

    @Option(names = "--force", description = "Overwrite the run in --out (default: refuse to).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Selector selector = selector();
        AnalysisOptions options = analysisOptions();
        DataSource source = DataSource.of(data);
        Path outDir = out != null ? out : Path.of("runs", "select-" + dataName(data));
        RunFolders.prepareOutput(outDir, force);
        PrintWriter printer = spec.commandLine().getOut();

        printer.println("[analyse] reading " + data);
        printer.flush();
        PreparedData all = DataAnalyzer.analyse(source, options);
        // Fit the preprocessing (fill values, scales, categories, vocabulary) on the rows the selector develops on,
        // so that nothing of the test rows it holds out reaches the model.
        PreparedData prepared = DataAnalyzer.analyse(source, options.withFitRows(selector.developmentRows(all)));
        for (String finding : prepared.profile().findings()) printer.println("  " + finding);
        printer.flush();

        Selection selection;
        try {
            selection = selector.select(prepared);
        } catch (SelectionException e) {
            throw new IllegalArgumentException(inFlags(e.getMessage()), e);
        }
        SelectionReport report = selection.report();
        printLeaderboard(printer, report);
        selection.save(outDir);
        printer.println("saved to " + outDir + ": " + Selection.MODEL_FILE + ", report.md, report.html, report.json");
        printer.println(report.testLine());
        printer.flush();
        return 0;
    }

    /** The selector the options describe, every option checked first. */
    private Selector selector() {
        if (folds < 1) throw new IllegalArgumentException("--folds must be >= 1, got " + folds);
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        if (patience < 1) throw new IllegalArgumentException("--patience must be >= 1, got " + patience);
        Budget limits = Budget.of(flag("--budget", () -> Budget.parseDuration(budget)));
        if (maxParams != null) {
            if (maxParams < 1) throw new IllegalArgumentException("--max-params must be >= 1, got " + maxParams);
            limits = limits.withMaxParameters(maxParams);
        }
        if (maxMemoryMb != null) {
            if (maxMemoryMb < 1) {
                throw new IllegalArgumentException("--max-memory must be >= 1 (MB), got " + maxMemoryMb);
            }
            limits = limits.withMaxMemoryBytes(maxMemoryMb * 1024 * 1024);
        }
        if (maxLatency != null) limits = limits.withMaxLatency(latency(maxLatency));
        PrintWriter printer = spec.commandLine().getOut();
        Selector.Builder b = Selector.builder().budget(limits).seed(seed)
                .resampling(folds == 1 ? Resampling.holdout(0.2) : Resampling.kFold(folds))
                .training(epochs, patience)
                .progress(line -> {
                    printer.println(line);
                    printer.flush();
                });
        if (metric != null) b.metric(flag("--metric", () -> SelectionMetric.parse(metric)));
        if (trials < 1) throw new IllegalArgumentException("--trials must be >= 1, got " + trials);
        b.tuner(tuner(search, trials));
        if (tunedFamilies < 1) {
            throw new IllegalArgumentException("--tuned-families must be >= 1, got " + tunedFamilies);
        }
        b.tunedFamilies(tunedFamilies);
        return b.build();
    }

    /** The {@code --search} tuner with {@code --trials}. */
    private static Tuner tuner(String name, int trials) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "bayesian" -> SearchTuner.of(SearchStrategy.bayesian(), trials);
            case "tpe" -> SearchTuner.of(SearchStrategy.tpe(), trials);
            case "random" -> SearchTuner.of(SearchStrategy.random(), trials);
            case "grid" -> SearchTuner.of(SearchStrategy.grid(3), trials);
            case "hyperband" -> SearchTuner.of(SearchStrategy.hyperband(3), trials);
            case "halving" -> SearchTuner.budgeted(SearchStrategy.budgetedHalving(3), trials);
            case "none" -> new DefaultsTuner();
            default -> throw new IllegalArgumentException("--search must be bayesian, tpe, random, grid, hyperband,"
                    + " halving or none, got " + name);
        };
    }

    private AnalysisOptions analysisOptions() {
        AnalysisOptions options = AnalysisOptions.defaults().withTask(AnalysisOptions.Task.parse(task));
        if (target != null) options = options.withTarget(target);
        if (maxSamples != null) {
            if (maxSamples < 1) throw new IllegalArgumentException("--max-samples must be >= 1, got " + maxSamples);
            options = options.withMaxSamples(maxSamples);
        }
        if (classNames == null) return options;
        AnalysisOptions unnamed = options;
        return flag("--class-names", () -> unnamed.withClassNames(classNames));
    }

    /**
     * The leaderboard, best first: rank, family, the metric's mean ± spread over the folds, time; the tuned leader's
     * row (each family's default otherwise) is followed by its configuration, and the paired comparison's rows are
     * named below.
     */
    static void printLeaderboard(PrintWriter printer, SelectionReport report) {
        List<LeaderboardRow> board = report.leaderboardRows();
        int width = Math.max(6, board.stream().mapToInt(r -> r.result().family().length()).max().orElse(0));
        String metricHeader = report.metric().key() + " (mean ± sd)";
        printer.println();
        printer.println("leaderboard (" + report.resampling() + "):");
        printer.printf(Locale.ROOT, "  %-4s %-" + width + "s  %-22s %5s %9s%n", "rank", "family", metricHeader,
                "folds", "time");
        for (LeaderboardRow row : board) {
            CandidateResult r = row.result();
            printer.printf(Locale.ROOT, "  %-4d %-" + width + "s  %-22s %5d %8.1fs%n", row.rank(), r.family(),
                    String.format(Locale.ROOT, "%.4f ± %.4f", r.mean(), r.std()), r.folds().size(), r.seconds());
            if (row.tuned()) printer.println("       tuned by the search: " + r.config());
        }
        PairedComparison c = report.comparison();
        if (c != null) {
            printer.println("paired comparison: " + c.best() + " vs " + c.runnerUp() + (Double.isNaN(c.pValue())
                    ? ", not tested" : String.format(Locale.ROOT, ", p = %.4f%s", c.pValue(),
                    c.significant() ? ", significant at 5%" : ", not significant at 5%")));
        }
        printer.println();
    }

    /**
     * The selector's "no candidate fits" message in the command's terms: the limits it names become the options that
     * set them, and the families that were unavailable anyway are left out, so one line says what to raise.
     */
    static String inFlags(String message) {
        List<String> lines = message.lines().map(String::strip).toList();
        List<String> reasons = lines.stream().skip(1).filter(l -> l.contains("raise")).map(l -> l
                .replace("raise the budget's time", "raise --budget")
                .replace("raise the wall-clock budget", "raise --budget")
                .replace("raise the parameter limit", "raise --max-params")
                .replace("raise the memory limit", "raise --max-memory")
                .replace("raise the latency limit", "raise --max-latency")).toList();
        if (reasons.isEmpty()) return String.join("; ", lines);
        return lines.getFirst() + " " + String.join("; ", reasons);
    }

    /** The name runs are saved under by default: the file name without extensions, or the folder's name. */
    static String dataName(Path data) {
        Path name = data.toAbsolutePath().normalize().getFileName();
        String s = name == null ? "data" : name.toString();
        s = s.replaceFirst("(?i)\\.gz$", "");
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    /**
     * A per-example latency: a number with the unit ns, us (or µs), ms or s, e.g. {@code 50us}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    static Duration latency(String text) {
        Matcher m = LATENCY.matcher(text.strip().toLowerCase(Locale.ROOT));
        double nanos = -1;
        if (m.matches()) {
            nanos = Double.parseDouble(m.group(1)) * switch (m.group(2)) {
                case "ns" -> 1.0;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                default -> 1e9;
            };
        }
        if (nanos < 1) {
            throw new IllegalArgumentException("--max-latency '" + text + "': write a time per example with a unit ns,"
                    + " us, ms or s, e.g. 50us or 0.2ms");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** {@code value}'s result, a bad value's message prefixed with the option that gave it. */
    private static <T> T flag(String name, Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
