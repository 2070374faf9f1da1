package io.jgrad.select.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.metrics.ConfusionMatrix;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartsTest {

    @Test
    void lineChartsBreakAtNaNAndEscapeText() {
        String svg = SvgCharts.lineChart("loss <train>", "epoch", "loss & more", List.of(
                new SvgCharts.Series("a\"b", new double[] {3, 2, Double.NaN, 1}, false, 0),
                new SvgCharts.Series("flat", new double[] {5, 5, 5, 5}, true, 1)));
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.endsWith("</svg>"));
        assertTrue(svg.contains("loss &lt;train&gt;") && svg.contains("loss &amp; more") && svg.contains("a&quot;b"));
        assertFalse(svg.contains("<train>"));
        String firstPath = svg.substring(svg.indexOf("<path d=\""), svg.indexOf("\"", svg.indexOf("<path d=\"") + 9));
        assertEquals(2, firstPath.split("M").length - 1, "a new segment after the NaN: " + firstPath);
        assertTrue(svg.contains("stroke-dasharray"));
        assertFalse(svg.contains("NaN"), "no NaN coordinates");
    }

    @Test
    void confusionMatrixShowsEveryCount() {
        ConfusionMatrix cm = ConfusionMatrix.of(new long[] {0, 0, 1, 1, 1}, new long[] {0, 1, 1, 1, 0}, 2);
        String svg = SvgCharts.confusionMatrix(cm, List.of("cat", "dog"));
        assertEquals(4, svg.split("<rect").length - 1);
        assertTrue(svg.contains(">cat</text>") && svg.contains(">2</text>"), svg);
    }
}
