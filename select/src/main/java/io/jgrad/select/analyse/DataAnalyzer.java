package io.jgrad.select.analyse;

import io.jgrad.data.DataFileException;
import io.jgrad.select.PreparedData;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Step 1 of the selector, "analyse": reads a data source, profiles it (modality, task, size, input shape, classes and
 * their balance, missing values, categorical cardinalities, numeric scales, duplicates, constant columns, each notable
 * thing as a finding sentence) and prepares it for models with a preprocessing chosen from the profile.
 *
 * <pre>{@code
 * PreparedData data = DataAnalyzer.analyse(DataSource.of(Path.of("breast_cancer.csv")), AnalysisOptions.defaults());
 * data.profile().findings().forEach(System.out::println);
 * }</pre>
 *
 * Bad input fails with a message saying what to change: a {@link DataFileException} for a file that cannot be read
 * as the data it should be (empty, a header without rows, ragged rows, an unreadable image, a folder without class
 * subfolders), an {@link IllegalArgumentException} for a request the data cannot meet (an unknown target column, a
 * target with one value).
 */
public final class DataAnalyzer {
    private DataAnalyzer() {
    }

    /** Reads and prepares the data at {@code path} ({@link DataSource#of(Path)} tells its form). */
    public static PreparedData analyse(Path path, AnalysisOptions options) throws IOException {
        return analyse(DataSource.of(path), options);
    }

    /** Reads and prepares the data of {@code source}. */
    public static PreparedData analyse(DataSource source, AnalysisOptions options) throws IOException {
        return switch (source) {
            case DataSource.CsvFile(Path p) ->
                    TableAnalysis.analyse(firstRows(TableReader.read(p), options), options, false);
            case DataSource.TextFile(Path p) -> TableAnalysis.analyse(firstRows(TextFileReader.read(p), options),
                    options.target() == null ? options.withTarget("label") : options, true);
            case DataSource.IdxFiles(Path images, Path labels) ->
                    ImageAnalysis.analyse(ImageAnalysis.readIdx(images, labels, options.maxSamples()),
                            images.toString(), options);
            case DataSource.ImageFolder(Path folder) -> {
                if (!canReadImages()) {
                    throw new DataFileException(folder + ": reading images needs the java.desktop module, which this"
                            + " Java runtime lacks; use a full JDK, or give the images as IDX files");
                }
                yield ImageAnalysis.analyse(ImageFolderReader.read(folder, options.maxSamples()), folder.toString(),
                        options);
            }
        };
    }

    /** Whether this Java runtime can decode PNG/JPEG images (it has the {@code java.desktop} module). */
    public static boolean canReadImages() {
        return ModuleLayer.boot().findModule("java.desktop").isPresent();
    }

    private static RawTable firstRows(RawTable table, AnalysisOptions options) {
        if (options.maxSamples() == 0 || options.maxSamples() >= table.size()) return table;
        int[] rows = new int[options.maxSamples()];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        return TableAnalysis.keep(table, rows);
    }
}
