package io.jgrad.examples;

import io.jgrad.data.Datasets;
import io.jgrad.data.text.Tokenizer;
import io.jgrad.data.text.Tokenizers;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.train.ModelCard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.jgrad.examples.JgradCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sequence trainers end to end in CI-sized runs (a few steps on a few examples): the first line, the final metric
 * line last, the model file with the vocabulary; and their bad options.
 */
class SequenceTrainersTest {
    @TempDir
    Path dir;

    /** A small corpus folder of three text files (and a .dat index, which the reader skips). */
    private Path corpus() throws Exception {
        Path c = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(c.resolve("a"), "The quick brown fox jumps over the lazy dog.\n%\n".repeat(100));
        Files.writeString(c.resolve("b"), "Pack my box with five dozen liquor jugs!\n%\n".repeat(100));
        Files.writeString(c.resolve("c"), "How vexingly quick daft zebras jump.\n%\n".repeat(100));
        Files.write(c.resolve("a.dat"), new byte[] {0, 1, 2, (byte) 0xff});
        return c;
    }

    @Test
    void characterModelsPrintBitsPerCharLastAndSaveTheVocabulary() throws Exception {
        Path corpus = corpus();
        for (String model : List.of("char-lstm", "char-transformer")) {
            Path out = dir.resolve(model);
            JgradCliTest.Run r = run("train", model, "--data", corpus.toString(), "--limit", "8", "--batch-size", "4",
                    "--epochs", "1", "--export-data", "--out", out.toString(), "--plain");
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.out().lines().toList();
            assertTrue(lines.getFirst().startsWith(model + ": 8 training, 8 validation and 8 test windows of 64 "
                    + "characters"), lines.getFirst());
            assertTrue(r.out().contains("sample (temperature 0.8, top-k 20, prompt \"The \"):\nThe "), r.out());
            assertTrue(lines.getLast().matches("test bits per char: \\d+\\.\\d{3}"), lines.getLast());

            Tokenizer vocab = Tokenizers.load(out.resolve("vocab.json"));
            assertEquals(vocab, ModelCard.fromMetadata(SafetensorsFile.read(out.resolve("model.safetensors"))
                    .metadata(), "model.safetensors").tokenizer(), "the model file carries the vocabulary");
            assertEquals(FortunesText.read(corpus).tokenizer(), vocab);
            // the exported streams are the parts' token ids, 4 bytes each
            FortunesText text = FortunesText.read(corpus);
            assertEquals(4L * text.train().length, Files.size(out.resolve("train.i32")));
            assertEquals(4L * text.test().length, Files.size(out.resolve("test.i32")));
            assertTrue(Files.exists(out.resolve("history.csv")));
        }
    }

    @Test
    void aCharacterModelRunResumesFromItsCheckpoint() throws Exception {
        Path corpus = corpus(), out = dir.resolve("resumed");
        JgradCliTest.Run first = run("train", "char-lstm", "--data", corpus.toString(), "--limit", "4", "--batch-size",
                "4", "--epochs", "1", "--out", out.toString(), "--plain");
        assertEquals(0, first.code(), first.err());
        JgradCliTest.Run second = run("train", "char-lstm", "--data", corpus.toString(), "--limit", "4",
                "--batch-size", "4", "--epochs", "2", "--resume", out.toString(), "--plain");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("resuming char-lstm from " + out + " after epoch 1 of 2"), second.out());
        assertEquals(3, Files.readAllLines(out.resolve("history.csv")).size(), "a header and two epochs");
        JgradCliTest.Run other = run("train", "char-transformer", "--data", corpus.toString(), "--limit", "4",
                "--batch-size", "4", "--epochs", "3", "--resume", out.toString(), "--plain");
        assertEquals(1, other.code());
        assertTrue(other.err().contains("char-lstm"), other.err());
    }

    @Test
    void fortunesSplitTakesTheTailOfEveryFile() throws Exception {
        FortunesText text = FortunesText.read(corpus());
        int total = text.train().length + text.validation().length + text.test().length;
        assertEquals(corpusLength(), total, "every character lands in one part");
        // 10% of each file is test, 5% validation
        assertEquals(0.10, (double) text.test().length / total, 0.01);
        assertEquals(0.05, (double) text.validation().length / total, 0.01);
    }

    private int corpusLength() throws Exception {
        int n = 0;
        for (String f : List.of("a", "b", "c")) n += Files.readString(dir.resolve("corpus").resolve(f)).length();
        return n;
    }

    @Test
    void seq2seqPrintsExactMatchLast() {
        Path out = dir.resolve("seq2seq");
        JgradCliTest.Run r = run("train", "seq2seq", "--limit", "16", "--batch-size", "16", "--epochs", "1",
                "--out", out.toString(), "--plain");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("seq2seq: 16 training, 16 validation and 16 test dates"),
                lines.getFirst());
        assertTrue(lines.getLast().matches("test exact match: [01]\\.\\d{4}"), lines.getLast());
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        assertTrue(Files.exists(out.resolve("vocab.json")));
    }

    @Test
    void fashionRnnPrintsTheAccuracyLast() {
        assumeTrue(Datasets.findFashionMnist(null) != null, "Fashion-MNIST files not installed");
        Path out = dir.resolve("fashion-rnn");
        JgradCliTest.Run r = run("train", "fashion-rnn", "--epochs", "1", "--limit", "200", "--batch-size", "50",
                "--out", out.toString(), "--plain");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("fashion-rnn: 200 training and 200 test images"), lines.getFirst());
        assertTrue(lines.getLast().matches("test accuracy: 0\\.\\d{4}"), lines.getLast());
        assertTrue(Files.exists(out.resolve("model.safetensors")));
    }

    @Test
    void badOptionsFailWithAClearMessage() {
        JgradCliTest.Run clip = run("train", "char-lstm", "--clip-norm", "-1", "--out", dir.resolve("a").toString());
        assertEquals(1, clip.code());
        assertTrue(clip.err().contains("--clip-norm must be >= 0 (0: off) and finite, got -1.0"), clip.err());
        JgradCliTest.Run lr = run("train", "seq2seq", "--lr", "0", "--out", dir.resolve("b").toString());
        assertEquals(1, lr.code());
        assertTrue(lr.err().contains("--lr must be positive and finite, got 0.0"), lr.err());
        JgradCliTest.Run data = run("train", "seq2seq", "--data", dir.toString(), "--out", dir.resolve("c").toString());
        assertEquals(1, data.code());
        assertTrue(data.err().contains("--data: seq2seq generates its data (dates), it reads no folder"), data.err());
        Path missing = dir.resolve("no-such-corpus");
        JgradCliTest.Run corpus = run("train", "char-transformer", "--data", missing.toString(), "--out",
                dir.resolve("d").toString());
        assertEquals(1, corpus.code());
        assertTrue(corpus.err().contains("--data " + missing + ": no such folder"), corpus.err());
    }
}
