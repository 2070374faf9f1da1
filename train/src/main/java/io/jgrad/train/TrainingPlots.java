package io.jgrad.train;

import io.jgrad.io.AtomicFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Training curves as PNG files (JFreeChart, rendered headless): {@code loss.png} and one {@code <metric>.png} per
 * metric, each with the training and (when present) validation values per epoch.
 */
public final class TrainingPlots {
    private static final Set<String> NOT_PLOTTED = Set.of("epoch", "lr", "samples_per_s", "seconds");

    private TrainingPlots() {}

    /** Writes one PNG per training quantity; returns the files written. */
    public static List<Path> write(History history, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        double[] epochs = history.column("epoch");
        for (String name : history.columns()) {
            if (NOT_PLOTTED.contains(name) || name.startsWith("val_")) continue;
            XYSeriesCollection data = new XYSeriesCollection();
            data.addSeries(series("train", epochs, history.column(name)));
            if (history.columns().contains("val_" + name)) data.addSeries(series("validation", epochs, history.column("val_" + name)));
            JFreeChart chart = ChartFactory.createXYLineChart(name, "epoch", name, data, PlotOrientation.VERTICAL, true, false, false);
            style(chart);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(png, chart, 800, 500);
            Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".png");
            AtomicFiles.write(file, png.toByteArray());
            written.add(file);
        }
        return written;
    }

    private static void style(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // whole epochs
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesPaint(1, new Color(0xff7f0e));
        for (int i = 0; i < 2; i++) renderer.setSeriesStroke(i, new BasicStroke(2f));
        plot.setRenderer(renderer);
    }

    private static XYSeries series(String key, double[] x, double[] y) {
        XYSeries s = new XYSeries(key);
        for (int i = 0; i < x.length; i++) if (!Double.isNaN(y[i])) s.add(x[i], y[i]);
        return s;
    }
}
