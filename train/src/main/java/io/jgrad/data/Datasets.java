package io.jgrad.data;

import io.jgrad.Shape;
import io.jgrad.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Ready-made datasets and conversions from tables. */
public final class Datasets {
    /** Where the official Fashion-MNIST files are published. */
    static final String FASHION_MNIST_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    /**
     * The four files with the SHA-256 of their decompressed IDX content. Hashing the content rather than the .gz
     * bytes accepts any faithful recompression (Debian's copy is recompressed) while still catching corrupt data.
     */
    static final List<String[]> FASHION_MNIST_FILES = List.of(
            new String[] {"train-images-idx3-ubyte.gz", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"},
            new String[] {"train-labels-idx1-ubyte.gz", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"},
            new String[] {"t10k-images-idx3-ubyte.gz", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"},
            new String[] {"t10k-labels-idx1-ubyte.gz", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"});

    private Datasets() {}

    /** A train and a test set. */
    public record Split(TensorDataset train, TensorDataset test) {}

    /**
     * Fashion-MNIST: images as F32 {@code [n, 784]} in [0, 1], labels as I64 class indices. Looks for the four
     * {@code *-idx?-ubyte.gz} files in {@code dir} (when not null), {@code $JGRAD_DATA}, {@code ~/.jgrad/datasets},
     * {@code /usr/share/datasets/fashion-mnist} (each directly or in a {@code fashion-mnist} subfolder), and otherwise
     * downloads them into {@code dir} (or {@code ~/.jgrad/datasets/fashion-mnist}) with SHA-256 verification.
     */
    public static Split fashionMnist(Path dir) throws IOException {
        Path found = findFashionMnist(dir);
        if (found == null) found = download(dir != null ? dir : defaultHome().resolve("fashion-mnist"), FASHION_MNIST_URL);
        return loadMnistLike(found);
    }

    /** The names of the four Fashion-MNIST files a folder must hold. */
    public static List<String> fashionMnistFileNames() { return FASHION_MNIST_FILES.stream().map(f -> f[0]).toList(); }

    /** The folders searched, in order. */
    public static List<Path> fashionMnistSearchPath(Path dir) {
        List<Path> roots = new ArrayList<>();
        if (dir != null) roots.add(dir);
        String env = System.getenv("JGRAD_DATA");
        if (env != null && !env.isBlank()) roots.add(Path.of(env));
        roots.add(defaultHome());
        roots.add(Path.of("/usr/share/datasets/fashion-mnist"));
        List<Path> out = new ArrayList<>();
        for (Path r : roots) {
            out.add(r);
            out.add(r.resolve("fashion-mnist"));
        }
        return out;
    }

    /** The first folder of the search path holding all four files, or null. */
    public static Path findFashionMnist(Path dir) {
        for (Path candidate : fashionMnistSearchPath(dir)) {
            if (FASHION_MNIST_FILES.stream().allMatch(f -> Files.isRegularFile(candidate.resolve(f[0])))) return candidate;
        }
        return null;
    }

    private static Path defaultHome() { return Path.of(System.getProperty("user.home"), ".jgrad", "datasets"); }

    /** Reads {@code train-images-idx3-ubyte.gz} etc. from one folder (the MNIST file layout). */
    public static Split loadMnistLike(Path folder) throws IOException {
        return new Split(
                images(folder.resolve("train-images-idx3-ubyte.gz"), folder.resolve("train-labels-idx1-ubyte.gz")),
                images(folder.resolve("t10k-images-idx3-ubyte.gz"), folder.resolve("t10k-labels-idx1-ubyte.gz")));
    }

    /**
     * One split in the MNIST file layout: images as F32 {@code [n, rows * columns]} in [0, 1], labels as I64 class
     * indices (e.g. only the test split: {@code t10k-images-idx3-ubyte.gz} and {@code t10k-labels-idx1-ubyte.gz}).
     */
    public static TensorDataset images(Path imageFile, Path labelFile) throws IOException {
        IdxArray images = IdxReader.readImages(imageFile);
        IdxArray labels = IdxReader.readLabels(labelFile);
        if (images.count() != labels.count()) {
            throw new DataFileException(imageFile + " holds " + images.count() + " images but " + labelFile + " holds "
                    + labels.count() + " labels");
        }
        int[] dims = images.dims();
        int pixels = dims[1] * dims[2];
        int[] ints = labels.toInts();
        long[] y = new long[ints.length];
        for (int i = 0; i < y.length; i++) y[i] = ints[i];
        return new TensorDataset(Tensor.wrap(images.toFloats(1f / 255f), Shape.of(images.count(), pixels)),
                Tensor.wrap(y, Shape.of(y.length)));
    }

    /** Downloads the four files from {@code baseUrl} into {@code target}, verifying each; returns {@code target}. */
    static Path download(Path target, String baseUrl) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            Files.createDirectories(target);
            for (String[] file : FASHION_MNIST_FILES) {
                Path dest = target.resolve(file[0]);
                if (Files.isRegularFile(dest) && file[1].equals(contentSha256(dest))) continue;
                download(client, URI.create(baseUrl + file[0]), dest, file[1]);
            }
            return target;
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            StringBuilder msg = new StringBuilder("Fashion-MNIST not found and could not be downloaded (" + e + ").\n"
                    + "Put the files " + FASHION_MNIST_FILES.stream().map(f -> f[0]).toList() + " into one of:\n");
            for (Path p : fashionMnistSearchPath(target)) msg.append("  ").append(p).append('\n');
            msg.append("or point $JGRAD_DATA or --data at the folder holding them.");
            throw new IOException(msg.toString(), e);
        }
    }

    private static void download(HttpClient client, URI uri, Path dest, String sha256) throws IOException, InterruptedException {
        Path tmp = dest.resolveSibling(dest.getFileName() + ".part");
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        try (InputStream in = response.body()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        String actual = contentSha256(tmp);
        if (!actual.equals(sha256)) {
            Files.deleteIfExists(tmp);
            throw new IOException(uri + ": SHA-256 " + actual + " of the decompressed content does not match the expected " + sha256);
        }
        Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The SHA-256 (lowercase hex) of a gzip file's decompressed content. */
    public static String contentSha256(Path gzFile) throws IOException {
        MessageDigest digest = sha256Digest();
        try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(gzFile)), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * A table as a classification dataset: features F32 {@code [rows, cols]}, labels as I64 class indices, parsed
     * exactly from the label cells' text ({@code 16777217} stays 16777217; {@code 3.0} and {@code 3e0} are 3).
     */
    public static TensorDataset classification(CsvTable table) {
        requireLabels(table);
        String[] cells = table.labelCells();
        long[] y = new long[cells.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = classIndex(cells[i], table.labelName(), i + 1);
        }
        return new TensorDataset(features(table), Tensor.wrap(y, Shape.of(y.length)));
    }

    private static long classIndex(String cell, String column, int row) {
        long v;
        try {
            v = new java.math.BigDecimal(cell).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            v = -1;
        }
        if (v < 0) {
            String shown = cell.isEmpty() ? "a missing value"
                    : cell.length() <= 40 ? cell : cell.substring(0, 40) + "...";
            throw new IllegalArgumentException("label column '" + column + "', row " + row + ": " + shown
                    + " is not a class index (a non-negative integer)");
        }
        return v;
    }

    /** A table as a regression dataset: features F32 {@code [rows, cols]}, targets F32 {@code [rows, 1]}. */
    public static TensorDataset regression(CsvTable table) {
        float[] labels = requireLabels(table);
        return new TensorDataset(features(table), Tensor.wrap(labels.clone(), Shape.of(labels.length, 1)));
    }

    private static Tensor features(CsvTable table) { return Tensor.wrap(table.flatFeatures(), Shape.of(table.rows(), table.cols())); }

    private static float[] requireLabels(CsvTable table) {
        if (table.labels() == null) {
            throw new IllegalArgumentException("the table has no label column; read it with Options.withLabel(name)");
        }
        return table.labels();
    }
}
