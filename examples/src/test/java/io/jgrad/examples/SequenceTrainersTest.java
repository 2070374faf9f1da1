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
            evaluateAndPredictUseTheSavedModel(model, out, corpus, r.out());
        }
    }

    /**
     * evaluate gives the training run's test bits per char on its corpus and --limit, and predict with the trainer's
     * prompt its sample; a text file, other sampling settings and bad input.
     */
    private void evaluateAndPredictUseTheSavedModel(String model, Path out, Path corpus, String trainOutput)
            throws Exception {
        String bits = SafetensorsFile.read(out.resolve("model.safetensors")).metadata().get("test_bits_per_char");
        JgradCliTest.Run e = run("evaluate", "--model", out.toString(), "--data", corpus.toString(), "--limit", "8",
                "--batch-size", "256");
        assertEquals(0, e.code(), e.err());
        List<String> lines = e.out().lines().toList();
        assertEquals(model + ": 8 windows of 64 characters from the test part of " + corpus
                + " (the last 10% of every file)", lines.getFirst());
        assertEquals("test bits per char: " + bits, lines.getLast(), "the training run's figure");
        Path text = dir.resolve(model + ".txt");
        Files.writeString(text, "The quick brown fox jumps over the lazy dog.\n".repeat(4));
        JgradCliTest.Run onFile = run("evaluate", "--model", out.toString(), "--data", text.toString());
        assertEquals(0, onFile.code(), onFile.err());
        assertTrue(onFile.out().startsWith(model + ": 2 windows of 64 characters from " + text + "\n"), onFile.out());
        assertTrue(onFile.out().lines().toList().getLast().matches("test bits per char: \\d+\\.\\d{4}"), onFile.out());

        Path prompts = dir.resolve(model + "-prompts.txt");
        Files.writeString(prompts, "The \n\nHow \n");
        JgradCliTest.Run p = run("predict", "--model", out.toString(), "--data", prompts.toString());
        assertEquals(0, p.code(), p.err());
        String trainerSample = trainOutput.substring(trainOutput.indexOf("sample (temperature 0.8, top-k 20, prompt"),
                trainOutput.indexOf("test bits per char: "));
        String second = "sample (temperature 0.8, top-k 20, prompt \"How \"):\nHow ";
        assertEquals(trainerSample, p.out().substring(0, p.out().indexOf(second)), "the trainer's sample again");
        assertTrue(p.out().contains(second), p.out());
        JgradCliTest.Run shortCold = run("predict", "--model", out.toString(), "--data", prompts.toString(),
                "--length", "5", "--temperature", "0.5", "--top-k", "3", "--seed", "7");
        assertEquals(0, shortCold.code(), shortCold.err());
        String header = "sample (temperature 0.5, top-k 3, prompt \"The \"):\n";
        assertTrue(shortCold.out().startsWith(header), shortCold.out());
        String first = shortCold.out().substring(header.length(), shortCold.out().indexOf("sample (", 1) - 1);
        assertEquals(4 + 5, first.codePointCount(0, first.length()), "the prompt and 5 characters: " + first);

        Path unknown = dir.resolve("unknown.txt");
        Files.writeString(unknown, "The\nZ\u00e9bra\n");
        JgradCliTest.Run bad = run("predict", "--model", out.toString(), "--data", unknown.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("jgrad: --data " + unknown + ":2: CharTokenizer: the character"), bad.err());
        JgradCliTest.Run missing = run("evaluate", "--model", out.toString(), "--data", dir.resolve("none").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("jgrad: --data " + dir.resolve("none") + ": no such file or folder"),
                missing.err());
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
    void seq2seqPrintsExactMatchLastAndItsModelEvaluatesAndTranslates() throws Exception {
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

        JgradCliTest.Run inspect = run("inspect", out.toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("  jgrad.architecture: {\"type\":\"jgrad.examples.DateSeq2Seq\",\"vocab\":"),
                inspect.out());
        assertTrue(inspect.out().matches("(?s).*\nmodel: [\\d,]+ trainable parameters\n.*"), inspect.out());
        // evaluate: the run's test dates (its --limit is in the model file), the run's figure
        JgradCliTest.Run e = run("evaluate", "--model", out.toString());
        assertEquals(0, e.code(), e.err());
        assertEquals(List.of("seq2seq: 16 test dates (those of the training run, data seed 2026)", lines.getLast()),
                e.out().lines().toList());
        List<DateTranslation.Pair> test = Seq2SeqTrainer.parts(16).test();
        Path pairs = dir.resolve("pairs.tsv"), sources = dir.resolve("sources.txt");
        Files.writeString(pairs, test.get(0).source() + "\t" + test.get(0).target() + "\n\n" + test.get(1).source()
                + "\t1900-01-01\n");
        JgradCliTest.Run onFile = run("evaluate", "--model", out.toString(), "--data", pairs.toString());
        assertEquals(0, onFile.code(), onFile.err());
        assertTrue(onFile.out().startsWith("seq2seq: 2 pairs from " + pairs + "\n"), onFile.out());
        // predict: one line per source, the translations evaluate compared
        Files.writeString(sources, test.get(0).source() + "\n" + test.get(1).source() + "\n");
        JgradCliTest.Run p = run("predict", "--model", out.toString(), "--data", sources.toString());
        assertEquals(0, p.code(), p.err());
        List<String> translated = p.out().lines().toList();
        assertEquals(2, translated.size(), p.out());
        assertTrue(translated.get(0).startsWith(test.get(0).source() + "\t"), p.out());
        long right = translated.get(0).endsWith("\t" + test.get(0).target()) ? 1 : 0;
        long wrong = translated.get(1).endsWith("\t1900-01-01") ? 1 : 0;
        assertEquals(String.format(java.util.Locale.ROOT, "test exact match: %.4f", (right + wrong) / 2.0),
                onFile.out().lines().toList().getLast());

        Files.writeString(pairs, "4 march 1997\n");
        JgradCliTest.Run noTab = run("evaluate", "--model", out.toString(), "--data", pairs.toString());
        assertEquals(1, noTab.code());
        assertTrue(noTab.err().startsWith("jgrad: --data " + pairs + ":1: expected source<TAB>target"), noTab.err());
        Files.writeString(sources, "4 march 1997\n4 m\u00e4rz 1997\n");
        JgradCliTest.Run unknown = run("predict", "--model", out.toString(), "--data", sources.toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().startsWith("jgrad: --data " + sources + ":2: CharTokenizer: the character"),
                unknown.err());
        JgradCliTest.Run sampling = run("predict", "--model", out.toString(), "--data", sources.toString(),
                "--temperature", "0.5");
        assertEquals(1, sampling.code());
        assertTrue(sampling.err().startsWith("jgrad: --length, --temperature, --top-k and --seed are for character"
                + " language models (char-lstm, char-transformer); --model " + out + " is seq2seq"), sampling.err());
    }

    @Test
    void fashionRnnPrintsTheAccuracyLastAndItsModelEvaluatesAndPredicts() throws Exception {
        assumeTrue(Datasets.findFashionMnist(null) != null, "Fashion-MNIST files not installed");
        Path out = dir.resolve("fashion-rnn");
        JgradCliTest.Run r = run("train", "fashion-rnn", "--epochs", "1", "--limit", "200", "--batch-size", "50",
                "--out", out.toString(), "--plain");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("fashion-rnn: 200 training and 200 test images"), lines.getFirst());
        assertTrue(lines.getLast().matches("test accuracy: 0\\.\\d{4}"), lines.getLast());
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        // Its model is rebuilt from the file: evaluate gives the run's accuracy, predict a class per image.
        JgradCliTest.Run e = run("evaluate", "--model", out.toString(), "--limit", "200");
        assertEquals(0, e.code(), e.err());
        assertEquals(lines.getLast(), e.out().lines().toList().getLast());
        Path images = dir.resolve("images.csv");
        String dark = String.join(",", java.util.Collections.nCopies(784, "0"));
        String light = String.join(",", java.util.Collections.nCopies(784, "200"));
        Files.writeString(images, dark + "\n" + light + "\n");
        JgradCliTest.Run p = run("predict", "--model", out.toString(), "--data", images.toString());
        assertEquals(0, p.code(), p.err());
        List<String> predicted = p.out().lines().toList();
        assertEquals(2, predicted.size(), p.out());
        assertTrue(predicted.get(1).matches("1\t[^\t]+\t[01]\\.\\d{4}"), p.out());
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
