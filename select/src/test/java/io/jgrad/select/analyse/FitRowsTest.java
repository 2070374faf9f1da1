package io.jgrad.select.analyse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.select.PreparedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preprocessing fitted on the training rows only: nothing of the held-out rows reaches the statistics. */
class FitRowsTest {
    @TempDir
    Path dir;

    @Test
    void tableStatisticsAndCategoriesComeFromTheFitRows() throws IOException {
        Path f = Files.writeString(dir.resolve("t.csv"), "x,kind,y\n1,a,0\n3,b,1\n,a,0\n1000,c,1\n5,b,0\n");
        AnalysisOptions fitOn = AnalysisOptions.defaults().withFitRows(new int[] {0, 1, 2, 4});
        PreparedData d = DataAnalyzer.analyse(f, fitOn);
        TableEncoding enc = (TableEncoding) d.encoding();
        ColumnEncoding.Numeric x = (ColumnEncoding.Numeric) enc.columns().get(0);
        assertEquals(3, x.fill());                       // the median of 1, 3, 5: not of 1000
        assertEquals(3, x.mean(), 1e-12);                // 1, 3, 3 (filled), 5
        assertEquals(List.of("a", "b"), ((ColumnEncoding.OneHot) enc.columns().get(1)).categories());
        assertEquals(5, d.size());                       // every row is still prepared
        float[] row3 = new float[enc.width()];
        System.arraycopy(d.inputs().toFloatArray(), 3 * enc.width(), row3, 0, enc.width());
        assertEquals(0f, row3[2] + row3[3]);             // 'c' was not among the fitting rows
        assertTrue(d.profile().findings().stream().anyMatch(s -> s.contains("'x' has 1 missing value (20.0%)")),
                d.profile().findings().toString());
    }

    @Test
    void aColumnConstantInTheFitRowsIsDroppedAndSaysWhy() throws IOException {
        Path f = Files.writeString(dir.resolve("c.csv"), "x,z,y\n1,7,0\n2,7,1\n3,9,0\n");
        PreparedData d = DataAnalyzer.analyse(f, AnalysisOptions.defaults().withFitRows(new int[] {0, 1}));
        assertEquals(List.of(1), d.profile().inputShape());
        assertTrue(d.profile().findings().stream().anyMatch(s -> s.contains(
                "'z' has the same value in every row of the rows the preprocessing is fitted on")),
                d.profile().findings().toString());
    }

    @Test
    void theVocabularyComesFromTheFitTexts() throws IOException {
        Path f = Files.writeString(dir.resolve("t.txt"), "pos\tgood film\nneg\tbad film\npos\tsecret word\n");
        PreparedData d = DataAnalyzer.analyse(f, AnalysisOptions.defaults().withFitRows(new int[] {0, 1}));
        List<String> vocabulary = ((TextEncoding) d.encoding()).tokenizer().vocabulary();
        assertEquals(List.of("film", "good", "bad"), vocabulary);
        assertFalse(vocabulary.contains("secret"));
    }

    @Test
    void badFitRowsAreNamed() throws IOException {
        Path f = Files.writeString(dir.resolve("b.csv"), "x,y\n1,0\n2,1\n3,0\n");
        var e = assertThrows(IllegalArgumentException.class,
                () -> DataAnalyzer.analyse(f, AnalysisOptions.defaults().withFitRows(new int[] {0, 3})));
        assertTrue(e.getMessage().contains("increasing indices in [0, 3), got 3 at position 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DataAnalyzer.analyse(f, AnalysisOptions.defaults().withFitRows(new int[0])));
    }
}
