package io.jgrad.examples;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.backend.Backends;
import io.jgrad.data.Dataset;
import io.jgrad.data.text.CharTokenizer;
import io.jgrad.data.text.PairedSequenceDataset;
import io.jgrad.data.text.SequenceCollate;
import io.jgrad.data.text.SpecialTokens;
import io.jgrad.data.text.Tokenizer;
import io.jgrad.data.text.Tokenizers;
import io.jgrad.decode.Greedy;
import io.jgrad.metrics.TokenMetrics;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Loss;
import io.jgrad.optim.Adam;
import io.jgrad.train.ModelCard;
import io.jgrad.train.ModelCheckpoint;
import io.jgrad.train.ModelFiles;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code seq2seq}: dates written many ways translated into ISO form ({@link DateTranslation}, split by date) with an
 * LSTM encoder-decoder with attention ({@link DateSeq2Seq}), teacher forcing, Adam and the gradients' global norm
 * clipped. Validation token accuracy and exact match (teacher-forced) after each epoch; at the end the test sources
 * are translated by greedy decoding and the last line is {@code test exact match: 0.XXXX}, the share translated
 * exactly.
 */
final class Seq2SeqTrainer {
    /** Training, validation and test pairs (of distinct dates). */
    static final int TRAIN = 20_000, VALIDATION = 1_000, TEST = 2_000;
    /** The seed of the data, fixed so that every run sees the same dates whatever its {@code --seed}. */
    static final long DATA_SEED = 2026;
    static final int EMBEDDING = 32, HIDDEN = 64;
    /** The greedy decoder's limit: the ten characters of an ISO date and the end token, with room for two more. */
    static final int MAX_OUTPUT = 13;

    private final TrainingHarness harness;
    private final PrintWriter out;

    Seq2SeqTrainer(PrintWriter out, boolean plain) {
        this.harness = new TrainingHarness(out, plain);
        this.out = out;
    }

    static final String ARCHITECTURE = "Embedding(V,32) encoder LSTM(32,64,bidirectional) decoder LSTM(32,128) "
            + "dot-product attention, tanh(Dense(256,128)) Dense(128,V)";

    int train(TrainingHarness.Settings s, double clipNorm) throws Exception {
        DateTranslation.Parts parts = parts(s.limit());
        int trainSize = parts.train().size(), validationSize = parts.validation().size();
        int testSize = parts.test().size();
        CharTokenizer tokenizer = CharTokenizer.fit(allText(parts),
                SpecialTokens.of(SpecialTokens.PAD, SpecialTokens.BOS, SpecialTokens.EOS));
        int pad = tokenizer.requireSpecial(SpecialTokens.PAD), bos = tokenizer.requireSpecial(SpecialTokens.BOS);
        int eos = tokenizer.requireSpecial(SpecialTokens.EOS), vocab = tokenizer.vocabSize();
        harness.info(s).printf(Locale.ROOT, "seq2seq: %d training, %d validation and %d test dates (%d formats -> "
                        + "ISO, split by date), %d characters in the vocabulary, backend %s, batch %d, Adam lr %s, "
                        + "clip norm %s, %d epochs%n", trainSize, validationSize, testSize, DateTranslation.FORMATS,
                vocab, Backends.defaultBackend().name(), s.batchSize(), s.lr(), clipNorm > 0 ? clipNorm : "off",
                s.epochs());
        harness.info(s).flush();

        Generator.global().manualSeed(s.seed());
        DateSeq2Seq model = new DateSeq2Seq(vocab, pad, EMBEDDING, HIDDEN);
        CrossEntropyLoss ce = new CrossEntropyLoss().ignoreIndex(pad);
        Loss loss = (logits, targets) -> ce.compute(logits.reshape(-1, vocab), targets.reshape(-1));
        var fitted = harness.fit("seq2seq", model, new Adam(model.parameters(), s.lr()), loss,
                List.of(TokenMetrics.accuracy(pad), TokenMetrics.exactMatch(pad)), clipNorm, List.of(),
                TrainingHarness.loader(pairs(parts.train(), tokenizer, pad, bos, eos), s.batchSize())
                        .shuffle(s.seed()).build(),
                TrainingHarness.loader(pairs(parts.validation(), tokenizer, pad, bos, eos), 500).build(), s);

        model.eval();
        List<String> translations = translate(model, sources(parts.test()), tokenizer, 500);
        int exact = 0;
        for (int i = 0; i < translations.size(); i++) {
            if (translations.get(i).equals(parts.test().get(i).target())) exact++;
        }
        double exactMatch = (double) exact / translations.size();

        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", "seq2seq");
        meta.put("architecture", ARCHITECTURE);
        meta.put("epochs", Integer.toString(fitted.history().size()));
        meta.put("test_exact_match", String.format(Locale.ROOT, "%.4f", exactMatch));
        Map<String, String> hyper = new LinkedHashMap<>();
        hyper.put("dataset", "dates in " + DateTranslation.FORMATS + " formats -> ISO, data seed " + DATA_SEED);
        hyper.put("optimizer", "Adam");
        hyper.put("lr", Double.toString(s.lr()));
        hyper.put("batch_size", Integer.toString(s.batchSize()));
        hyper.put("epochs", Integer.toString(fitted.history().size()));
        hyper.put("clip_norm", Double.toString(clipNorm));
        hyper.put("decoding", "greedy");
        if (s.limit() != null) hyper.put("limit", Integer.toString(s.limit()));
        Path modelFile = s.out().resolve(SavedModels.MODEL_FILE);
        ModelFiles.save(model, modelFile, new ModelCard(null, List.of(), hyper, s.seed()).withTokenizer(tokenizer),
                meta);
        Tokenizers.save(tokenizer, s.out().resolve("vocab.json"));

        PrintWriter info = harness.info(s);
        info.printf(Locale.ROOT, "%.1f s of training%n", fitted.seconds());
        for (int i = 0; i < Math.min(5, translations.size()); i++) {
            info.printf(Locale.ROOT, "  %-32s -> %s%n", parts.test().get(i).source(), translations.get(i));
        }
        info.printf(Locale.ROOT, "wrote %s (with the vocabulary), vocab.json, %s, history.csv, history.json to %s%n",
                modelFile.getFileName(), ModelCheckpoint.LAST, s.out());
        info.flush();
        out.printf(Locale.ROOT, "test exact match: %.4f%n", exactMatch);
        out.flush();
        return 0;
    }

    /** The run's dates: the first {@code limit} of each part (all when null), always drawn with {@link #DATA_SEED}. */
    static DateTranslation.Parts parts(Integer limit) {
        int trainSize = limit == null ? TRAIN : Math.min(TRAIN, limit);
        int validationSize = limit == null ? VALIDATION : Math.min(VALIDATION, limit);
        int testSize = limit == null ? TEST : Math.min(TEST, limit);
        return DateTranslation.split(trainSize, validationSize, testSize, DATA_SEED);
    }

    static List<String> sources(List<DateTranslation.Pair> pairs) {
        return pairs.stream().map(DateTranslation.Pair::source).toList();
    }

    private static String allText(DateTranslation.Parts parts) {
        StringBuilder sb = new StringBuilder();
        for (List<DateTranslation.Pair> part : List.of(parts.train(), parts.validation(), parts.test())) {
            for (DateTranslation.Pair p : part) sb.append(p.source()).append(p.target());
        }
        return sb.toString();
    }

    private static Dataset pairs(List<DateTranslation.Pair> pairs, CharTokenizer t, int pad, int bos, int eos) {
        List<int[]> sources = new ArrayList<>(), targets = new ArrayList<>();
        for (DateTranslation.Pair p : pairs) {
            sources.add(t.encode(p.source()));
            targets.add(t.encode(p.target()));
        }
        return PairedSequenceDataset.of(sources, targets, pad, bos, eos);
    }

    /**
     * Greedy translations of {@code sources}, {@code batchSize} at a time, by {@code t}'s ids (its {@code <pad>},
     * {@code <bos>} and {@code <eos>} special tokens), at most {@link #MAX_OUTPUT} tokens each.
     *
     * @throws IllegalArgumentException if a source has a character outside the vocabulary (naming it)
     */
    static List<String> translate(DateSeq2Seq model, List<String> sources, Tokenizer t, int batchSize) {
        int pad = t.requireSpecial(SpecialTokens.PAD), bos = t.requireSpecial(SpecialTokens.BOS);
        int eos = t.requireSpecial(SpecialTokens.EOS);
        List<String> result = new ArrayList<>(sources.size());
        try (var noGrad = Grad.off()) {
            for (int from = 0; from < sources.size(); from += batchSize) {
                List<int[]> ids = new ArrayList<>();
                for (String source : sources.subList(from, Math.min(sources.size(), from + batchSize))) {
                    ids.add(t.encode(source));
                }
                SequenceCollate.Padded padded = SequenceCollate.pad(ids, pad);
                long[] begin = new long[ids.size()];
                Arrays.fill(begin, bos);
                DateSeq2Seq.State state = model.encode(padded.ids(), padded.lengths());
                for (int[] out : Greedy.decode(model, state, Tensor.of(begin, ids.size(), 1), MAX_OUTPUT, eos)) {
                    result.add(t.decode(out));
                }
            }
        }
        return result;
    }
}
