package io.jgrad.select.report;

import io.jgrad.select.SelectionReport;
import io.jgrad.select.Trial;
import io.jgrad.select.compare.FoldOutcome;
import io.jgrad.train.History;

import java.util.ArrayList;
import java.util.List;

/** A selection report as one self-contained HTML page: inline style and inline SVG charts, no scripts. */
public final class HtmlReport {
    private static final String STYLE = "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
            + "table{border-collapse:collapse;margin:0.5em 0 1.2em}td,th{border:1px solid #ccc;padding:3px 8px;"
            + "font-size:13px;text-align:left}th{background:#f3f3f3}h2{margin-top:1.6em}svg{margin:0.4em 1em 0.4em 0}";

    private HtmlReport() {}

    /** The report's HTML text. */
    public static String render(SelectionReport report) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Model selection</title><style>").append(STYLE).append("</style></head><body>\n");
        sb.append("<h1>Model selection: ").append(SvgCharts.escape(report.chosenFamily())).append("</h1>\n");
        for (Section s : ReportContent.of(report)) {
            sb.append("<h2>").append(SvgCharts.escape(s.title())).append("</h2>\n");
            for (String p : s.paragraphs()) sb.append("<p>").append(SvgCharts.escape(p)).append("</p>\n");
            for (List<List<String>> table : s.tables()) table(sb, table);
            if (s.chart() != null) sb.append("<div>").append(chart(s.chart(), report)).append("</div>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String chart(Section.Chart chart, SelectionReport r) {
        return switch (chart) {
            case LEARNING_CURVES -> learningCurves(r);
            case CONVERGENCE -> convergence(r);
            case CONFUSION_MATRIX -> SvgCharts.confusionMatrix(r.test().confusion(), r.profile().classNames());
        };
    }

    private static String learningCurves(SelectionReport r) {
        List<SvgCharts.Series> series = new ArrayList<>();
        List<FoldOutcome> folds = r.chosen().folds();
        for (int i = 0; i < Math.min(folds.size(), 6); i++) { // the legend has room for six folds
            History h = folds.get(i).history();
            series.add(new SvgCharts.Series(folds.get(i).fold() + " train", h.column("loss"), false, i));
            series.add(new SvgCharts.Series(folds.get(i).fold() + " val", h.column("val_loss"), true, i));
        }
        String perFold = SvgCharts.lineChart("Loss per epoch (solid: train, dashed: validation)", "epoch", "loss",
                series);
        String last = SvgCharts.lineChart("Final fit on train+validation", "epoch", "loss",
                List.of(new SvgCharts.Series("train", r.finalHistory().column("loss"), false, 0)));
        return perFold + last;
    }

    private static String convergence(SelectionReport r) {
        double[] score = r.trials().stream().mapToDouble(Trial::score).toArray();
        return SvgCharts.lineChart("Search convergence", "trial", r.metric().key(),
                List.of(new SvgCharts.Series("trial", score, true, 0), new SvgCharts.Series("best so far",
                        r.searchConvergence(), false, 1)));
    }

    private static void table(StringBuilder sb, List<List<String>> rows) {
        sb.append("<table>\n");
        for (int i = 0; i < rows.size(); i++) {
            String tag = i == 0 ? "th" : "td";
            sb.append("<tr>");
            for (String cell : rows.get(i)) sb.append('<').append(tag).append('>').append(SvgCharts.escape(cell))
                    .append("</").append(tag).append('>');
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }
}
