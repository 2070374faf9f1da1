package io.jgrad.data.text;

import io.jgrad.data.DataFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class TokenizersTest {
    @TempDir
    Path dir;

    private static final SpecialTokens SPECIALS = SpecialTokens.of(SpecialTokens.PAD, SpecialTokens.EOS, SpecialTokens.UNK);

    @Test
    void everyTokenizerSavesAndLoadsBack() throws IOException {
        Tokenizer[] all = {
            CharTokenizer.fit("héllo \"wörld\"\n\t\uD83D\uDE00", SPECIALS),
            new ByteTokenizer(SpecialTokens.of(SpecialTokens.PAD)),
            WordTokenizer.fit("Hello, hello world!", new WordTokenizer.Options(true, 1, 50), SPECIALS),
        };
        for (Tokenizer t : all) {
            Path file = dir.resolve("vocab.json");
            Tokenizers.save(t, file);
            Tokenizer back = Tokenizers.load(file);
            assertEquals(t, back);
            assertArrayEquals(t.encode("hello wörld!".replace("ö", "o")), back.encode("hello wörld!".replace("ö", "o")));
            assertEquals(t, Tokenizers.fromJson(Tokenizers.toJson(t), "metadata"));
        }
    }

    @Test
    void theJsonLayoutIsStable() {
        CharTokenizer t = CharTokenizer.fit("ba", SpecialTokens.of(SpecialTokens.PAD));
        assertEquals("{\"format\":\"jgrad-tokenizer\",\"version\":1,\"type\":\"char\",\"size\":3,\"specials\":[\"<pad>\"],"
                + "\"tokens\":[\"a\",\"b\"]}", Tokenizers.toJson(t));
    }

    private String loadError(String json) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json);
        var e = assertThrows(DataFileException.class, () -> Tokenizers.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    private static final String HEAD = "{\"format\":\"jgrad-tokenizer\",\"version\":1,";

    @Test
    void malformedOrTamperedVocabulariesAreClearErrors() throws IOException {
        assertTrue(loadError("{\"format\":").contains("not valid JSON"));
        assertTrue(loadError("[1]").contains("JSON object"));
        assertTrue(loadError("{\"format\":\"other\"}").contains("not a jgrad vocabulary"));
        assertTrue(loadError(HEAD.replace("1,", "2,") + "\"type\":\"char\"}").contains("newer"));
        assertTrue(loadError(HEAD + "\"type\":\"bpe\"}").contains("unknown tokenizer type 'bpe'"));
        assertTrue(loadError(HEAD + "\"type\":\"char\",\"size\":3,\"specials\":[\"<pad>\"]}").contains("\"tokens\" is missing"));
        assertTrue(loadError(HEAD + "\"type\":\"char\",\"size\":3,\"specials\":[\"<pad>\"],\"tokens\":[\"a\",\"b\"],\"x\":1}")
                .contains("unexpected member \"x\""));
        assertTrue(loadError(HEAD + "\"type\":\"char\",\"size\":4,\"specials\":[\"<pad>\"],\"tokens\":[\"a\",\"b\"]}")
                .contains("\"size\" says 4 ids but the vocabulary has 3"));
        assertTrue(loadError(HEAD + "\"type\":\"char\",\"size\":3,\"specials\":[\"<pad>\"],\"tokens\":[\"a\",\"a\"]}")
                .contains("twice"));
        assertTrue(loadError(HEAD + "\"type\":\"char\",\"size\":3,\"specials\":[\"<pad>\"],\"tokens\":[\"a\",\"bc\"]}")
                .contains("exactly one character"));
        assertTrue(loadError(HEAD + "\"type\":\"char\",\"size\":3,\"specials\":[\"<pad>\",\"<pad>\"],\"tokens\":[\"a\"]}")
                .contains("given twice"));
        assertTrue(loadError(HEAD + "\"type\":\"word\",\"size\":2,\"specials\":[],\"tokens\":[\"a\",\"b\"],\"lowercase\":1}")
                .contains("\"lowercase\" must be true or false"));
        assertTrue(loadError(HEAD + "\"type\":\"byte\",\"size\":-1,\"specials\":[]}").contains("non-negative integer"));
        assertTrue(loadError(HEAD + "\"type\":\"byte\",\"size\":256,\"specials\":[1]}").contains("strings only"));
    }

    @Test
    void aVocabularyFileThatIsNotUtf8NamesTheOffset() throws IOException {
        Path file = dir.resolve("latin1.json");
        Files.write(file, new byte[] {'{', '"', (byte) 0xE9, '"'});
        var e = assertThrows(DataFileException.class, () -> Tokenizers.load(file));
        assertTrue(e.getMessage().contains(file + ": not valid UTF-8 at byte offset 2"), e.getMessage());
    }
}
