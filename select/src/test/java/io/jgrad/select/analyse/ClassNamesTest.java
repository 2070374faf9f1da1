package io.jgrad.select.analyse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.select.PreparedData;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names for classes given as integer codes: IDX labels, a CSV column of codes. */
class ClassNamesTest {
    @TempDir
    Path dir;

    /**
     * An IDX pair in {@code folder}: {@code n} images of 8x8 pixels, label {@code i % classes}, each class a bright
     * row at its own height on a dark background.
     */
    public static Path idxImages(Path folder, int n, int classes) throws IOException {
        Files.createDirectories(folder);
        Path images = folder.resolve("train-images-idx3-ubyte");
        try (var out = new DataOutputStream(Files.newOutputStream(images))) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(8);
            out.writeInt(8);
            for (int i = 0; i < n; i++) {
                int row = 1 + 2 * (i % classes), shift = i / classes % 3;
                for (int p = 0; p < 64; p++) out.writeByte(p / 8 == row ? 200 + shift * 20 : (p * 7 + i) % 40);
            }
        }
        try (var out = new DataOutputStream(Files.newOutputStream(folder.resolve("train-labels-idx1-ubyte")))) {
            out.writeInt(0x801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) out.writeByte(i % classes);
        }
        return folder;
    }

    @Test
    void idxClassesAreTheCodesUnlessNamed() throws IOException {
        Path idx = idxImages(dir.resolve("idx"), 30, 3);
        assertEquals(List.of("0", "1", "2"), DataAnalyzer.analyse(idx, AnalysisOptions.defaults()).profile()
                .classNames());
        PreparedData named = DataAnalyzer.analyse(idx, AnalysisOptions.defaults()
                .withClassNames(List.of("top", " middle ", "bottom")));
        assertEquals(List.of("top", "middle", "bottom"), named.profile().classNames());
        assertTrue(named.profile().findings().contains("The classes are named as given: 0 = top, 1 = middle,"
                + " 2 = bottom."), named.profile().findings().toString());

        var e = assertThrows(IllegalArgumentException.class, () -> DataAnalyzer.analyse(idx,
                AnalysisOptions.defaults().withClassNames(List.of("top", "bottom"))));
        assertTrue(e.getMessage().endsWith("train-images-idx3-ubyte's labels has 3 classes (codes 0, 1, 2) but 2 class"
                + " names were given (top, bottom): give 3 names, separated by commas, one per code in increasing"
                + " order"), e.getMessage());
    }

    @Test
    void aCsvColumnOfCodesIsNamedInIncreasingOrderOfTheCodes() throws IOException {
        StringBuilder csv = new StringBuilder("x,grade\n");
        for (int i = 0; i < 30; i++) csv.append(i).append(',').append(new int[] {7, 3, 5}[i % 3]).append('\n');
        Path file = Files.writeString(dir.resolve("grades.csv"), csv);
        PreparedData d = DataAnalyzer.analyse(file, AnalysisOptions.defaults()
                .withClassNames(List.of("low", "mid", "high")));
        assertEquals(List.of("low", "mid", "high"), d.profile().classNames());
        assertEquals(List.of(2L, 0L, 1L), List.of(d.targets().toLongArray()[0], d.targets().toLongArray()[1],
                d.targets().toLongArray()[2]), "7 is the highest code, 3 the lowest");
        assertTrue(d.profile().findings().contains("The classes are named as given: 3 = low, 5 = mid, 7 = high."));
    }

    @Test
    void namesThatDoNotFitSayWhatToChange() throws IOException {
        StringBuilder words = new StringBuilder("x,animal\n");
        for (int i = 0; i < 20; i++) words.append(i).append(',').append(i % 2 == 0 ? "cat" : "dog").append('\n');
        Path named = Files.writeString(dir.resolve("animals.csv"), words);
        var e = assertThrows(IllegalArgumentException.class, () -> DataAnalyzer.analyse(named,
                AnalysisOptions.defaults().withClassNames(List.of("a", "b"))));
        assertTrue(e.getMessage().endsWith("names its classes already (cat, dog); class names (--class-names) name"
                + " integer codes such as 0, 1, 2: leave them out"), e.getMessage());

        StringBuilder numbers = new StringBuilder("x,price\n");
        for (int i = 0; i < 20; i++) numbers.append(i).append(',').append(i * 1.5 + 0.25).append('\n');
        Path regression = Files.writeString(dir.resolve("prices.csv"), numbers);
        e = assertThrows(IllegalArgumentException.class, () -> DataAnalyzer.analyse(regression,
                AnalysisOptions.defaults().withClassNames(List.of("a", "b"))));
        assertTrue(e.getMessage().contains("is a regression target (numbers to predict), so there are no classes to"
                + " name: leave out the class names (--class-names), or give --task classification"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> AnalysisOptions.defaults()
                .withClassNames(List.of("a", "b", "a")));
        assertEquals("the class name 'a' is given twice in [a, b, a]; give each class its own name", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AnalysisOptions.defaults()
                .withClassNames(List.of("a", " ")));
        assertEquals("a class name is empty in [a, ]; give every class a name, separated by commas", e.getMessage());
    }
}
