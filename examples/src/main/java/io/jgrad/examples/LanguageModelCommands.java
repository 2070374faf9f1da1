package io.jgrad.examples;

import io.jgrad.autograd.Grad;
import io.jgrad.data.Batch;
import io.jgrad.data.Dataset;
import io.jgrad.data.text.TextCorpus;
import io.jgrad.data.text.TextDataset;
import io.jgrad.data.text.TextFiles;
import io.jgrad.data.text.Tokenizer;
import io.jgrad.decode.Sampler;
import io.jgrad.metrics.Metric;
import io.jgrad.metrics.TokenMetrics;
import io.jgrad.nn.Module;
import io.jgrad.train.ModelFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What {@code evaluate} and {@code predict} do with a character language model of {@code jgrad train char-lstm} or
 * {@code char-transformer}: bits per character on a text, and text generated after prompts. The vocabulary is the
 * model file's ({@code jgrad.tokenizer}).
 */
final class LanguageModelCommands {
    private LanguageModelCommands() {}

    /** How predict samples: the trainer's sample settings unless the command line says otherwise. */
    record Sampling(int length, double temperature, int topK, Long seed) {}

    static boolean isLanguageModel(Module model) {
        return model instanceof CharLstm || model instanceof CharTransformer;
    }

    /**
     * Prints the bits per character of the model on {@code data}: a corpus folder (the test part of the trainer's
     * split, the tail of every file) or a text file (all of it); without {@code data}, the folder the model was
     * trained on. The text is cut into windows of the training window side by side, as the trainer's test part was,
     * so the trained model's file and corpus give the trainer's figure.
     */
    static void evaluate(ModelFiles.Loaded loaded, Path model, Path data, Integer limit, int batchSize, PrintWriter out)
            throws IOException {
        Tokenizer tokenizer = tokenizer(loaded, model);
        Map<String, String> hyper = loaded.card().hyperparameters();
        int window = hyper.containsKey("window") ? Integer.parseInt(hyper.get("window")) : CharLanguageModel.WINDOW;
        String label = data != null ? "--data " : "the corpus the model was trained on, ";
        Path source = data != null ? data : Path.of(hyper.getOrDefault("dataset", TextCorpus.FORTUNES_DIR.toString()));
        String text, what;
        if (Files.isDirectory(source)) {
            text = FortunesText.testText(source);
            what = String.format(Locale.ROOT, "the test part of %s (the last %.0f%% of every file)", source,
                    100 * FortunesText.TEST_TAIL);
        } else if (Files.isRegularFile(source)) {
            text = TextFiles.readUtf8(source);
            what = source.toString();
        } else {
            throw new IllegalArgumentException(label + source + ": no such file or folder (give --data: a text file, "
                    + "or a folder of text files split as the trainer does)");
        }
        Dataset windows;
        try {
            windows = TrainingHarness.limited(TextDataset.windows(tokenizer.encode(text), window), limit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + source + ": " + e.getMessage(), e);
        }
        Metric bits = TokenMetrics.bitsPerToken(-1);
        try (var noGrad = Grad.off()) {
            for (int from = 0; from < windows.size(); from += batchSize) {
                Batch b = windows.get(IntStream.range(from, Math.min(windows.size(), from + batchSize)).toArray());
                bits.update(loaded.model().call(b.inputs()), b.targets());
            }
        }
        double bitsPerChar = bits.result();
        bits.reset();
        out.printf(Locale.ROOT, "%s: %d windows of %d characters from %s%n", name(loaded, model), windows.size(),
                window, what);
        out.printf(Locale.ROOT, "test loss: %.4f%n", bitsPerChar * Math.log(2));
        out.printf(Locale.ROOT, "test bits per char: %.4f%n", bitsPerChar);
        out.flush();
    }

    /**
     * For each line of {@code inputs} that is not blank, text sampled after it as the trainer samples: a line
     * {@code sample (temperature T, top-k K, prompt "P"):}, then the prompt and its continuation. Each prompt's
     * draws come from a generator seeded with the seed (the model file's by default), so the trainer's prompt and
     * settings give the trainer's sample.
     */
    static void generate(ModelFiles.Loaded loaded, Path model, List<Path> inputs, Sampling s, PrintWriter out)
            throws IOException {
        Tokenizer tokenizer = tokenizer(loaded, model);
        Sampler sampler = new Sampler(s.temperature(), s.topK(), 1);
        long seed = s.seed() != null ? s.seed() : loaded.card().seed() != null ? loaded.card().seed() : 42;
        for (TextLine prompt : TextLine.readAll(inputs)) {
            String continuation;
            try {
                continuation = CharLanguageModel.continuation(loaded.model(), tokenizer, prompt.text(), s.length(),
                        sampler, seed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--data " + prompt.place() + ": " + e.getMessage(), e);
            }
            out.printf(Locale.ROOT, "sample (temperature %s, top-k %d, prompt \"%s\"):%n%s%n", s.temperature(),
                    s.topK(), prompt.text(), prompt.text() + continuation);
        }
        out.flush();
    }

    static Tokenizer tokenizer(ModelFiles.Loaded loaded, Path model) {
        Tokenizer t = loaded.card().tokenizer();
        if (t == null) {
            throw new IllegalArgumentException("--model " + model + ": the model file records no vocabulary "
                    + "(jgrad.tokenizer), so its token ids cannot be read as text; save it with "
                    + "ModelCard.withTokenizer");
        }
        return t;
    }

    /** The trainer's name of the model ({@code char-lstm}), from the metadata. */
    static String name(ModelFiles.Loaded loaded, Path model) {
        return loaded.metadata().getOrDefault("model", model.toString());
    }
}
