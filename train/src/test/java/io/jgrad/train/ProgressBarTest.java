package io.jgrad.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    private static final String LONG_MESSAGE = "loss 0.4123, 12,345 samples/s";

    @Test
    void thePlainBarFitsEveryWidthFromSixtyColumnsWithAVisibleBar() {
        for (int width = PlainBar.MIN_WIDTH; width <= 200; width++) {
            PlainBar bar = new PlainBar(new PrintStream(new ByteArrayOutputStream()), width);
            bar.begin("epoch 10/20", 469);
            for (int done : new int[] {0, 1, 234, 469}) {
                String line = bar.render(done, LONG_MESSAGE + ", accuracy 0.8512, top5 0.9912", OptionalDouble.of(3725));
                assertTrue(line.length() <= width - 1, width + ": " + line);
                int cells = line.indexOf(']') - line.indexOf('[') - 1;
                assertTrue(cells >= 10, width + ": " + line);
                assertTrue(line.endsWith(" ETA 1:02:05"), line);
            }
        }
    }

    @Test
    void thePlainBarFillsInProportionAndNarrowWidthsCountAsSixty() {
        PlainBar bar = new PlainBar(new PrintStream(new ByteArrayOutputStream()), 20);
        bar.begin("epoch 1/5", 100);
        String half = bar.render(50, "", OptionalDouble.empty());
        int open = half.indexOf('['), close = half.indexOf(']');
        String cells = half.substring(open + 1, close);
        assertEquals(cells.length() / 2, cells.chars().filter(c -> c == '#').count(), half);
        assertTrue(half.endsWith("50/100 ETA --:--"), half);
        assertEquals(PlainBar.MIN_WIDTH - 1, half.length(), half);
    }

    @Test
    void thePlainBarRedrawsInPlaceAndClearsItself() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlainBar bar = new PlainBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 80);
        bar.begin("epoch 1/1", 10);
        bar.update(5, LONG_MESSAGE, OptionalDouble.empty());
        bar.update(10, "", OptionalDouble.of(0));
        bar.end();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\n"), out);
        assertEquals(4, out.chars().filter(c -> c == '\r').count(), out);
    }

    @Test
    void theEtaIgnoresTheSlowFirstBatchAndSettlesBeforeShowing() {
        EtaEstimate eta = new EtaEstimate();
        assertTrue(eta.secondsLeft(1, 100, 8.0).isEmpty(), "first batch: warm-up, no estimate");
        assertTrue(eta.secondsLeft(2, 100, 8.1).isEmpty(), "one paced batch is not enough");
        assertTrue(eta.secondsLeft(3, 100, 8.2).isEmpty(), "under half a second of pace");
        // From batch 1 (8.0 s) to batch 11 (9.0 s): 0.1 s per batch, 89 batches left.
        assertEquals(8.9, eta.secondsLeft(11, 100, 9.0).getAsDouble(), 1e-9);
        eta.reset();
        assertTrue(eta.secondsLeft(1, 100, 0.1).isEmpty());
        assertEquals("--:--", EtaEstimate.format(OptionalDouble.empty()));
        assertEquals("0:07", EtaEstimate.format(OptionalDouble.of(7.4)));
        assertEquals("12:03", EtaEstimate.format(OptionalDouble.of(723)));
    }

    @Test
    void withTheOptionalLibrariesTheRichExtrasAreUsed() throws Exception {
        assertTrue(HistoryWriter.plottingAvailable());
        assertTrue(Progress.Bar.libraryPresent());
    }

    /**
     * jgrad-train loaded by a class loader that cannot see JFreeChart, the progress-bar library or its terminal library
     * (as for a user who leaves the optional dependencies out): the bar is the plain one and plotting is off.
     */
    @Test
    void withoutTheOptionalLibrariesThePlainBarRunsAndPlotsAreOff() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : testClassPath()) {
            if (entry.contains("jfreechart") || entry.contains("progressbar") || entry.contains("jline")) continue;
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader without = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> writer = Class.forName(HistoryWriter.class.getName(), true, without);
            Method available = writer.getDeclaredMethod("plottingAvailable");
            available.setAccessible(true);
            assertEquals(false, available.invoke(null));
            Class<?> progress = Class.forName(Progress.class.getName(), true, without);
            Object bar = progress.getMethod("bar", PrintStream.class).invoke(null, new PrintStream(new ByteArrayOutputStream()));
            Field view = bar.getClass().getDeclaredField("view");
            view.setAccessible(true);
            assertEquals(PlainBar.class.getName(), view.get(bar).getClass().getName());
        }
    }

    /** The test class path's entries (surefire may hide them behind a manifest-only jar). */
    private static List<String> testClassPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = List.of(path.split(File.pathSeparator));
        assertTrue(entries.stream().anyMatch(e -> e.contains("jfreechart")), "JFreeChart not found on " + path);
        return entries;
    }
}
