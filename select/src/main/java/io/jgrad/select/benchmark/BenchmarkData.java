package io.jgrad.select.benchmark;

import io.jgrad.select.PreparedData;
import io.jgrad.select.analyse.AnalysisOptions;
import io.jgrad.select.analyse.DataAnalyzer;
import io.jgrad.select.analyse.DataSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real data sets of {@link GridComparison}, read through step 1 ({@link DataAnalyzer}) like a user's file:
 * scikit-learn's {@code breast_cancer}, {@code wine} and {@code digits} (8x8 images as a table of 64 pixel columns)
 * from Debian's {@code python3-sklearn}, and the first 10,000 Fashion-MNIST training images.
 */
public final class BenchmarkData {
    /** Where {@code python3-sklearn} installs its data sets. */
    public static final Path SKLEARN = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data");
    /** Where Fashion-MNIST is installed. */
    public static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    /** The data set names {@link #load} knows. */
    public static final List<String> NAMES = List.of("breast_cancer", "wine", "digits", "fashion10k");

    private BenchmarkData() {}

    /** The data set called {@code name} (one of {@link #NAMES}), prepared by step 1 as a classification task. */
    public static PreparedData load(String name) throws IOException {
        AnalysisOptions classification = AnalysisOptions.defaults().withTask(AnalysisOptions.Task.CLASSIFICATION)
                .withTarget("label");
        return switch (name) {
            case "breast_cancer" -> DataAnalyzer.analyse(withHeader(SKLEARN.resolve("breast_cancer.csv"), true),
                    classification);
            case "wine" -> DataAnalyzer.analyse(withHeader(SKLEARN.resolve("wine_data.csv"), true), classification);
            case "digits" -> DataAnalyzer.analyse(withHeader(SKLEARN.resolve("digits.csv.gz"), false), classification);
            case "fashion10k" -> DataAnalyzer.analyse(new DataSource.IdxFiles(
                    FASHION.resolve("train-images-idx3-ubyte.gz"), FASHION.resolve("train-labels-idx1-ubyte.gz")),
                    AnalysisOptions.defaults().withMaxSamples(10_000));
            default -> throw new IllegalArgumentException("unknown data set '" + name + "'; known: " + NAMES);
        };
    }

    /**
     * A temporary copy of a scikit-learn CSV (features, then the class as the last column) with a header line
     * {@code f0,...,label}; the file's own first line (counts and class names) is dropped when {@code countsLine}.
     */
    private static Path withHeader(Path csv, boolean countsLine) throws IOException {
        List<String> rows;
        try (var in = Files.newInputStream(csv);
             var reader = new BufferedReader(new InputStreamReader(csv.toString().endsWith(".gz")
                     ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8))) {
            rows = reader.lines().filter(line -> !line.isBlank()).toList();
        }
        if (countsLine) rows = rows.subList(1, rows.size());
        int features = rows.getFirst().split(",").length - 1;
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < features; j++) text.append('f').append(j).append(',');
        text.append("label\n");
        rows.forEach(row -> text.append(row).append('\n'));
        Path copy = Files.createTempFile("jgrad-" + csv.getFileName().toString().replace(".csv", "").replace(".gz", ""),
                ".csv");
        copy.toFile().deleteOnExit();
        Files.writeString(copy, text, StandardCharsets.UTF_8);
        return copy;
    }
}
