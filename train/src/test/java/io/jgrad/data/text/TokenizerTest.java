package io.jgrad.data.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TokenizerTest {
    private static final SpecialTokens PAD_UNK = SpecialTokens.of(SpecialTokens.PAD, SpecialTokens.UNK);

    @Test
    void charTokenizerNumbersCodePointsAfterTheSpecials() {
        CharTokenizer t = CharTokenizer.fit("baca\uD83D\uDE00", PAD_UNK); // an emoji outside the BMP
        assertEquals(2 + 4, t.vocabSize());
        assertArrayEquals(new int[] {'a', 'b', 'c', 0x1F600}, t.codePoints());
        assertArrayEquals(new int[] {3, 2, 4, 2, 5}, t.encode("baca\uD83D\uDE00"), "one id per code point");
        assertEquals("baca\uD83D\uDE00", t.decode(t.encode("baca\uD83D\uDE00")));
        assertEquals("<pad>", t.token(0));
        assertEquals("\uD83D\uDE00", t.token(5));
        assertEquals(0, t.specialId(SpecialTokens.PAD));
        assertEquals(-1, t.specialId(SpecialTokens.EOS));
    }

    @Test
    void unknownCharactersBecomeUnkOrFailNamingThem() {
        CharTokenizer withUnk = CharTokenizer.fit("ab", PAD_UNK);
        assertArrayEquals(new int[] {2, 1, 3}, withUnk.encode("azb"));
        assertEquals("a\uFFFDb", withUnk.decode(new int[] {0, 2, 1, 3, 0}), "padding left out, unknown shown");
        CharTokenizer strict = CharTokenizer.fit("ab", SpecialTokens.of(SpecialTokens.PAD));
        var e = assertThrows(IllegalArgumentException.class, () -> strict.encode("abz"));
        assertTrue(e.getMessage().contains("'z' (U+007A) at index 2"), e.getMessage());
        assertTrue(e.getMessage().contains("<unk>"), e.getMessage());
    }

    @Test
    void specialNamesInTheTextAreOrdinaryCharacters() {
        CharTokenizer t = CharTokenizer.fit("<pad>", PAD_UNK);
        int[] ids = t.encode("<pad>");
        assertEquals(5, ids.length);
        for (int id : ids) assertTrue(id >= 2, "no special id comes out of encode");
    }

    @Test
    void badIdsAndEmptyCorporaAreRejected() {
        CharTokenizer t = CharTokenizer.fit("ab", PAD_UNK);
        var e = assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {2, 9}));
        assertTrue(e.getMessage().contains("token id 9 at position 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {-1}));
        var empty = assertThrows(IllegalArgumentException.class, () -> CharTokenizer.fit("", PAD_UNK));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpecialTokens.of("<pad>", "<pad>"));
        assertThrows(IllegalArgumentException.class, () -> SpecialTokens.of(""));
        assertThrows(IllegalArgumentException.class, () -> CharTokenizer.of(new int[] {'a', 'a'}, PAD_UNK));
        var missing = assertThrows(IllegalArgumentException.class, () -> t.requireSpecial(SpecialTokens.EOS));
        assertTrue(missing.getMessage().contains("<eos>"), missing.getMessage());
    }

    @Test
    void byteTokenizerTakesAnyBytes() {
        ByteTokenizer t = new ByteTokenizer(SpecialTokens.of(SpecialTokens.PAD, SpecialTokens.BOS, SpecialTokens.EOS));
        assertEquals(259, t.vocabSize());
        assertArrayEquals(new int[] {3 + 'h', 3 + 0xC3, 3 + 0xA9}, t.encode("h\u00E9"));
        byte[] invalid = {(byte) 0xFF, 'a', (byte) 0xC3};
        int[] ids = t.encode(invalid);
        assertArrayEquals(new int[] {3 + 255, 3 + 'a', 3 + 0xC3}, ids);
        assertArrayEquals(invalid, t.decodeBytes(ids), "bytes round-trip exactly");
        assertEquals("\uFFFDa\uFFFD", t.decode(ids), "invalid UTF-8 shows as replacement characters");
        assertEquals("h\u00E9", t.decode(t.encode("h\u00E9")));
        assertEquals("<0xFF>", t.token(3 + 255));
        assertEquals("a", t.token(3 + 'a'));
        assertEquals("<bos>", t.token(1));
        assertThrows(IllegalArgumentException.class, () -> new ByteTokenizer(SpecialTokens.of(SpecialTokens.UNK)));
    }

    @Test
    void wordTokenizerSplitsPunctuationAndLowerCases() {
        assertEquals(List.of("Don", "'", "t", "stop", "!", "42x", "café"), WordTokenizer.split("Don't  stop!\n42x café", false));
        WordTokenizer t = WordTokenizer.fit("The cat. the dog! THE end.", new WordTokenizer.Options(true, 1, 100), PAD_UNK);
        // the 3, . 2, then ! cat dog end once each (string order)
        assertEquals(List.of("the", ".", "!", "cat", "dog", "end"), t.words());
        assertArrayEquals(new int[] {2, 5, 1, 3}, t.encode("The cat zebra."));
        assertEquals("the cat \uFFFD .", t.decode(t.encode("The cat zebra.")));
    }

    @Test
    void wordVocabularyHonoursMinFrequencyAndMaxSize() {
        String corpus = "a a a b b c";
        assertEquals(List.of("a", "b"), WordTokenizer.fit(corpus, new WordTokenizer.Options(false, 2, 99), PAD_UNK).words());
        WordTokenizer capped = WordTokenizer.fit(corpus, new WordTokenizer.Options(false, 1, 3), PAD_UNK);
        assertEquals(3, capped.vocabSize(), "max size counts the special tokens");
        assertEquals(List.of("a"), capped.words());
        var none = assertThrows(IllegalArgumentException.class,
                () -> WordTokenizer.fit(corpus, new WordTokenizer.Options(false, 5, 99), PAD_UNK));
        assertTrue(none.getMessage().contains("no word"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WordTokenizer.fit("  ", WordTokenizer.Options.defaults(), PAD_UNK));
        assertThrows(IllegalArgumentException.class, () -> WordTokenizer.fit(corpus, new WordTokenizer.Options(false, 1, 2), PAD_UNK));
        WordTokenizer strict = WordTokenizer.fit(corpus, WordTokenizer.Options.defaults(), SpecialTokens.none());
        var e = assertThrows(IllegalArgumentException.class, () -> strict.encode("a z"));
        assertTrue(e.getMessage().contains("'z' (token 1)"), e.getMessage());
    }

    @Test
    void wordVocabularyRejectsWordsItCouldNeverProduce() {
        assertThrows(IllegalArgumentException.class, () -> WordTokenizer.of(List.of("two words"), false, PAD_UNK));
        assertThrows(IllegalArgumentException.class, () -> WordTokenizer.of(List.of("Upper"), true, PAD_UNK));
        assertThrows(IllegalArgumentException.class, () -> WordTokenizer.of(List.of("a", "a"), false, PAD_UNK));
    }
}
