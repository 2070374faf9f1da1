package io.jgrad.select.analyse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.data.DataFileException;
import io.jgrad.select.Modality;
import io.jgrad.select.PreparedData;
import io.jgrad.select.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextAnalysisTest {
    @TempDir
    Path dir;

    @Test
    void wordsAreLowerCaseRunsOfLettersAndDigits() {
        assertEquals(List.of("it", "s", "a", "great", "film", "10", "10"), WordTokenizer.words("It's a GREAT film -- 10/10!"));
        WordTokenizer t = WordTokenizer.fit(List.of("b a b", "c b"), 2);
        assertEquals(List.of("b", "a"), t.vocabulary());
        assertArrayEquals(new long[] {2, 1, 3, 0}, t.encode("B c a", 4));
        assertArrayEquals(new long[] {2, 2}, t.encode("b b b", 2));
    }

    @Test
    void aTextFileOfLabelTabTextIsATextTask() throws IOException {
        Path f = Files.writeString(dir.resolve("reviews.txt"), """
                pos\tA fine film, a fine cast.
                neg\tDull and long.

                pos\tFine!
                __label__neg dull dull dull
                """);
        PreparedData d = DataAnalyzer.analyse(f, AnalysisOptions.defaults());
        assertEquals(Modality.TEXT, d.profile().modality());
        assertEquals(TaskType.BINARY_CLASSIFICATION, d.profile().task());
        assertEquals(List.of("neg", "pos"), d.profile().classNames());
        assertEquals(4, d.size());
        assertEquals(DType.I64, d.inputs().dtype());
        assertEquals(((TextEncoding) d.encoding()).tokenizer().idCount(), d.profile().tokenIds());
        int length = d.profile().inputShape().getFirst();
        assertEquals(6, length); // the longest text, 6 words, is within the 95th percentile of 4 texts
        TextEncoding enc = assertInstanceOf(TextEncoding.class, d.encoding());
        assertEquals(List.of("dull", "fine", "a"), enc.tokenizer().vocabulary().subList(0, 3)); // by count
        long[] ids = d.inputs().toLongArray();
        assertArrayEquals(new long[] {4, 3, 5, 4, 3, 6}, java.util.Arrays.copyOf(ids, 6)); // a fine film a fine cast
        assertArrayEquals(new long[] {3, 0, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(ids, 12, 18)); // fine, padded
        assertEquals("[1, 0, 1, 0]", java.util.Arrays.toString(d.targets().toLongArray()));
        assertEquals(enc, InputEncoding.fromJson(enc.toJson(), "m"));
        assertTrue(d.profile().findings().getFirst().startsWith("4 texts in the column 'text'"),
                d.profile().findings().toString());
    }

    @Test
    void aCsvWithOneTextColumnIsATextTaskAndLongTextsAreCut() throws IOException {
        StringBuilder csv = new StringBuilder("review,stars\n");
        for (int i = 0; i < 20; i++) {
            csv.append("\"word ").append("again ".repeat(i)).append("end\",").append(i % 2 == 0 ? "good" : "bad")
                    .append('\n');
        }
        Path f = Files.writeString(dir.resolve("r.csv"), csv);
        PreparedData d = DataAnalyzer.analyse(f, AnalysisOptions.defaults().withText(8, 100));
        assertEquals(Modality.TEXT, d.profile().modality());
        assertEquals(List.of(8), d.profile().inputShape());
        assertTrue(d.profile().findings().stream().anyMatch(s -> s.contains("longer texts are cut")),
                d.profile().findings().toString());
    }

    @Test
    void aLineWithoutALabelNamesTheLine() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.txt"), "pos\tgood\njust some text\n");
        var e = assertThrows(DataFileException.class, () -> DataAnalyzer.analyse(f, AnalysisOptions.defaults()));
        assertTrue(e.getMessage().contains("bad.txt: line 2 has no tab between the label and the text"),
                e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        var e2 = assertThrows(DataFileException.class, () -> DataAnalyzer.analyse(empty, AnalysisOptions.defaults()));
        assertTrue(e2.getMessage().contains("the file is empty"), e2.getMessage());
    }
}
