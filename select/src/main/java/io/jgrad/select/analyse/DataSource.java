package io.jgrad.select.analyse;

import io.jgrad.data.DataFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Where a task's data is, and in which form. {@link #of(Path)} tells the form from the path. */
public sealed interface DataSource {
    /** The file or folder. */
    Path path();

    /** A CSV table (header, scikit-learn layout or headerless; {@code .csv}, {@code .tsv}, gzip'd too). */
    record CsvFile(Path path) implements DataSource {}

    /**
     * A text file, one example per line: the label, a tab, the text ({@code positive\tGreat film}), or fastText's
     * {@code __label__positive Great film}.
     */
    record TextFile(Path path) implements DataSource {}

    /** A folder with one subfolder of images (PNG, JPEG, BMP, GIF) per class, named after the class. */
    record ImageFolder(Path path) implements DataSource {}

    /** An IDX image file and its IDX label file (raw or gzip'd), as MNIST and Fashion-MNIST ship. */
    record IdxFiles(Path path, Path labels) implements DataSource {}

    /**
     * The source at {@code path}: a folder holding {@code train-images-idx3-ubyte[.gz]} and its labels is IDX, another
     * folder an image folder; a file whose name has {@code images-idx3-ubyte} is IDX (the labels file beside it, named
     * with {@code labels-idx1-ubyte}); {@code .txt} is a text file; anything else is read as CSV.
     *
     * @throws DataFileException if nothing is at {@code path}, or the IDX labels file is missing
     */
    static DataSource of(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new DataFileException(path + ": no such file or folder; --data takes a CSV file, a text file, a"
                    + " folder of image folders (one per class) or IDX image files");
        }
        if (Files.isDirectory(path)) {
            for (String suffix : new String[] {"", ".gz"}) {
                Path images = path.resolve("train-images-idx3-ubyte" + suffix);
                if (Files.isRegularFile(images)) return idx(images);
            }
            return new ImageFolder(path);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.contains("images-idx3-ubyte")) return idx(path);
        if (name.endsWith(".txt") || name.endsWith(".txt.gz")) return new TextFile(path);
        return new CsvFile(path);
    }

    private static IdxFiles idx(Path images) throws DataFileException {
        String name = images.getFileName().toString();
        Path labels = images.resolveSibling(name.replace("images-idx3-ubyte", "labels-idx1-ubyte"));
        if (!Files.isRegularFile(labels)) {
            throw new DataFileException(images + ": no labels file " + labels.getFileName() + " beside it; IDX"
                    + " images need their labels file (labels-idx1-ubyte) in the same folder");
        }
        return new IdxFiles(images, labels);
    }
}
