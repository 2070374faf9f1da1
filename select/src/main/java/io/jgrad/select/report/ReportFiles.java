package io.jgrad.select.report;

import io.jgrad.io.AtomicFiles;
import io.jgrad.select.SelectionReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes a selection's reports into a folder: {@code report.md}, {@code report.html} and {@code report.json}. */
public final class ReportFiles {
    private ReportFiles() {}

    /** Writes the three reports into {@code dir} (which must exist), each atomically. */
    public static void writeAll(SelectionReport report, Path dir) throws IOException {
        write(dir.resolve("report.md"), MarkdownReport.render(report));
        write(dir.resolve("report.html"), HtmlReport.render(report));
        write(dir.resolve("report.json"), JsonReport.render(report));
    }

    private static void write(Path file, String text) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
