package io.jgrad.examples;

import io.jgrad.data.text.Tokenizer;
import io.jgrad.train.ModelFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code evaluate} and {@code predict} do with a model of {@code jgrad train seq2seq}: the exact-match rate of
 * its greedy translations, and the translation of each input line. The vocabulary is the model file's
 * ({@code jgrad.tokenizer}).
 */
final class TranslationCommands {
    private TranslationCommands() {}

    /**
     * Prints the share of sources translated exactly: of {@code data}'s lines {@code source<TAB>target}, or without
     * {@code data} of the trainer's test dates (the same dates as the training run: the data seed is fixed and the
     * model file records the run's {@code --limit}); the first {@code limit} of them.
     */
    static void evaluate(ModelFiles.Loaded loaded, Path model, Path data, Integer limit, int batchSize, PrintWriter out)
            throws IOException {
        Tokenizer t = LanguageModelCommands.tokenizer(loaded, model);
        List<String> sources = new ArrayList<>(), targets = new ArrayList<>();
        String what;
        if (data == null) {
            String recorded = loaded.card().hyperparameters().get("limit");
            Integer runLimit = recorded == null ? null : Integer.valueOf(recorded);
            for (DateTranslation.Pair p : Seq2SeqTrainer.parts(runLimit).test()) {
                sources.add(p.source());
                targets.add(p.target());
            }
            what = "test dates (those of the training run, data seed " + Seq2SeqTrainer.DATA_SEED + ")";
        } else {
            for (TextLine line : TextLine.readAll(List.of(data))) {
                int tab = line.text().indexOf('\t');
                if (tab < 0) {
                    throw new IllegalArgumentException("--data " + line.place() + ": expected source<TAB>target, got a"
                            + " line without a tab");
                }
                sources.add(checked(line.text().substring(0, tab), line, t));
                targets.add(line.text().substring(tab + 1));
            }
            what = "pairs from " + data;
        }
        int n = limit == null ? sources.size() : Math.min(limit, sources.size());
        List<String> translations = translate(loaded, model, sources.subList(0, n), t, batchSize);
        int exact = 0;
        for (int i = 0; i < n; i++) if (translations.get(i).equals(targets.get(i))) exact++;
        out.printf(Locale.ROOT, "%s: %d %s%n", LanguageModelCommands.name(loaded, model), n, what);
        out.printf(Locale.ROOT, "test exact match: %.4f%n", (double) exact / n);
        out.flush();
    }

    /** One line per input line that is not blank: {@code source<TAB>translation}. */
    static void predict(ModelFiles.Loaded loaded, Path model, List<Path> inputs, int batchSize, PrintWriter out)
            throws IOException {
        Tokenizer t = LanguageModelCommands.tokenizer(loaded, model);
        List<String> sources = new ArrayList<>();
        for (TextLine line : TextLine.readAll(inputs)) sources.add(checked(line.text(), line, t));
        List<String> translations = translate(loaded, model, sources, t, batchSize);
        for (int i = 0; i < sources.size(); i++) {
            out.printf(Locale.ROOT, "%s\t%s%n", sources.get(i), translations.get(i));
        }
        out.flush();
    }

    /** {@code source} (from {@code line}) if the vocabulary has its every character, else an error naming the line. */
    private static String checked(String source, TextLine line, Tokenizer t) {
        try {
            t.encode(source);
            return source;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--data " + line.place() + ": " + e.getMessage(), e);
        }
    }

    private static List<String> translate(ModelFiles.Loaded loaded, Path model, List<String> sources, Tokenizer t,
                                          int batchSize) {
        try {
            return Seq2SeqTrainer.translate((DateSeq2Seq) loaded.model(), sources, t, batchSize);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--model " + model + ": " + e.getMessage(), e);
        }
    }
}
