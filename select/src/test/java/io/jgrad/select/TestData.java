package io.jgrad.select;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.data.CsvTable;
import io.jgrad.data.Preprocessing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Prepared data for the tests: real scikit-learn tables (standardised) and small synthetic sets. */
public final class TestData {
    /** Debian's python3-sklearn data folder. */
    public static final Path SKLEARN = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data");

    private TestData() {}

    /** Whether the scikit-learn CSVs are installed (tests that read them are skipped otherwise). */
    public static boolean sklearnPresent() { return Files.isRegularFile(SKLEARN.resolve("iris.csv")); }

    /** Iris: 150 flowers, 4 measurements, 3 classes. */
    public static PreparedData iris() throws IOException {
        return sklearnTable("iris.csv", List.of("setosa", "versicolor", "virginica"));
    }

    /** Breast cancer: 569 tumours, 30 features, malignant/benign. */
    public static PreparedData breastCancer() throws IOException {
        return sklearnTable("breast_cancer.csv", List.of("malignant", "benign"));
    }

    /**
     * A scikit-learn CSV (first line: rows, features, class names; then the features and the label last), its first
     * line replaced by column names, the features standardised.
     */
    static PreparedData sklearnTable(String file, List<String> classes) throws IOException {
        Path path = SKLEARN.resolve(file);
        List<String> lines = Files.readAllLines(path);
        int features = Integer.parseInt(lines.getFirst().split(",")[1].strip());
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < features; j++) text.append('f').append(j).append(',');
        text.append("label\n");
        lines.subList(1, lines.size()).forEach(line -> text.append(line).append('\n'));
        CsvTable t = CsvTable.parse(text.toString(), path.toString(), CsvTable.Options.defaults().withLabel("label"));
        int n = t.rows(), f = t.cols();
        float[] x = standardised(t.flatFeatures(), n, f);
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = (long) t.labels()[i];
        double ratio = imbalance(y, classes.size());
        TaskProfile profile = new TaskProfile(Modality.TABULAR, classes.size() == 2 ? TaskType.BINARY_CLASSIFICATION
                : TaskType.MULTICLASS_CLASSIFICATION, n, List.of(f), classes, ratio, List.of());
        return new PreparedData(profile, Tensor.of(x, n, f), Tensor.of(y, n), Preprocessing.of(f));
    }

    /** {@code y = 2 x0 - x1 + 0.5 x2 + noise} for {@code n} rows of 5 standard normal features. */
    public static PreparedData regression(int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 5], y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 5; j++) x[i * 5 + j] = (float) g.nextGaussian();
            y[i] = (float) (2 * x[i * 5] - x[i * 5 + 1] + 0.5 * x[i * 5 + 2] + 0.1 * g.nextGaussian());
        }
        TaskProfile profile = new TaskProfile(Modality.TABULAR, TaskType.REGRESSION, n, List.of(5), List.of(), 1,
                List.of());
        return new PreparedData(profile, Tensor.of(x, n, 5), Tensor.of(y, n, 1), Preprocessing.of(5));
    }

    /**
     * {@code y = 1000 + 500 (2 x0 - x1 + 0.5 x2 + 0.1 noise)} for {@code n} rows of 5 standard normal features: a large
     * offset and scale on a linear signal, which trains well only on the standardised target.
     */
    public static PreparedData offsetRegression(int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 5], y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 5; j++) x[i * 5 + j] = (float) g.nextGaussian();
            double f = 2 * x[i * 5] - x[i * 5 + 1] + 0.5 * x[i * 5 + 2] + 0.1 * g.nextGaussian();
            y[i] = (float) (1000 + 500 * f);
        }
        TaskProfile profile = new TaskProfile(Modality.TABULAR, TaskType.REGRESSION, n, List.of(5), List.of(), 1,
                List.of());
        return new PreparedData(profile, Tensor.of(x, n, 5), Tensor.of(y, n, 1), Preprocessing.of(5));
    }

    /**
     * Token sequences {@code [n, 12]} (ids 1..40, 0 = padding) in two classes: class 1 contains the bigram (7, 8),
     * class 0 never does.
     */
    public static PreparedData text(int n, long seed) {
        Generator g = new Generator(seed);
        int t = 12;
        long[] ids = new long[n * t], y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            int length = 6 + g.nextInt(t - 5);
            for (int j = 0; j < length; j++) {
                long id;
                do {
                    id = 1 + g.nextInt(40);
                } while (id == 8); // 8 appears only in the planted bigram
                ids[i * t + j] = id;
            }
            if (y[i] == 1) {
                int at = g.nextInt(length - 1);
                ids[i * t + at] = 7;
                ids[i * t + at + 1] = 8;
            }
        }
        TaskProfile profile = new TaskProfile(Modality.TEXT, TaskType.BINARY_CLASSIFICATION, n, List.of(t),
                List.of("plain", "planted"), 1, List.of(), 41);
        return new PreparedData(profile, Tensor.of(ids, n, t), Tensor.of(y, n), Preprocessing.of(t));
    }

    /**
     * Token sequences {@code [n, 12]} of 3 to 12 ids, padded with 0, where word order decides the class: each holds the
     * ids 2 and 3 once, at random places among filler ids 4..30, and the class is whether 2 comes before 3. Every
     * example's bag of words is the same, and the two ids are rarely next to each other.
     */
    public static PreparedData wordOrder(int n, long seed) {
        Generator g = new Generator(seed);
        int t = 12;
        long[] ids = new long[n * t], y = new long[n];
        for (int i = 0; i < n; i++) {
            int length = 3 + g.nextInt(t - 2);
            for (int j = 0; j < length; j++) ids[i * t + j] = 4 + g.nextInt(27);
            int a = g.nextInt(length), b;
            do {
                b = g.nextInt(length);
            } while (b == a);
            ids[i * t + a] = 2;
            ids[i * t + b] = 3;
            y[i] = a < b ? 1 : 0;
        }
        TaskProfile profile = new TaskProfile(Modality.TEXT, TaskType.BINARY_CLASSIFICATION, n, List.of(t),
                List.of("after", "before"), 1, List.of(), 31);
        return new PreparedData(profile, Tensor.of(ids, n, t), Tensor.of(y, n), Preprocessing.of(t));
    }

    /** Images {@code [n, 1, 8, 8]}: a bright bar, horizontal (class 0) or vertical (class 1), on noise. */
    public static PreparedData images(int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 64];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            int line = 1 + g.nextInt(6);
            for (int p = 0; p < 64; p++) {
                int r = p / 8, c = p % 8;
                boolean on = y[i] == 0 ? r == line : c == line;
                x[i * 64 + p] = (float) ((on ? 1.0 : 0.0) + 0.3 * g.nextGaussian());
            }
        }
        TaskProfile profile = new TaskProfile(Modality.IMAGES, TaskType.BINARY_CLASSIFICATION, n, List.of(1, 8, 8),
                List.of("horizontal", "vertical"), 1, List.of());
        return new PreparedData(profile, Tensor.of(x, n, 1, 8, 8), Tensor.of(y, n), Preprocessing.of(1, 8, 8));
    }

    private static float[] standardised(float[] x, int n, int f) {
        float[] out = Arrays.copyOf(x, x.length);
        for (int j = 0; j < f; j++) {
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++) mean += x[i * f + j];
            mean /= n;
            for (int i = 0; i < n; i++) sq += (x[i * f + j] - mean) * (x[i * f + j] - mean);
            double std = Math.sqrt(sq / n);
            for (int i = 0; i < n; i++) out[i * f + j] = (float) ((x[i * f + j] - mean) / (std == 0 ? 1 : std));
        }
        return out;
    }

    private static double imbalance(long[] y, int classes) {
        long[] counts = new long[classes];
        for (long v : y) counts[(int) v]++;
        return (double) Arrays.stream(counts).max().orElse(1) / Math.max(1, Arrays.stream(counts).min().orElse(1));
    }
}
