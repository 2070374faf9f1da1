package io.jgrad.select.analyse;

import io.jgrad.data.DataFileException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a text file of labelled examples into a two-column {@link RawTable} ({@code text}, {@code label}): one example
 * per line, either the label, a tab and the text ({@code positive<TAB>A fine film}), or fastText's form
 * {@code __label__positive A fine film}. Blank lines are skipped; the file must be UTF-8.
 */
public final class TextFileReader {
    private static final String FASTTEXT_PREFIX = "__label__";

    private TextFileReader() {
    }

    /**
     * Reads the file.
     *
     * @throws DataFileException for an empty file, or a line with neither a tab nor a {@code __label__} prefix, naming
     *                           the line
     */
    public static RawTable read(Path path) throws IOException {
        String source = path.toString();
        List<String> lines = lines(path);
        if (lines.stream().allMatch(String::isBlank)) {
            throw new DataFileException(source + ": the file is empty; give one example per line: the label, a tab,"
                    + " the text");
        }
        List<String[]> rows = new ArrayList<>();
        long[] numbers = new long[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String label, text;
            int tab = line.indexOf('\t');
            if (line.startsWith(FASTTEXT_PREFIX)) {
                int space = line.indexOf(' ');
                label = space < 0 ? line.substring(FASTTEXT_PREFIX.length()) : line.substring(FASTTEXT_PREFIX.length(),
                        space);
                text = space < 0 ? "" : line.substring(space + 1).strip();
            } else if (tab > 0) {
                label = line.substring(0, tab).strip();
                text = line.substring(tab + 1).strip();
            } else {
                throw new DataFileException(source + ": line " + (i + 1) + " has no tab between the label and"
                        + " the text; write each example as label<TAB>text (or __label__name text)");
            }
            numbers[rows.size()] = i + 1;
            rows.add(new String[] {text, label});
        }
        return new RawTable(source, List.of("text", "label"), rows, Arrays.copyOf(numbers, rows.size()), List.of());
    }

    /** The lines of a UTF-8 text file (strictly decoded). */
    static List<String> lines(Path path) throws IOException {
        if (Files.isDirectory(path)) throw new DataFileException(path + ": is a folder, not a text file");
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new DataFileException(path + ": not valid UTF-8 text", e);
        }
    }
}
