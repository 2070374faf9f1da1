package io.jgrad.select.report;

import io.jgrad.metrics.ConfusionMatrix;

import java.util.List;
import java.util.Locale;

/** Small self-contained SVG charts (no scripts, no external styles): line charts and a confusion-matrix heat map. */
public final class SvgCharts {
    private static final int WIDTH = 520, HEIGHT = 280, LEFT = 60, RIGHT = 130, TOP = 30, BOTTOM = 40;
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private SvgCharts() {}

    /**
     * One line of a chart; NaN values leave gaps.
     *
     * @param name   the legend text
     * @param values y values at x = 1, 2, ...
     * @param dashed whether the line is dashed
     * @param color  the index of its colour in a fixed palette of ten (lines of one group share it)
     */
    public record Series(String name, double[] values, boolean dashed, int color) {}

    /** A line chart of {@code series} over x = 1..n with axis labels and a legend. */
    public static String lineChart(String title, String xLabel, String yLabel, List<Series> series) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int n = 1;
        for (Series s : series) {
            n = Math.max(n, s.values().length);
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-12) {
            lo -= 0.5;
            hi += 0.5;
        }
        int plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder sb = open(WIDTH, HEIGHT, title);
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#999\"/>", LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= 4; i++) { // y grid and labels
            double v = lo + (hi - lo) * i / 4;
            double y = TOP + plotH - plotH * i / 4.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", LEFT, y,
                    LEFT + plotW, y, LEFT - 4, y + 3, label(v)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">1</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>", LEFT, TOP + plotH + 14,
                LEFT + plotW, TOP + plotH + 14, n));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>"
                + "<text x=\"12\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 %d)\">%s"
                + "</text>", LEFT + plotW / 2, HEIGHT - 8, escape(xLabel), TOP + plotH / 2, TOP + plotH / 2,
                escape(yLabel)));
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String color = COLORS[Math.floorMod(line.color(), COLORS.length)];
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < line.values().length; i++) {
                double v = line.values()[i];
                if (!Double.isFinite(v)) {
                    pen = false;
                    continue;
                }
                double x = LEFT + (n == 1 ? plotW / 2.0 : plotW * i / (double) (n - 1));
                double y = TOP + plotH - plotH * (v - lo) / (hi - lo);
                path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                pen = true;
                if (line.values().length == 1) {
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x, y,
                            color));
                }
            }
            if (!path.isEmpty()) {
                sb.append("<path d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"")
                        .append(color).append("\" stroke-width=\"1.5\"")
                        .append(line.dashed() ? " stroke-dasharray=\"4 3\"" : "").append("/>");
            }
            int ly = TOP + 10 + 14 * s;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"2\"%s/><text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>", LEFT + plotW + 8,
                    ly, LEFT + plotW + 24, ly, color, line.dashed() ? " stroke-dasharray=\"4 3\"" : "",
                    LEFT + plotW + 28, ly + 3, escape(line.name())));
        }
        return sb.append("</svg>").toString();
    }

    /** A heat map of {@code cm} (rows: truth, columns: prediction), each cell shaded by its share of its row. */
    public static String confusionMatrix(ConfusionMatrix cm, List<String> names) {
        int k = cm.classes(), cell = Math.max(18, Math.min(48, 420 / Math.max(1, k))), left = 110, top = 40;
        int width = left + k * cell + 20, height = top + k * cell + 30;
        StringBuilder sb = open(width, height, "Confusion matrix (test)");
        for (int t = 0; t < k; t++) {
            long support = cm.support(t);
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s"
                    + "</text>", left - 4, top + t * cell + cell / 2 + 3, escape(shorten(names.get(t)))));
            for (int p = 0; p < k; p++) {
                long c = cm.count(t, p);
                double share = support == 0 ? 0 : (double) c / support;
                int shade = (int) Math.round(255 - 200 * share);
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                        + " fill=\"rgb(%d,%d,255)\" stroke=\"#fff\"/>", left + p * cell, top + t * cell, cell, cell,
                        shade, shade));
                if (cell >= 18) {
                    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"9\""
                            + " text-anchor=\"middle\" fill=\"%s\">%d</text>", left + p * cell + cell / 2,
                            top + t * cell + cell / 2 + 3, share > 0.6 ? "#fff" : "#000", c));
                }
            }
        }
        for (int p = 0; p < k; p++) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s"
                    + "</text>", left + p * cell + cell / 2, top - 4, escape(shorten(names.get(p)))));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">"
                + "predicted (rows: truth)</text>", left + k * cell / 2, height - 8));
        return sb.append("</svg>").toString();
    }

    private static StringBuilder open(int width, int height, String title) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\"><title>%s</title><text x=\"%d\""
                + " y=\"16\" font-size=\"13\" text-anchor=\"middle\">%s</text>", width, height, width, height,
                escape(title), width / 2, escape(title)));
    }

    private static String shorten(String s) { return s.length() > 14 ? s.substring(0, 13) + "…" : s; }

    private static String label(double v) {
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.2e", v)
                : String.format(Locale.ROOT, "%.4g", v);
    }

    /** {@code text} safe inside XML and HTML. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
