package io.jgrad.data.text;

import io.jgrad.data.DataFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TextCorpusTest {
    @TempDir
    Path dir;

    @Test
    void invalidUtf8IsRejectedWithFileAndOffset() throws IOException {
        Path f = dir.resolve("latin1.txt");
        Files.write(f, new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', 'x'});
        var e = assertThrows(DataFileException.class, () -> TextFiles.readUtf8(f));
        assertTrue(e.getMessage().startsWith(f + ": not valid UTF-8 at byte offset 3 (bytes 0xE9"), e.getMessage());
        Files.write(f, new byte[] {'a', (byte) 0xE2, (byte) 0x82}); // a three-byte sequence cut short
        var cut = assertThrows(DataFileException.class, () -> TextFiles.readUtf8(f));
        assertTrue(cut.getMessage().contains("byte offset 1"), cut.getMessage());
        assertTrue(cut.getMessage().contains("at the end"), cut.getMessage());
        Files.write(f, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // an encoded surrogate is not UTF-8
        assertThrows(DataFileException.class, () -> TextFiles.readUtf8(f));
        Files.write(f, "h\u00E9 \uD83D\uDE00".getBytes(StandardCharsets.UTF_8));
        assertEquals("h\u00E9 \uD83D\uDE00", TextFiles.readUtf8(f));
    }

    @Test
    void aDirectoryIsReadInNameOrderSkippingIndexesLinksAndHiddenFiles() throws IOException {
        Files.writeString(dir.resolve("b"), "bee\n");
        Files.writeString(dir.resolve("a"), "ay\n");
        Files.write(dir.resolve("a.dat"), new byte[] {(byte) 0xFF, 0});
        Files.writeString(dir.resolve(".hidden"), "no");
        Files.createSymbolicLink(dir.resolve("a.u8"), dir.resolve("a"));
        Files.createDirectory(dir.resolve("off"));
        TextCorpus c = TextCorpus.readDirectory(dir);
        assertEquals(List.of("a", "b"), c.names());
        assertEquals("ay\nbee\n", c.text());
        assertEquals(7, c.length());
    }

    @Test
    void emptyAndMissingCorporaAreErrors() throws IOException {
        var none = assertThrows(DataFileException.class, () -> TextCorpus.readDirectory(dir));
        assertTrue(none.getMessage().contains("no text"), none.getMessage());
        Files.writeString(dir.resolve("empty"), "");
        var empty = assertThrows(DataFileException.class, () -> TextCorpus.readDirectory(dir));
        assertTrue(empty.getMessage().contains("1 files are empty"), empty.getMessage());
        assertThrows(NoSuchFileException.class, () -> TextCorpus.readDirectory(dir.resolve("missing")));
        Files.write(dir.resolve("bad"), new byte[] {'x', (byte) 0x80});
        var bad = assertThrows(DataFileException.class, () -> TextCorpus.readDirectory(dir));
        assertTrue(bad.getMessage().contains("bad: not valid UTF-8 at byte offset 1"), bad.getMessage());
    }

    private static TextCorpus corpus(int documents) {
        List<TextCorpus.Document> docs = new java.util.ArrayList<>();
        for (int i = 0; i < documents; i++) docs.add(new TextCorpus.Document("d" + i, "0123456789"));
        return new TextCorpus(docs);
    }

    @Test
    void splitByFileIsSeededAndDisjoint() {
        TextCorpus c = corpus(10);
        TextCorpus.Split s = c.splitByFile(0.2, 7);
        assertEquals(2, s.heldOut().documents().size());
        assertEquals(8, s.train().documents().size());
        assertEquals(s, c.splitByFile(0.2, 7), "the same seed, the same split");
        Set<String> all = new java.util.HashSet<>(s.train().names());
        all.addAll(s.heldOut().names());
        assertEquals(10, all.size());
        TextCorpus.Split named = c.splitByFile(List.of("d3"));
        assertEquals(List.of("d3"), named.heldOut().names());
        assertThrows(IllegalArgumentException.class, () -> c.splitByFile(List.of("nope")));
        assertThrows(IllegalArgumentException.class, () -> corpus(1).splitByFile(0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> c.splitByFile(1.0, 1));
    }

    @Test
    void splitTailHoldsOutTheEndOfEveryDocument() {
        TextCorpus c = new TextCorpus(List.of(new TextCorpus.Document("x", "abcdefghij"),
                new TextCorpus.Document("y", "\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02\uD83D\uDE03")));
        TextCorpus.Split s = c.splitTail(0.25);
        assertEquals("abcdefgh\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02", s.train().text());
        assertEquals("ij\uD83D\uDE03", s.heldOut().text(), "cut at code points, never inside a surrogate pair");
        assertThrows(IllegalArgumentException.class, () -> new TextCorpus(List.of(new TextCorpus.Document("x", "ab")))
                .splitTail(0.1));
    }

    @Test
    void theFortunesCorpusIsTheTextFiles() throws IOException {
        assumeTrue(Files.isDirectory(TextCorpus.FORTUNES_DIR), "Debian's fortunes package is not installed");
        TextCorpus c = TextCorpus.readDirectory(TextCorpus.FORTUNES_DIR);
        assertTrue(c.names().contains("fortunes"));
        assertTrue(c.names().stream().noneMatch(n -> n.endsWith(".dat") || n.endsWith(".u8")), c.names().toString());
        assertTrue(c.length() > 1_000_000, "about 2.6 MB of text, got " + c.length());

        // The whole path to language-model batches, with files held out.
        TextCorpus.Split split = c.splitByFile(0.1, 42);
        assertEquals(split, c.splitByFile(0.1, 42));
        CharTokenizer tokenizer = CharTokenizer.fit(split.train().text(), SpecialTokens.of(SpecialTokens.PAD,
                SpecialTokens.UNK));
        int[] heldOut = tokenizer.encode(split.heldOut().text());
        assertEquals(split.heldOut().length(), heldOut.length, "one token per character");
        TextDataset windows = TextDataset.windows(heldOut, 128);
        assertEquals((heldOut.length - 129) / 128 + 1, windows.size());
        assertArrayEquals(java.util.Arrays.copyOfRange(heldOut, 128, 256),
                TextDatasetTest.toInts(windows.get(new int[] {1}).inputs().toLongArray()));
    }
}
