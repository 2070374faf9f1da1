package io.jgrad.examples;

import io.jgrad.data.text.TextFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A line of a text file given to {@code predict} or {@code evaluate} (a prompt, a source to translate, a pair), with
 * where it came from for the messages.
 *
 * @param file   the file
 * @param number the line's number, from 1
 * @param text   the line without its line break
 */
record TextLine(Path file, int number, String text) {
    /** Where the line is: {@code file:number}. */
    String place() { return file + ":" + number; }

    /**
     * The lines of {@code files} (UTF-8, checked) that are not blank, in order.
     *
     * @throws IllegalArgumentException if there is none, naming the files
     */
    static List<TextLine> readAll(List<Path> files) throws IOException {
        List<TextLine> out = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = TextFiles.readUtf8(file).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) out.add(new TextLine(file, i + 1, lines.get(i)));
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--data " + files + ": no line that is not blank");
        return out;
    }
}
