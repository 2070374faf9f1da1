package io.jgrad.select.report;

import io.jgrad.select.SelectionReport;

import java.util.List;

/** A selection report as Markdown (the charts are in the HTML report). */
public final class MarkdownReport {
    private MarkdownReport() {}

    /** The report's Markdown text. */
    public static String render(SelectionReport report) {
        StringBuilder sb = new StringBuilder("# Model selection: ").append(report.chosenFamily()).append("\n\n");
        for (Section s : ReportContent.of(report)) {
            sb.append("## ").append(s.title()).append("\n\n");
            for (String p : s.paragraphs()) sb.append(p).append("\n\n");
            for (List<List<String>> table : s.tables()) table(sb, table);
            if (s.chart() != null) sb.append("_(chart in report.html)_\n\n");
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<List<String>> rows) {
        for (int i = 0; i < rows.size(); i++) {
            sb.append('|');
            for (String cell : rows.get(i)) {
                sb.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
            }
            sb.append('\n');
            if (i == 0) sb.append("|---".repeat(rows.get(0).size())).append("|\n");
        }
        sb.append('\n');
    }
}
