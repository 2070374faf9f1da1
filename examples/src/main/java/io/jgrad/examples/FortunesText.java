package io.jgrad.examples;

import io.jgrad.data.text.CharTokenizer;
import io.jgrad.data.text.SpecialTokens;
import io.jgrad.data.text.TextCorpus;
import io.jgrad.data.text.Tokenizers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The character language models' data: the text files of a corpus folder (Debian's {@code fortunes} by default), read
 * in file-name order ({@link TextCorpus#readDirectory}) and split by a fixed tail of every file: the last 10% of each
 * file's characters is the test part, the 5% before it the validation part, the first 85% the training part. Each
 * part is its files' pieces concatenated in file order. The vocabulary is every character of the whole corpus (so the
 * test text has no unknown character), in code-point order, with no special token.
 *
 * @param tokenizer  the characters, saved with the model
 * @param train      the training part's token ids
 * @param validation the validation part's token ids
 * @param test       the test part's token ids
 */
record FortunesText(CharTokenizer tokenizer, int[] train, int[] validation, int[] test) {
    /** The share of every file held out for the test, at its end. */
    static final double TEST_TAIL = 0.10;
    /** The share of every file held out for validation, just before the test tail. */
    static final double VALIDATION_TAIL = 0.05;

    /** Reads and splits the corpus in {@code dir}. */
    static FortunesText read(Path dir) throws IOException {
        TextCorpus corpus = TextCorpus.readDirectory(dir);
        TextCorpus.Split testSplit = corpus.splitTail(TEST_TAIL);
        TextCorpus.Split validationSplit = testSplit.train().splitTail(VALIDATION_TAIL / (1 - TEST_TAIL));
        CharTokenizer tokenizer = CharTokenizer.fit(corpus.text(), SpecialTokens.none());
        return new FortunesText(tokenizer, tokenizer.encode(validationSplit.train().text()),
                tokenizer.encode(validationSplit.heldOut().text()), tokenizer.encode(testSplit.heldOut().text()));
    }

    /** The test part's text of the corpus in {@code dir}: the last {@link #TEST_TAIL} of every file, in file order. */
    static String testText(Path dir) throws IOException {
        return TextCorpus.readDirectory(dir).splitTail(TEST_TAIL).heldOut().text();
    }

    /**
     * Writes the three token streams as little-endian int32 files {@code train.i32}, {@code validation.i32} and
     * {@code test.i32} into {@code dir}, and the vocabulary as {@code vocab.json} ({@code tools/char_lm_torch.py}
     * trains on exactly these).
     */
    void export(Path dir) throws IOException {
        Tokenizers.save(tokenizer, dir.resolve("vocab.json"));
        write(dir.resolve("train.i32"), train);
        write(dir.resolve("validation.i32"), validation);
        write(dir.resolve("test.i32"), test);
    }

    private static void write(Path file, int[] ids) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(ids.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(ids);
        Files.write(file, buffer.array());
    }
}
